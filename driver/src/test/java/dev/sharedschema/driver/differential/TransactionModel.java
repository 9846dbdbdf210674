package dev.sharedschema.driver.differential;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.sqlite.SQLiteCommitListener;
import org.sqlite.SQLiteConnection;

/**
 * The contract of a schema connection, played on plain sqlite-jdbc: a file that starts as a copy of
 * the schema database, a connection that runs each call the way the contract says its result must
 * look, and what the call must return. Autocommit writes are one all-or-nothing transaction each
 * (and one job when they succeed); a manual transaction runs its writes at once, and its commit is
 * one job when it kept a write; a write after which SQLite ended the transaction (a {@code
 * ROLLBACK} resolution) or kept part of a failed statement ({@code FAIL}) leaves it unusable
 * ({@code 25000}) until {@code rollback()}. Transactions are driven by SQL text on a connection in
 * JDBC autocommit, so sqlite-jdbc's own bookkeeping plays no part.
 */
final class TransactionModel implements AutoCloseable {
  /** What a call must do on the schema connection. */
  enum Outcome {
    OK,
    /** Throw {@code 25000}: SQLite ended the transaction, or kept part of a failed statement. */
    ENDED,
    /** Throw an SQLException (SQLite's error, or a JDBC misuse such as commit in autocommit). */
    FAILS
  }

  private final Connection o;
  private final SQLiteConnection sqlite;
  private boolean rolledBack;
  private boolean manual;
  private boolean ended;
  private int pending;
  private final List<Integer> marks = new ArrayList<>();
  private final List<Boolean> live = new ArrayList<>();
  private int jobs;

  TransactionModel(Path file) throws SQLException {
    o = DriverManager.getConnection("jdbc:sqlite:" + file);
    sqlite = o.unwrap(SQLiteConnection.class);
    sqlite.addCommitListener(
        new SQLiteCommitListener() {
          @Override
          public void onCommit() {}

          @Override
          public void onRollback() {
            rolledBack = true;
          }
        });
  }

  /** Jobs the schema connection must have made so far. */
  int jobs() {
    return jobs;
  }

  /** Savepoints set so far, stale ones included (the generator picks among them). */
  int savepoints() {
    return marks.size();
  }

  /** What the model's connection sees, its open transaction included. */
  String state() throws SQLException {
    return DatabaseState.of(o);
  }

  Outcome apply(Step step) throws SQLException {
    return switch (step.call()) {
      case EXECUTE, PREPARED, BATCH -> write(step.statements());
      case AUTOCOMMIT_OFF -> {
        if (!manual) {
          sql("BEGIN");
          manual = true;
          forgetTransaction();
        }
        yield Outcome.OK;
      }
      case AUTOCOMMIT_ON -> {
        if (manual) {
          if (ended) {
            yield Outcome.ENDED;
          }
          commit(false);
          manual = false;
        }
        yield Outcome.OK;
      }
      case COMMIT -> !manual ? Outcome.FAILS : ended ? Outcome.ENDED : commit(true);
      case ROLLBACK -> {
        if (!manual) {
          yield Outcome.FAILS;
        }
        rollback();
        yield Outcome.OK;
      }
      case SAVEPOINT -> {
        if (!manual) {
          yield Outcome.FAILS;
        }
        if (ended) {
          yield Outcome.ENDED;
        }
        sql("SAVEPOINT sp" + marks.size());
        marks.add(pending);
        live.add(true);
        yield Outcome.OK;
      }
      case ROLLBACK_TO -> rollbackTo(step.savepoint() % marks.size());
    };
  }

  private Outcome write(List<String> statements) throws SQLException {
    if (!manual) {
      sql("BEGIN");
      rolledBack = false;
      for (String s : statements) {
        try {
          sql(s);
        } catch (SQLException e) {
          if (!rolledBack) {
            sql("ROLLBACK");
          }
          return Outcome.FAILS;
        }
      }
      sql("COMMIT");
      jobs++;
      return Outcome.OK;
    }
    if (ended) {
      return Outcome.ENDED;
    }
    for (String s : statements) {
      rolledBack = false;
      long before = sqlite.getDatabase().total_changes();
      try {
        sql(s);
      } catch (SQLException e) {
        if (rolledBack) {
          ended = true;
          live.replaceAll(b -> false);
          sql("BEGIN"); // as the driver does: an empty transaction until rollback()
        } else if (sqlite.getDatabase().total_changes() != before) {
          ended = true; // FAIL kept part of the statement: commit() could not submit that
        }
        return Outcome.FAILS;
      }
      pending++;
    }
    return Outcome.OK;
  }

  private Outcome commit(boolean begin) throws SQLException {
    sql("COMMIT");
    if (begin) {
      sql("BEGIN");
    }
    if (pending > 0) {
      jobs++;
    }
    forgetTransaction();
    return Outcome.OK;
  }

  private void rollback() throws SQLException {
    sql("ROLLBACK");
    sql("BEGIN");
    forgetTransaction();
  }

  private Outcome rollbackTo(int k) throws SQLException {
    if (!manual) {
      return Outcome.FAILS; // no savepoint outside a transaction: sqlite-jdbc's error
    }
    if (ended) {
      return Outcome.ENDED;
    }
    if (!live.get(k)) {
      return Outcome.FAILS; // no such savepoint any more: sqlite-jdbc's error
    }
    sql("ROLLBACK TO sp" + k);
    pending = marks.get(k);
    for (int i = k + 1; i < live.size(); i++) {
      live.set(i, false);
    }
    return Outcome.OK;
  }

  /** A new transaction: nothing kept, not ended, earlier savepoints gone. */
  private void forgetTransaction() {
    pending = 0;
    ended = false;
    live.replaceAll(b -> false);
  }

  private void sql(String sql) throws SQLException {
    try (Statement st = o.createStatement()) {
      st.execute(sql);
    }
  }

  @Override
  public void close() throws SQLException {
    o.close();
  }
}
