package dev.sharedschema.driver.internal.schema;

import dev.sharedschema.driver.internal.Refusal;
import dev.sharedschema.scheduler.MigrationStatement;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.sqlite.SQLiteConnection;
import org.sqlite.core.DB;

/**
 * The writes of a {@code setAutoCommit(false)} transaction on a schema connection, run at once in a
 * real transaction on the schema database and kept for {@code commit()}; and whether that
 * transaction can still be committed. It cannot once SQLite ended it on its own ({@link
 * RollbackWatch}): a write would then run outside any transaction and commit into the schema
 * database alone. Nor once a failed statement left changes behind: {@code commit()} replays the
 * statements that succeeded, so it would not submit them. Either way the kept writes are dropped
 * and every later statement is refused ({@code 25000}) until {@code rollback()}.
 */
final class ManualTransaction {
  /** A write run on the schema database's connection. */
  public interface Work<T> {
    T run() throws SQLException;
  }

  private final Connection delegate;
  private final DB sqlite;
  private final String database;
  private final RollbackWatch rollbacks;
  private final List<MigrationStatement> pending = new ArrayList<>();
  private String unusable;

  ManualTransaction(Connection delegate, RollbackWatch rollbacks, String database)
      throws SQLException {
    this.delegate = delegate;
    this.sqlite = delegate.unwrap(SQLiteConnection.class).getDatabase();
    this.database = database;
    this.rollbacks = rollbacks;
  }

  /**
   * Throws {@code 25000} when the transaction can no longer be committed: one field read, fit for
   * the read path.
   */
  void checkNotEnded() throws SQLException {
    if (unusable != null) {
      throw new SQLException(
          "the transaction on "
              + database
              + " "
              + unusable
              + "; call rollback() to start a new transaction.",
          "25000");
    }
  }

  /** As {@link #checkNotEnded}, and also notices a rollback not yet seen (inside a transaction). */
  void checkOpen() throws SQLException {
    checkNotEnded();
    if (rollbacks.heard()) {
      rolledBack("by SQLite after statement " + pending.size());
      checkNotEnded();
    }
  }

  /**
   * Runs write {@code s} here and keeps it for {@code commit()}, unless SQLite ended the
   * transaction before or while it ran, or it failed after changing rows.
   */
  <T> T run(MigrationStatement s, Work<T> work) throws SQLException {
    checkOpen();
    String statement = "statement " + (pending.size() + 1) + " (" + Refusal.excerpt(s.sql()) + ")";
    // total_changes counts rows changed by statements that completed, triggers' included, and
    // not those of a statement whose changes were undone (ABORT): a failed statement that moved it
    // left rows behind (FAIL keeps them) — or, conservatively, had a trigger change rows first.
    long changes = sqlite.total_changes();
    T result;
    try {
      result = work.run();
    } catch (SQLException | RuntimeException e) {
      if (rollbacks.heard()) {
        rolledBack("by " + statement);
      } else if (sqlite.total_changes() != changes) {
        pending.clear();
        unusable =
            "cannot be committed: "
                + statement
                + " failed after changing rows (an OR FAIL resolution, RAISE(FAIL), or a trigger"
                + " that ran before the failure), which SQLite keeps but commit() would not submit";
      }
      throw e; // SQLite's own error, as sqlite-jdbc reports it
    }
    if (rollbacks.heard()) {
      rolledBack("by " + statement);
      checkNotEnded();
    }
    pending.add(s);
    return result;
  }

  private void rolledBack(String by) {
    pending.clear();
    unusable =
        "was rolled back "
            + by
            + ": SQLite ended it there, so its writes are discarded and commit() submits nothing";
    // Open a new, empty transaction so that SQLite agrees with sqlite-jdbc again: rollback() then
    // works as usual, and nothing could ever run outside a transaction meanwhile.
    reopen();
  }

  private void reopen() {
    try (Statement st = delegate.createStatement()) {
      st.execute("BEGIN");
    } catch (SQLException alreadyInOne) {
      // A transaction is open after all: that is the state wanted.
    }
    rollbacks.forget();
  }

  /**
   * Before the session rolls back: drops the kept writes, and if SQLite ended the transaction
   * unnoticed so far, opens an empty one again, so that the rollback has a transaction to end.
   */
  void beforeRollback() {
    if (unusable == null && rollbacks.heard()) {
      rolledBack("by SQLite after statement " + pending.size());
    }
    pending.clear();
  }

  /** How many writes are kept: a savepoint remembers this. */
  int mark() {
    return pending.size();
  }

  /** Drops the writes kept after {@code mark} (rollback to a savepoint). */
  void rollbackTo(int mark) {
    pending.subList(Math.min(mark, pending.size()), pending.size()).clear();
  }

  /** True when no write is kept. */
  boolean isEmpty() {
    return pending.isEmpty();
  }

  /** The kept writes, which are forgotten here; the caller ends the real transaction. */
  List<MigrationStatement> take() {
    List<MigrationStatement> out = List.copyOf(pending);
    pending.clear();
    return out;
  }

  /**
   * Called right after the session itself started, committed or rolled back the real transaction:
   * rollbacks heard so far were its own.
   */
  void restarted() {
    pending.clear();
    unusable = null;
    rollbacks.forget();
  }
}
