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
