package dev.sharedschema.cli;

import dev.sharedschema.driver.SharedSchema;
import dev.sharedschema.scheduler.RegistryFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import picocli.CommandLine.Parameters;

/**
 * The {@code SCHEMA_DB} argument every fleet command takes first. Opening it checks the file before
 * the driver does, so that a typo in the path reads as one clear line rather than a JDBC error.
 */
final class SchemaDatabaseParameter {
  @Parameters(
      index = "0",
      paramLabel = "SCHEMA_DB",
      description = "The schema database (its registry SCHEMA_DB.sharedschema lies beside it).")
  Path path;

  /** The schema database, absolute and normalised. */
  Path path() {
    return path.toAbsolutePath().normalize();
  }

  /**
   * Opens the schema database; the caller closes it.
   *
   * @throws SQLException with a message saying what is wrong and what to do
   */
  SharedSchema open() throws SQLException {
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
      return SharedSchema.open(p);
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
