package dev.sharedschema.driver.internal.schema;

import dev.sharedschema.driver.internal.Refusal;
import dev.sharedschema.scheduler.MigrationStatement;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The writes of a {@code setAutoCommit(false)} transaction on a schema connection, run at once in a
 * real transaction on the schema database and kept for {@code commit()}; and whether that
 * transaction still exists. When SQLite ends it on its own ({@link RollbackWatch}), the kept writes
 * are dropped and every later statement is refused ({@code 25000}) until {@code rollback()}: no
 * write may run outside the transaction, where it would commit into the schema database alone.
 */
final class ManualTransaction {
  /** A write run on the schema database's connection. */
  public interface Work<T> {
    T run() throws SQLException;
  }

  private final Connection delegate;
  private final String database;
  private final RollbackWatch rollbacks;
  private final List<MigrationStatement> pending = new ArrayList<>();
  private String endedBy;

  ManualTransaction(Connection delegate, String database) throws SQLException {
    this.delegate = delegate;
    this.database = database;
    this.rollbacks = RollbackWatch.on(delegate);
  }

  /**
   * Throws {@code 25000} when SQLite ended the transaction: one field read, fit for the read path.
   */
  void checkNotEnded() throws SQLException {
    if (endedBy != null) {
      throw ended();
    }
  }

  /** As {@link #checkNotEnded}, and also notices a rollback not yet seen (inside a transaction). */
  void checkOpen() throws SQLException {
    checkNotEnded();
    if (rollbacks.heard()) {
      throw end("SQLite after statement " + pending.size());
    }
  }

  /**
   * Runs write {@code s} here and keeps it for {@code commit()}, unless SQLite ended the
   * transaction before or while it ran.
   */
  <T> T run(MigrationStatement s, Work<T> work) throws SQLException {
    checkOpen();
    String by = "statement " + (pending.size() + 1) + " (" + Refusal.excerpt(s.sql()) + ")";
    T result;
    try {
      result = work.run();
    } catch (SQLException | RuntimeException e) {
      if (rollbacks.heard()) {
        end(by);
      }
      throw e; // SQLite's own error, as sqlite-jdbc reports it
    }
    if (rollbacks.heard()) {
      throw end(by);
    }
    pending.add(s);
    return result;
  }

  /**
   * Runs several writes to local tables sent in autocommit as one transaction on the schema
   * database (a text or batch is all-or-nothing, whether or not it becomes a migration). If SQLite
   * ends that transaction itself, an empty one is opened first, so that sqlite-jdbc's rollback and
   * its return to autocommit have a transaction to end and the connection is left in autocommit.
   */
  <T> T runAlone(Work<T> work) throws SQLException {
    delegate.setAutoCommit(false);
    rollbacks.forget();
    try {
      T result = work.run();
      delegate.commit();
      return result;
    } catch (SQLException | RuntimeException e) {
      try {
        if (rollbacks.heard()) {
          reopen();
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

  private SQLException end(String by) {
    pending.clear();
    endedBy = by;
    // Open a new, empty transaction so that SQLite agrees with sqlite-jdbc again: rollback() then
    // works as usual, and nothing could ever run outside a transaction meanwhile.
    reopen();
    return ended();
  }

  private void reopen() {
    try (Statement st = delegate.createStatement()) {
      st.execute("BEGIN");
    } catch (SQLException alreadyInOne) {
      // A transaction is open after all: that is the state wanted.
    }
    rollbacks.forget();
  }

  private SQLException ended() {
    return new SQLException(
        "the transaction on "
            + database
            + " was rolled back by "
            + endedBy
            + ": SQLite ended it there, so its writes are discarded and nothing will be"
            + " submitted; call rollback() to start a new transaction.",
        "25000");
  }

  /**
   * Before the session rolls back: drops the kept writes, and if SQLite ended the transaction
   * unnoticed so far, opens an empty one again, so that the rollback has a transaction to end.
   */
  void beforeRollback() {
    if (endedBy == null && rollbacks.heard()) {
      end("SQLite after statement " + pending.size());
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
    endedBy = null;
    rollbacks.forget();
  }
}
