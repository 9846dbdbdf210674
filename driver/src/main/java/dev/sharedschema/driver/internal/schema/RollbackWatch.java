package dev.sharedschema.driver.internal.schema;

import java.sql.Connection;
import java.sql.SQLException;
import org.sqlite.SQLiteCommitListener;
import org.sqlite.SQLiteConnection;

/**
 * Hears SQLite roll back a transaction of the schema connection. Inside {@code
 * setAutoCommit(false)}, SQLite may end the transaction on its own — a conflict clause {@code
 * ROLLBACK} ({@code INSERT OR ROLLBACK}, a column's {@code ON CONFLICT ROLLBACK}), {@code
 * RAISE(ROLLBACK, …)} in a trigger, and some I/O, memory or interrupt errors — while sqlite-jdbc
 * still believes one is open; the next write would then commit straight into the schema database.
 *
 * <p>sqlite-jdbc exposes neither {@code sqlite3_get_autocommit} nor a flag of its own, but its
 * commit listener is SQLite's {@code sqlite3_rollback_hook}, which fires for every rollback of a
 * transaction, explicit or implicit (not for {@code ROLLBACK TO} a savepoint), on the thread that
 * runs the statement, before the statement returns. So a rollback heard since the session last
 * started or ended a transaction itself is one SQLite made: the transaction is gone. It costs
 * nothing per statement: the hook only runs when a transaction ends (reads in autocommit make no
 * write transaction, so no call).
 */
final class RollbackWatch implements SQLiteCommitListener {
  private boolean heard;

  private RollbackWatch() {}

  /** Starts listening on the sqlite-jdbc connection under {@code delegate}. */
  static RollbackWatch on(Connection delegate) throws SQLException {
    RollbackWatch w = new RollbackWatch();
    delegate.unwrap(SQLiteConnection.class).addCommitListener(w);
    return w;
  }

  @Override
  public void onCommit() {}

  @Override
  public void onRollback() {
    heard = true;
  }

  /** True when a transaction was rolled back since {@link #forget}. */
  boolean heard() {
    return heard;
  }

  /** Called after the session itself started or ended a transaction. */
  void forget() {
    heard = false;
  }
}
