package dev.sharedschema.scheduler;

import dev.sharedschema.scheduler.internal.SqliteFiles;
import dev.sharedschema.scheduler.internal.SqliteRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;

/**
 * The registry file beside a schema database, {@code <schema file>.sharedschema}. Its presence is
 * what makes a file a schema database (DESIGN.md §7).
 */
public final class RegistryFile {
  /** Appended to the schema database's file name. */
  public static final String SUFFIX = SqliteFiles.REGISTRY_SUFFIX;

  private RegistryFile() {}

  /** The registry path for {@code schemaDatabase}. */
  public static Path pathFor(Path schemaDatabase) {
    return SqliteFiles.registryOf(schemaDatabase);
  }

  /** True when {@code schemaDatabase} has a registry, i.e. is a schema database. */
  public static boolean existsFor(Path schemaDatabase) {
    return Files.isRegularFile(pathFor(schemaDatabase));
  }

  /**
   * Opens the registry of {@code schemaDatabase}, creating it (with a new random id) if missing.
   */
  public static Registry openOrCreate(Path schemaDatabase, Clock clock) throws SQLException {
    return SqliteRegistry.open(schemaDatabase, true, clock);
  }

  /**
   * Opens the existing registry of {@code schemaDatabase}.
   *
   * @throws NotASchemaDatabaseException when there is none
   */
  public static Registry open(Path schemaDatabase, Clock clock) throws SQLException {
    if (!existsFor(schemaDatabase)) {
      throw new NotASchemaDatabaseException(schemaDatabase);
    }
    return SqliteRegistry.open(schemaDatabase, false, clock);
  }
}
