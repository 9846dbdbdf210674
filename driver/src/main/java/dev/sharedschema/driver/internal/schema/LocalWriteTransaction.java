package dev.sharedschema.driver.internal.schema;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Runs several writes to local tables ({@code shared_schema_local_tables}) sent in autocommit as
 * one transaction on the schema database: a text or batch is all-or-nothing on a schema connection,
 * whether or not it becomes a migration. If SQLite ends that transaction itself (a {@code ROLLBACK}
 * conflict clause), an empty one is opened first, so that sqlite-jdbc's rollback and its return to
 * autocommit have a transaction to end: the connection is left in autocommit, with SQLite's error
 * reported rather than "cannot commit - no transaction is active".
 */
final class LocalWriteTransaction {
  private final Connection delegate;
  private final RollbackWatch rollbacks;

  LocalWriteTransaction(Connection delegate, RollbackWatch rollbacks) {
    this.delegate = delegate;
    this.rollbacks = rollbacks;
  }

  <T> T run(ManualTransaction.Work<T> work) throws SQLException {
    delegate.setAutoCommit(false);
    rollbacks.forget();
    try {
      T result = work.run();
      delegate.commit();
      return result;
    } catch (SQLException | RuntimeException e) {
      try {
        if (rollbacks.heard()) {
          try (Statement st = delegate.createStatement()) {
            st.execute("BEGIN");
          }
        }
        delegate.rollback();
      } catch (SQLException r) {
        e.addSuppressed(r);
      }
      throw e;
    } finally {
      delegate.setAutoCommit(true);
      rollbacks.forget();
    }
  }
}
