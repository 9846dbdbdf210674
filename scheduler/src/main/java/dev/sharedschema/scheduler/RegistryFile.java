package dev.sharedschema.scheduler;

import dev.sharedschema.scheduler.internal.AppliedTable;
import dev.sharedschema.scheduler.internal.SqliteFiles;
import dev.sharedschema.scheduler.internal.registry.SqliteRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Optional;

/**
 * The registry file beside a schema database, {@code <schema file>.sharedschema}. Its presence is
 * what makes a file a schema database (DESIGN.md §7).
 */
public final class RegistryFile {
  /** Appended to the schema database's file name. */
  public static final String SUFFIX = SqliteFiles.REGISTRY_SUFFIX;

  /** Opens the registry file of a schema database: the default {@link RegistryProvider}. */
  public static final RegistryProvider PROVIDER = RegistryFile::open;

  private RegistryFile() {}

  /** The registry path for {@code schemaDatabase} (beside its canonical path). */
  public static Path pathFor(Path schemaDatabase) {
    return SqliteFiles.registryOf(CanonicalPath.of(schemaDatabase));
  }

  /** True when {@code schemaDatabase} has a registry, i.e. is a schema database. */
  public static boolean existsFor(Path schemaDatabase) {
    return Files.isRegularFile(pathFor(schemaDatabase));
  }

  /**
   * Opens the registry of {@code schemaDatabase}, creating it (with a new random id) if missing. A
   * linked database is never made a schema database (DESIGN.md §7 "Identities").
   *
   * @throws LinkRefusedException ({@code 08004}) when the file is a linked database
   */
  public static Registry openOrCreate(Path schemaDatabase, Clock clock) throws SQLException {
    return openOrCreate(schemaDatabase, SchedulerOptions.DEFAULTS.withClock(clock));
  }

  /** As {@link #openOrCreate(Path, Clock)}, with a scheduler's options (busy timeout, hooks). */
  public static Registry openOrCreate(Path schemaDatabase, SchedulerOptions options)
      throws SQLException {
    Path schema = CanonicalPath.of(schemaDatabase);
    if (!existsFor(schema)) {
      Optional<LinkRecord> link = linkOf(schema);
      if (link.isPresent()) {
        throw new LinkRefusedException(
            schema,
            "it is a linked database of the schema database "
                + link.get().schemaDatabase()
                + ", and a linked database never becomes a schema database (its schema comes from"
                + " there). Send schema changes to "
                + link.get().schemaDatabase()
                + "; to start a new fleet from a copy of it, unlink the copy first.",
            "cannot make " + schema + " a schema database");
      }
    }
    return SqliteRegistry.open(schema, true, options);
  }

  /**
   * Opens the existing registry of {@code schemaDatabase}.
   *
   * @throws NotASchemaDatabaseException when there is none
   */
  public static Registry open(Path schemaDatabase, Clock clock) throws SQLException {
    return open(schemaDatabase, SchedulerOptions.DEFAULTS.withClock(clock));
  }

  /** As {@link #open(Path, Clock)}, with a scheduler's options (busy timeout, hooks). */
  public static Registry open(Path schemaDatabase, SchedulerOptions options) throws SQLException {
    Path schema = CanonicalPath.of(schemaDatabase);
    if (!existsFor(schema)) {
      throw new NotASchemaDatabaseException(schema, linkOf(schema).map(LinkRecord::schemaDatabase));
    }
    return SqliteRegistry.open(schema, false, options);
  }

  /** The link mark in {@code file}, when it is an existing SQLite file that carries one. */
  static Optional<LinkRecord> linkOf(Path file) {
    try {
      if (!Files.isRegularFile(file) || Files.size(file) == 0) {
        return Optional.empty();
      }
    } catch (IOException e) {
      return Optional.empty();
    }
    try (Connection c = SqliteFiles.openReadOnly(file)) {
      return AppliedTable.readLink(c, file);
    } catch (SQLException e) {
      return Optional.empty(); // not a database: whatever opens it next says so
    }
  }
}
