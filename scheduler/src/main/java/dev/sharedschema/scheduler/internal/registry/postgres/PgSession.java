package dev.sharedschema.scheduler.internal.registry.postgres;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * One connection to the PostgreSQL registry, through plain {@code java.sql} (the scheduler has no
 * compile dependency on PostgreSQL's driver). Every unit of work is one transaction; a connection
 * that broke (SQLState class 08, or closed) is replaced before the next unit, which the caller's
 * loop retries — every write is conditional on the state it moves from, so a retry after an unknown
 * outcome changes nothing twice.
 */
final class PgSession implements AutoCloseable {
  /** The artifact that brings the driver, named in the error when it is missing. */
  static final String ARTIFACT = "org.postgresql:postgresql";

  /** Work inside one transaction. */
  @FunctionalInterface
  interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  private final String url;
  private Connection connection;

  PgSession(String url) throws SQLException {
    this.url = url;
    this.connection = connect(url);
  }

  /**
   * Opens {@code url}; when no JDBC driver accepts it (PostgreSQL's is not on the class path), says
   * which artifact to add.
   */
  static Connection connect(String url) throws SQLException {
    Driver driver;
    try {
      driver = DriverManager.getDriver(url);
    } catch (SQLException e) {
      throw new SQLException(
          "no JDBC driver for the registry URL "
              + redacted(url)
              + " is on the class path: a PostgreSQL registry needs PostgreSQL's JDBC driver,"
              + " the Maven artifact "
              + ARTIFACT
              + " (42.7 or later). Add it to the application's dependencies (or -cp), or drop"
              + " shared_schema_registry to keep the registry in the SQLite file beside the schema"
              + " database.",
          "08001",
          e);
    }
    Connection c = DriverManager.getConnection(url);
    if (c == null) {
      throw new SQLException(driver + " did not accept " + redacted(url), "08001");
    }
    c.setAutoCommit(false);
    return c;
  }

  /** The URL without its query (which may hold a password), for messages. */
  static String redacted(String url) {
    int q = url.indexOf('?');
    return q < 0 ? url : url.substring(0, q) + "?…";
  }

  String url() {
    return url;
  }

  synchronized <T> T tx(Work<T> work) throws SQLException {
    Connection c = live();
    try {
      T result = work.run(c);
      c.commit();
      return result;
    } catch (SQLException | RuntimeException | Error e) {
      rollback(c, e);
      throw e;
    }
  }

  private Connection live() throws SQLException {
    if (connection == null || connection.isClosed()) {
      connection = connect(url);
    }
    return connection;
  }

  private void rollback(Connection c, Throwable cause) {
    try {
      c.rollback();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
    if (cause instanceof SQLException s
        && s.getSQLState() != null
        && s.getSQLState().startsWith("08")) {
      closeQuietly(c);
      connection = null; // broken: the next unit of work opens a new one
    }
  }

  static void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (SQLException ignored) {
      // A connection that cannot close is gone either way.
    }
  }

  static void exec(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }

  @Override
  public synchronized void close() {
    if (connection != null) {
      closeQuietly(connection);
      connection = null;
    }
  }
}
