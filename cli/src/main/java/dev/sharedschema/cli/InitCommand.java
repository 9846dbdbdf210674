package dev.sharedschema.cli;

import dev.sharedschema.driver.SharedSchema;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sharedschema init SCHEMA_DB}: make (or open) a schema database. */
@Command(
    name = "init",
    mixinStandardHelpOptions = true,
    description = "Make (or open) a schema database: creates SCHEMA_DB and its registry SCHEMA_DB.sharedschema if missing.")
final class InitCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "SCHEMA_DB", description = "The schema database file.")
  Path schemaDb;

  @Override
  public Integer call() {
    try (SharedSchema s = SharedSchema.init(schemaDb)) {
      spec.commandLine().getOut().println("schema database " + s.schemaDatabase() + " is ready (" + s.links().size() + " linked)");
      return 0;
    } catch (SQLException e) {
      spec.commandLine().getErr().println("sharedschema init: " + e.getMessage());
      return 1;
    }
  }
}
