package dev.sharedschema.driver.internal.schema;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Whether a schema connection may write, and if not, why: opened read-only ({@code open_mode=1},
 * {@code file:…?mode=ro}, …), for good, or made so with {@code setReadOnly(true)}. The gate refuses
 * every write of a read-only connection ({@code 25006}) before any job.
 */
final class ReadOnlyMode {
  private final Connection delegate;
  private final String opened;
  private String why;

  /**
   * @param opened what opened the connection read-only, for messages; {@code null} when it opened
   *     read-write
   */
  ReadOnlyMode(Connection delegate, String opened) {
    this.delegate = delegate;
    this.opened = opened;
    this.why = opened;
  }

  /** Why the connection refuses writes; {@code null} when it may write. */
  String why() {
    return why;
  }

  /**
   * {@code Connection.setReadOnly}. {@code PRAGMA query_only} also makes SQLite refuse what would
   * write this file locally ({@code VACUUM}, …), which no migration does.
   *
   * @param transactionHasWrites JDBC forbids the change inside a transaction; it matters once the
   *     transaction holds writes that {@code commit()} would submit
   */
  void set(boolean on, boolean transactionHasWrites) throws SQLException {
    if (opened != null) {
      if (!on) {
        throw new SQLException(
            "this schema connection was opened read-only ("
                + opened
                + ") and cannot be made writable. Open a connection without it to write.",
            "25006");
      }
      return;
    }
    if (transactionHasWrites) {
      throw new SQLException(
          "cannot change read-only mode inside a transaction that has writes: commit() or"
              + " rollback() first",
          "25001");
    }
    try (Statement st = delegate.createStatement()) {
      st.execute("PRAGMA query_only = " + (on ? "1" : "0"));
    }
    why = on ? "setReadOnly(true)" : null;
  }
}
