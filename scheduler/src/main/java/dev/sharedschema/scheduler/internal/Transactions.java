package dev.sharedschema.scheduler.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * {@code BEGIN IMMEDIATE} (or {@code EXCLUSIVE}) … {@code COMMIT} around a body, rolled back on any
 * failure.
 */
public final class Transactions {
  private Transactions() {}

  /** A body that runs inside a transaction. */
  @FunctionalInterface
  public interface Body<T> {
    T run() throws SQLException;
  }

  /**
   * Runs {@code body} in an immediate transaction on an autocommit connection. Immediate, so that
   * the write lock is taken up front and a busy database fails at BEGIN (retried by the busy
   * timeout), never half-way between a read and a write.
   */
  public static <T> T immediate(Connection c, Body<T> body) throws SQLException {
    return begin(c, "BEGIN IMMEDIATE", body);
  }

  /**
   * As {@link #immediate}, and in a rollback-journal database also keeps readers out until the
   * commit (see {@link TaskApplier} for why linked databases are migrated so).
   */
  public static <T> T exclusive(Connection c, Body<T> body) throws SQLException {
    return begin(c, "BEGIN EXCLUSIVE", body);
  }

  /** Runs {@code body} in a read transaction, so that its reads see one state. */
  public static <T> T deferred(Connection c, Body<T> body) throws SQLException {
    return begin(c, "BEGIN DEFERRED", body);
  }

  /**
   * Runs {@code body} in a transaction that is always rolled back: a dry run, begun {@code
   * EXCLUSIVE} (a linked database, see {@link TaskApplier}) or {@code IMMEDIATE}. When the body
   * fails, its error is thrown, never one from the rollback (SQLite may have rolled back already,
   * e.g. after SQLITE_FULL, and "no transaction is active" would hide the cause).
   */
  public static <T> T rolledBack(Connection c, boolean exclusive, Body<T> body)
      throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute(exclusive ? "BEGIN EXCLUSIVE" : "BEGIN IMMEDIATE");
      T result;
      try {
        result = body.run();
      } catch (SQLException | RuntimeException | Error e) {
        rollbackQuietly(c);
        throw e;
      }
      st.execute("ROLLBACK");
      return result;
    }
  }

  private static <T> T begin(Connection c, String begin, Body<T> body) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute(begin);
      try {
        T result = body.run();
        st.execute("COMMIT");
        return result;
      } catch (SQLException | RuntimeException | Error e) {
        rollbackQuietly(c);
        throw e;
      }
    }
  }

  /**
   * Rolls back if a transaction is open; a failure to roll back is added to nothing and ignored.
   */
  public static void rollbackQuietly(Connection c) {
    try (Statement st = c.createStatement()) {
      st.execute("ROLLBACK");
    } catch (SQLException ignored) {
      // No transaction was open, or the connection is gone: either way nothing is left to undo.
    }
  }
}
