package dev.sharedschema.scheduler.internal;

import dev.sharedschema.scheduler.FleetHistory;
import dev.sharedschema.scheduler.Registry;
import dev.sharedschema.scheduler.SchemaFingerprint;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.sqlite.SQLiteConnection;

/**
 * The schema database as of one finished job, read consistently: its file (or its schema) and the
 * fleet's history at that moment. Taken under a read lock on the schema database, which no job's
 * final step can commit past, so the two agree: a new linked database copied or compared now holds
 * exactly the fleet's state as of {@link #history()}'s head. The registry is read while that lock
 * is held; a final step takes the schema database's lock before the registry's, so this never
 * deadlocks with one.
 *
 * @param history the fleet's finished jobs when the snapshot was taken
 * @param copy a private copy of the schema file (the caller deletes it), or null
 * @param schema the schema database's schema, or null
 */
public record SchemaSnapshot(FleetHistory history, Path copy, SchemaFingerprint schema) {

  /** Copies the schema file to {@code copy}. */
  public static SchemaSnapshot copy(Registry registry, BusyRetry retry, Path copy)
      throws SQLException {
    return take(registry, retry, copy, false);
  }

  /** Reads the schema database's schema. */
  public static SchemaSnapshot schema(Registry registry, BusyRetry retry) throws SQLException {
    return take(registry, retry, null, true);
  }

  /**
   * Copies the database open on {@code c} to {@code copy} with SQLite's backup API, inside the
   * caller's read transaction. Never with a plain file copy: POSIX locks belong to the process, and
   * closing any descriptor of the file would drop every lock this JVM's connections hold on it (a
   * reader's, a final step's), letting another process write under them.
   */
  private static void copyThroughSqlite(Connection c, Path copy) throws SQLException {
    int rc = c.unwrap(SQLiteConnection.class).getDatabase().backup("main", copy.toString(), null);
    if (rc != SQLITE_OK) {
      throw new SQLException(
          "cannot copy the schema database to " + copy + ": SQLite result code " + rc, null, rc);
    }
  }

  private static final int SQLITE_OK = 0;

  private static SchemaSnapshot take(
      Registry registry, BusyRetry retry, Path copy, boolean readSchema) throws SQLException {
    Path schema = registry.schemaDatabase();
    try (Connection c = SqliteFiles.openExisting(schema)) {
      // A WAL file holds committed pages the main file does not have yet: a copy would miss them.
      RollbackJournal.restore(c, "main", schema);
      return retry.run(
          () ->
              Transactions.deferred(
                  c,
                  () -> {
                    try (Statement st = c.createStatement()) {
                      st.executeQuery("SELECT count(*) FROM main.sqlite_master").close();
                    }
                    if (!RollbackJournal.isKept(c, "main")) {
                      throw new SQLException(
                          schema + " was switched to WAL mode while being copied", "0A000");
                    }
                    FleetHistory h = registry.history();
                    SchemaFingerprint fingerprint = readSchema ? SchemaFingerprint.read(c) : null;
                    if (copy != null) {
                      copyThroughSqlite(c, copy);
                    }
                    return new SchemaSnapshot(h, copy, fingerprint);
                  }));
    }
  }
}
