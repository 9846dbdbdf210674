package dev.sharedschema.cli;

import dev.sharedschema.driver.SharedSchema;
import dev.sharedschema.scheduler.NodeSettings;
import dev.sharedschema.scheduler.RegistryFile;
import dev.sharedschema.scheduler.SchedulerOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The {@code SCHEMA_DB} argument every fleet command takes first, with the scale-out options {@code
 * --registry} and {@code --node} (docs/scale-out.md). Opening it checks the file before the driver
 * does, so that a typo in the path reads as one clear line rather than a JDBC error. On a node
 * without the schema database, SCHEMA_DB is the registry's {@code jdbc:postgresql:} URL.
 */
final class SchemaDatabaseParameter {
  private static final String REGISTRY_PREFIX = "jdbc:postgresql:";

  @Parameters(
      index = "0",
      paramLabel = "SCHEMA_DB",
      description =
          "The schema database (its registry SCHEMA_DB.sharedschema lies beside it); on a node of"
              + " a scale-out fleet without the schema database: the registry's jdbc:postgresql:"
              + " URL.")
  String given;

  @Option(
      names = "--registry",
      paramLabel = "URL",
      description =
          "The fleet's registry in PostgreSQL (jdbc:postgresql://…), for a fleet spread over"
              + " several machines; needs org.postgresql:postgresql on the class path.")
  String registry;

  @Option(
      names = "--node",
      paramLabel = "NAME",
      description = "This machine's node name in a scale-out fleet (default: the host name).")
  String node;

  /** The schema database, absolute and normalised. */
  Path path() {
    return Path.of(given).toAbsolutePath().normalize();
  }

  /** The scale-out settings when a registry URL was given, else null. */
  NodeSettings nodeSettings() {
    String url = given.startsWith(REGISTRY_PREFIX) ? given : registry;
    return url == null ? null : new NodeSettings(url, node, null);
  }

  /**
   * Opens the schema database, or, given a registry URL instead, the fleet as this node; the caller
   * closes it.
   *
   * @throws SQLException with a message saying what is wrong and what to do
   */
  SharedSchema open() throws SQLException {
    if (given.startsWith(REGISTRY_PREFIX)) {
      return SharedSchema.openNode(nodeSettings(), SchedulerOptions.DEFAULTS);
    }
    Path p = path();
    if (Files.isDirectory(p)) {
      throw new SQLException(p + " is a directory, not a schema database", "08001");
    }
    if (!Files.exists(p)) {
      if (RegistryFile.existsFor(p)) {
        throw new SQLException(
            "the schema database "
                + p
                + " does not exist, but its registry "
                + RegistryFile.pathFor(p).getFileName()
                + " does: restore the schema database beside it",
            "08001");
      }
      throw new SQLException(
          "no schema database at "
              + p
              + ": the file does not exist (make one with `sharedschema init "
              + p
              + "`)",
          "08001");
    }
    if (!Files.isReadable(p)) {
      throw new SQLException(
          "cannot read the schema database " + p + ": permission denied", "08001");
    }
    try {
      NodeSettings scaleOut = nodeSettings();
      return scaleOut == null
          ? SharedSchema.open(p)
          : SharedSchema.open(p, SchedulerOptions.DEFAULTS.withRegistry(scaleOut.provider()));
    } catch (SQLException e) {
      if (e.getSQLState() != null && e.getSQLState().equals("08001")) {
        throw e;
      }
      throw new SQLException(
          "cannot open the schema database " + p + ": " + e.getMessage(),
          e.getSQLState(),
          e.getErrorCode(),
          e);
    }
  }
}
