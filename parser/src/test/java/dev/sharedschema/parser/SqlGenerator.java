package dev.sharedschema.parser;

import java.util.List;
import java.util.Random;

/** Random SQL for the property tests: statements of known kind, separators, and token soup. */
final class SqlGenerator {
  record Generated(String sql, StatementKind kind) {}

  private static final StatementKind TC = StatementKind.TRANSACTION_CONTROL;
  private static final StatementKind R = StatementKind.READ;
  private static final StatementKind DW = StatementKind.DATA_WRITE;
  private static final StatementKind SC = StatementKind.SCHEMA_CHANGE;
  private static final StatementKind FW = StatementKind.FILE_WRITE;
  private static final StatementKind CL = StatementKind.CONNECTION_LOCAL;

  private static final List<Generated> POOL =
      List.of(
          new Generated("BEGIN", TC),
          new Generated("BEGIN IMMEDIATE TRANSACTION", TC),
          new Generated("BEGIN DEFERRED", TC),
          new Generated("BEGIN EXCLUSIVE", TC),
          new Generated("COMMIT", TC),
          new Generated("COMMIT TRANSACTION", TC),
          new Generated("END", TC),
          new Generated("END TRANSACTION", TC),
          new Generated("ROLLBACK", TC),
          new Generated("ROLLBACK TO SAVEPOINT sp", TC),
          new Generated("SAVEPOINT \"sp;1\"", TC),
          new Generated("RELEASE sp", TC),
          new Generated("SELECT 1", R),
          new Generated("SELECT 'x; COMMIT' AS \"y;z\"", R),
          new Generated("SELECT [BEGIN] FROM [END]", R),
          new Generated("SELECT `commit;` FROM t", R),
          new Generated("SELECT CASE WHEN a THEN 'END' ELSE 'BEGIN' END FROM t", R),
          new Generated("SELECT /* ; END; */ 1", R),
          new Generated("SELECT 1 -- ; COMMIT\n + 2", R),
          new Generated("SELECT $a(b;c), x'00', ?1", R),
          new Generated("VALUES (1), ('BEGIN;')", R),
          new Generated("WITH x AS (SELECT ';') SELECT * FROM x", R),
          new Generated("EXPLAIN DELETE FROM t", R),
          new Generated("EXPLAIN QUERY PLAN SELECT 1", R),
          new Generated("PRAGMA table_info(t)", R),
          new Generated("PRAGMA user_version", R),
          new Generated("INSERT INTO t VALUES ('BEGIN; COMMIT')", DW),
          new Generated("INSERT OR IGNORE INTO t VALUES (1)", DW),
          new Generated("UPDATE t SET a = 'END;'", DW),
          new Generated("DELETE FROM t WHERE \"commit;\" = 1", DW),
          new Generated("REPLACE INTO t VALUES (x'00')", DW),
          new Generated("WITH x AS (SELECT 1) UPDATE t SET a = 1", DW),
          new Generated("INSERT INTO t VALUES (1) ON CONFLICT DO UPDATE SET a = 2 RETURNING *", DW),
          new Generated("CREATE TABLE t (a, \"b;c\") WITHOUT ROWID", SC),
          new Generated("CREATE TABLE s (a INT, b TEXT DEFAULT 'END;') STRICT", SC),
          new Generated("DROP TABLE IF EXISTS t", SC),
          new Generated("ALTER TABLE t RENAME TO u", SC),
          new Generated("CREATE UNIQUE INDEX i ON t(a)", SC),
          new Generated("CREATE VIEW v AS SELECT CASE 1 WHEN 1 THEN 'x' END", SC),
          new Generated("PRAGMA user_version = 3", SC),
          new Generated("ANALYZE", FW),
          new Generated("REINDEX t", FW),
          new Generated("PRAGMA optimize", FW),
          new Generated("VACUUM", CL),
          new Generated("PRAGMA foreign_keys = OFF", CL),
          new Generated("PRAGMA journal_mode = WAL", CL),
          new Generated("ATTACH 'f;COMMIT.db' AS a", StatementKind.ATTACH),
          new Generated("DETACH DATABASE a", StatementKind.DETACH),
          new Generated("hello world", StatementKind.UNKNOWN));

