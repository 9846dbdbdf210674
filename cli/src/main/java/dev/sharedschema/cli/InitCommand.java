package dev.sharedschema.cli;

import dev.sharedschema.driver.SharedSchema;
import dev.sharedschema.scheduler.NodeSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sharedschema init SCHEMA_DB}: make (or open) a schema database. */
@Command(
    name = "init",
    header = "Make (or open) a schema database.",
    description =
        "Creates SCHEMA_DB and its registry SCHEMA_DB.sharedschema if missing; an existing schema database is only opened.")
final class InitCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin HelpOption help;

  @Parameters(paramLabel = "SCHEMA_DB", description = "The schema database file.")
  Path schemaDb;

  @Option(
      names = "--registry",
      paramLabel = "URL",
      description =
          "Keep the fleet's registry in PostgreSQL (jdbc:postgresql://…) for tenants on several"
              + " machines; this machine becomes the schema node (docs/scale-out.md).")
  String registry;

  @Option(
      names = "--node",
      paramLabel = "NAME",
      description = "This machine's node name (default: the host name).")
  String node;

  @Override
  public Integer call() throws SQLException {
    Path p = schemaDb.toAbsolutePath().normalize();
    if (Files.isDirectory(p)) {
      throw new SQLException(
          p + " is a directory; give the path of a schema database file", "08001");
    }
    if (p.getParent() != null && !Files.isDirectory(p.getParent())) {
      throw new SQLException(
          "cannot make " + p + ": the directory " + p.getParent() + " does not exist", "08001");
    }
    try (SharedSchema s =
        registry == null
            ? SharedSchema.init(p)
            : SharedSchema.init(p, new NodeSettings(registry, node, null))) {
      spec.commandLine()
          .getOut()
          .println(
              "schema database "
                  + s.schemaDatabase()
                  + " is ready ("
                  + Units.count(s.links().size(), "linked database")
                  + ")");
      return 0;
    }
  }
}
