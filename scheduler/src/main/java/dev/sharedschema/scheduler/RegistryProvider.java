package dev.sharedschema.scheduler;

import java.nio.file.Path;
import java.sql.SQLException;

/**
 * Opens the registry of a schema database (DESIGN.md §7): the SQLite file beside it by default
 * ({@link RegistryFile#PROVIDER}).
 */
@FunctionalInterface
public interface RegistryProvider {
  /**
   * Opens the existing registry of {@code schemaDatabase} (canonical path).
   *
   * @throws NotASchemaDatabaseException when it has none
   */
  Registry open(Path schemaDatabase, SchedulerOptions options) throws SQLException;
}