  private static final String[] TRIGGER_NAMES = {"tr", "begin", "end", "\"end;\"", "[commit]"};
  private static final String[] TRIGGER_TABLES = {"t", "begin", "\"x;y\"", "main.t"};
  private static final String[] TRIGGER_COMMANDS = {
    "INSERT INTO log VALUES ('END;');",
    "UPDATE t SET a = CASE WHEN new.a THEN 1 END;",
    "SELECT CASE new.x WHEN 1 THEN 'BEGIN' ELSE (CASE WHEN 1 THEN 2 END) END;",
    "DELETE FROM t WHERE \"end\" = 1;",
    "SELECT 1; /* END; */",
    "-- END;\n SELECT 2;",
    "SELECT RAISE(ABORT, 'COMMIT; END');",
  };
  private static final String[] SEPARATOR_PARTS = {
    " ", "\n", "\t", "\r\n", "\f", ";", "-- x; BEGIN\n", "/* ; COMMIT; END */", "--\n", "/**/"
  };
  private static final String[] SOUP = {
    "SELECT",
    "BEGIN",
    "END",
    "CASE",
    "WHEN",
    "THEN",
    "CREATE",
    "TEMP",
    "TRIGGER",
    "COMMIT",
    "INSERT",
    "INTO",
    "temp.",
    "t",
    "_sharedschema_x",
    "PRAGMA",
    "WITH",
    "(",
    ")",
    ";",
    ";",
    ",",
    ".",
    "=",
    "-",
    "/",
    "*",
    "'",
    "\"",
    "`",
    "[",
    "]",
    "''",
    "x'",
    "$a(",
    "?",
    ":n",
    " ",
    " ",
    "\n",
    "--",
    "/*",
    "*/",
    "'a;b'",
    "\"q;r\"",
    "[s;t]",
    "1",
    "0x",
    "1e+",
    "\0",
    "é",
  };

  private SqlGenerator() {}

  /** A statement of known kind, keyword case shuffled. */
  static Generated statement(Random r) {
    Generated g = r.nextInt(5) == 0 ? trigger(r) : POOL.get(r.nextInt(POOL.size()));
    return new Generated(shuffleCase(r, g.sql()), g.kind());
  }

  private static Generated trigger(Random r) {
    StringBuilder b = new StringBuilder();
    boolean explain = r.nextInt(6) == 0;
    if (explain) {
      b.append(r.nextBoolean() ? "EXPLAIN " : "EXPLAIN QUERY PLAN ");
    }
    b.append("CREATE ").append(r.nextBoolean() ? "" : "TEMP ").append("TRIGGER ");
    b.append(pick(r, TRIGGER_NAMES)).append(" AFTER INSERT ON ").append(pick(r, TRIGGER_TABLES));
    if (r.nextBoolean()) {
      b.append(" WHEN new.begin > 0 AND CASE new.end WHEN 1 THEN 1 END");
    }
    b.append(" BEGIN");
    for (int i = 0, n = 1 + r.nextInt(4); i < n; i++) {
      b.append(r.nextBoolean() ? "\n  " : " ").append(pick(r, TRIGGER_COMMANDS));
    }
    b.append(r.nextBoolean() ? "\nEND" : " END");
    return new Generated(b.toString(), explain ? R : SC);
  }

  /** {@code ;} with blanks, comments and extra semicolons around it. */
  static String separator(Random r) {
    return noise(r) + ";" + noise(r);
  }

  /** Blanks, comments and semicolons: what may surround statements. */
  static String noise(Random r) {
    StringBuilder b = new StringBuilder();
    for (int i = 0, n = r.nextInt(4); i < n; i++) {
      b.append(pick(r, SEPARATOR_PARTS));
    }
    return b.toString();
  }

  /** Fragments of SQL glued at random: unbalanced quotes, comments, triggers and all. */
  static String soup(Random r, int fragments) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < fragments; i++) {
      b.append(pick(r, SOUP));
      if (r.nextInt(3) == 0) {
        b.append(' ');
      }
    }
    return b.toString();
  }

  /**
   * Arbitrary characters: any UTF-16 unit (lone surrogates and NUL included) or SQL punctuation.
   */
  static String chars(Random r, int length) {
    String special = "'\"`[]();-/*\0\n x.$:@#?";
    StringBuilder b = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      b.append(
          switch (r.nextInt(3)) {
            case 0 -> (char) r.nextInt(0x10000);
            case 1 -> special.charAt(r.nextInt(special.length()));
            default -> (char) (' ' + r.nextInt(95));
          });
    }
    return b.toString();
  }

  static String shuffleCase(Random r, String s) {
    char[] c = s.toCharArray();
    for (int i = 0; i < c.length; i++) {
      if (c[i] < 128 && Character.isLetter(c[i]) && r.nextInt(3) == 0) {
        c[i] =
            Character.isUpperCase(c[i]) ? Character.toLowerCase(c[i]) : Character.toUpperCase(c[i]);
      }
    }
    return new String(c);
  }

  private static String pick(Random r, String[] options) {
    return options[r.nextInt(options.length)];
  }
}
