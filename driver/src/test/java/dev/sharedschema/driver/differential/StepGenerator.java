package dev.sharedschema.driver.differential;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Seeded random calls against {@link #SCHEMA}: DDL that may or may not apply, DML with every
 * conflict clause, triggers that {@code RAISE} each resolution, failing statements, and the
 * transaction calls (autocommit off and on, commit, rollback, savepoints) in any order.
 */
final class StepGenerator {
  /** The schema every sequence starts from (one migration), with a few rows. */
  static final List<String> SCHEMA =
      List.of(
          "CREATE TABLE a(id INTEGER PRIMARY KEY, v UNIQUE, w)",
          "CREATE TABLE r(id INTEGER PRIMARY KEY, v UNIQUE ON CONFLICT ROLLBACK)",
          "CREATE TABLE g(x)",
          "CREATE TABLE audit(v)",
          "CREATE TRIGGER g_rollback BEFORE INSERT ON g WHEN new.x < 0"
              + " BEGIN SELECT RAISE(ROLLBACK, 'negative'); END",
          "CREATE TRIGGER g_abort BEFORE INSERT ON g WHEN new.x = 0"
              + " BEGIN INSERT INTO audit VALUES ('abort'); SELECT RAISE(ABORT, 'zero'); END",
          "CREATE TRIGGER g_fail AFTER INSERT ON g WHEN new.x = 1"
              + " BEGIN INSERT INTO audit VALUES ('fail'); SELECT RAISE(FAIL, 'one'); END",
          "CREATE TRIGGER g_ignore BEFORE INSERT ON g WHEN new.x = 2"
              + " BEGIN SELECT RAISE(IGNORE); END",
          "INSERT INTO a(v, w) VALUES (1, 'x'), (2, 'y')",
          "INSERT INTO r(v) VALUES (1)");

  private final Random r;

  StepGenerator(Random r) {
    this.r = r;
  }

  Step next() {
    int op = r.nextInt(100);
    if (op < 30) {
      return new Step(Step.Call.EXECUTE, statements(1 + r.nextInt(r.nextInt(4) == 0 ? 3 : 1)), 0);
    }
    if (op < 40) {
      return new Step(Step.Call.PREPARED, List.of(statement()), 0);
    }
    if (op < 48) {
      return new Step(Step.Call.BATCH, statements(1 + r.nextInt(3)), 0);
    }
    Step.Call call;
    if (op < 64) {
      call = Step.Call.AUTOCOMMIT_OFF;
    } else if (op < 70) {
      call = Step.Call.AUTOCOMMIT_ON;
    } else if (op < 78) {
      call = Step.Call.COMMIT;
    } else if (op < 85) {
      call = Step.Call.ROLLBACK;
    } else if (op < 91) {
      call = Step.Call.SAVEPOINT;
    } else {
      call = Step.Call.ROLLBACK_TO;
    }
    return new Step(call, List.of(), r.nextInt(4));
  }

  private List<String> statements(int n) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(statement());
    }
    return out;
  }

  private String statement() {
    int k = r.nextInt(5);
    int k2 = r.nextInt(5);
    int i = r.nextInt(3);
    return switch (r.nextInt(30)) {
      case 0, 1 -> "INSERT INTO a(v, w) VALUES (" + k + ", 'w" + k2 + "')";
      case 2, 3 -> "INSERT OR ROLLBACK INTO a(v) VALUES (" + k + ")";
      case 4 -> "INSERT OR FAIL INTO a(v) VALUES (" + k + "), (" + k2 + ")";
      case 5 -> "INSERT OR IGNORE INTO a(v) VALUES (" + k + ")";
      case 6 -> "INSERT OR REPLACE INTO a(v, w) VALUES (" + k + ", 'r')";
      case 7 -> "UPDATE a SET w = 'u" + k2 + "' WHERE v = " + k;
      case 8 -> "UPDATE OR ROLLBACK a SET v = " + k + " WHERE id = " + k2;
      case 9 -> "UPDATE OR FAIL a SET v = " + k + " WHERE id >= " + k2;
      case 10 -> "DELETE FROM a WHERE v = " + k;
      case 11, 12 -> "INSERT INTO r(v) VALUES (" + k + ")";
      case 13, 14, 15 -> "INSERT INTO g VALUES (" + (k - 1) + ")";
      case 16 -> "INSERT INTO audit VALUES ('n" + k + "')";
      case 17 -> "CREATE TABLE IF NOT EXISTS n" + i + "(x)";
      case 18 -> "CREATE TABLE n" + i + "(x)";
      case 19 -> "DROP TABLE IF EXISTS n" + i;
      case 20 -> "ALTER TABLE a ADD COLUMN c" + i;
      case 21 -> "CREATE INDEX IF NOT EXISTS a_w ON a(w)";
      case 22 -> "CREATE UNIQUE INDEX a_w_u ON a(w)";
      case 23 -> "DROP INDEX IF EXISTS a_w";
      case 24 ->
          "CREATE TRIGGER IF NOT EXISTS a_ins AFTER INSERT ON a"
              + " BEGIN INSERT INTO audit VALUES (new.v); END";
      case 25 -> "DROP TRIGGER IF EXISTS a_ins";
      case 26 -> "PRAGMA user_version = " + k;
      case 27 -> "INSERT INTO missing VALUES (1)";
      case 28 -> "UPDATE a SET nosuch = 1";
      default -> "INSERT INTO a(v) SELECT max(v) + 10 FROM a";
    };
  }
}
