package dev.sharedschema.scheduler.internal;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;
import org.sqlite.JDBC;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteOpenMode;

/**
 * Opens sqlite-jdbc connections to files the scheduler owns, without going through DriverManager.
 */
public final class SqliteFiles {
  private static final JDBC SQLITE = new JDBC();

  /**
   * SQLite's own busy wait per attempt; {@link BusyRetry} loops around it up to the task's timeout,
   * so that a lock SQLite reports at once (a deadlock between upgrading readers) is retried as
   * well.
   */
  private static final int BUSY_SLICE_MS = 1000;

  private static final int SQLITE_NOTADB = 26;

  /** Appended to a schema database's file name to name its registry. */
  public static final String REGISTRY_SUFFIX = ".sharedschema";

  private SqliteFiles() {}

  /** The registry file beside {@code schemaDatabase}. */
  public static Path registryOf(Path schemaDatabase) {
    Path abs = schemaDatabase.toAbsolutePath().normalize();
    return abs.resolveSibling(abs.getFileName() + REGISTRY_SUFFIX);
  }

  /**
   * Opens {@code file} in rollback-journal mode. The registry and the schema database must stay out
   * of WAL: their final step is one transaction across the two files, which SQLite only makes
   * atomic with a rollback journal (DESIGN.md §7).
   */
  public static Connection openJournaled(Path file) throws SQLException {
    Properties p = new Properties();
    p.setProperty("journal_mode", "DELETE");
    p.setProperty("synchronous", "FULL");
    p.setProperty("busy_timeout", "10000");
    return SQLITE.connect("jdbc:sqlite:" + file, p);
  }

  /**
   * Opens an existing {@code file} keeping its own settings; never creates it (SQLite would
   * otherwise make an empty database where a tenant's file went missing).
   */
  public static Connection openExisting(Path file) throws SQLException {
    return openWith(file, SQLiteOpenMode.READWRITE, true);
  }

  /**
   * As {@link #openExisting}, for a task on a linked database: nothing reads generated keys there
   * (the caller gets the schema database's), and sqlite-jdbc would otherwise run {@code SELECT
   * last_insert_rowid()} after every insert, the applied row's included.
   */
  public static Connection openTask(Path file) throws SQLException {
    return openWith(file, SQLiteOpenMode.READWRITE, false);
  }

  /** Opens an existing {@code file} read-only, to look at it without any chance of changing it. */
  public static Connection openReadOnly(Path file) throws SQLException {
    return openWith(file, SQLiteOpenMode.READONLY, true);
  }

  /**
   * Opens {@code file} with only the open flags and the generated-keys switch handed to
   * sqlite-jdbc, and sets the busy slice {@link BusyRetry} loops on through SQLite's C API. Handing
   * it a whole {@code SQLiteConfig} instead makes it run a {@code PRAGMA} statement per setting on
   * every open ({@code busy_timeout}, and {@code transaction_mode}, which SQLite does not even
   * know): a fifth of the cost of opening, paid twice per linked database and migration
   * (docs/benchmarks.md §8).
   */
  private static Connection openWith(Path file, SQLiteOpenMode access, boolean generatedKeys)
      throws SQLException {
    Properties p = new Properties();
    p.setProperty(
        SQLiteConfig.Pragma.OPEN_MODE.pragmaName,
        Integer.toString(access.flag | SQLiteOpenMode.OPEN_URI.flag));
    p.setProperty(
        SQLiteConfig.Pragma.JDBC_GET_GENERATED_KEYS.pragmaName, Boolean.toString(generatedKeys));
    Connection c = SQLITE.connect("jdbc:sqlite:" + file, p);
    try {
      c.unwrap(SQLiteConnection.class).setBusyTimeout(BUSY_SLICE_MS);
      return c;
    } catch (SQLException | RuntimeException e) {
      closeQuietly(c);
      throw e;
    }
  }

  /**
   * Opens a private file that no one else sees yet without a journal or syncs; the caller makes it
   * durable with one fsync before publishing it.
   */
  public static Connection openScratch(Path file) throws SQLException {
    Properties p = new Properties();
    p.setProperty("journal_mode", "OFF");
    p.setProperty("synchronous", "OFF");
    Connection c = SQLITE.connect("jdbc:sqlite:" + file, p);
    return c;
  }

  /** Opens {@code file} keeping its own settings. */
  public static Connection open(Path file) throws SQLException {
    Properties p = new Properties();
    p.setProperty("busy_timeout", "10000");
    return SQLITE.connect("jdbc:sqlite:" + file, p);
  }

  /** True when SQLite said the file is not a database (SQLITE_NOTADB), anywhere in the chain. */
  public static boolean isNotADatabase(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException s && (s.getErrorCode() & 0xff) == SQLITE_NOTADB) {
        return true;
      }
    }
    return false;
  }

  /** Closes {@code c}; a failure to close an idle connection loses nothing and is ignored. */
  public static void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (SQLException ignored) {
      // Nothing is pending on it: the outcome of what ran on it is already decided.
    }
  }

  /**
   * {@code target} written relative to {@code base} when it lies under it, else absolute: a fleet
   * directory moved as a whole keeps resolving.
   */
  public static String portablePath(Path base, Path target) {
    Path b = base.toAbsolutePath().normalize();
    Path t = target.toAbsolutePath().normalize();
    return t.startsWith(b) ? b.relativize(t).toString() : t.toString();
  }

  /** Resolves a path written by {@link #portablePath}. */
  public static Path resolve(Path base, String stored) {
    return base.toAbsolutePath().normalize().resolve(stored).normalize();
  }
}
