package dev.sharedschema.driver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sharedschema.parser.ClassifiedSql;
import dev.sharedschema.parser.SqlClassifier;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The claim behind proven dry runs, checked against SQLite itself: a statement the parser calls
 * schema-determined has the same outcome (success, or the same error) on two databases with the
 * same schema, one without rows and one whose rows hold NULLs, zeros, negatives, text, blobs,
 * duplicates and a dangling foreign key. Statements come from a seeded generator of schema changes
 * (column definitions with every constraint SQLite knows, renames, creates, drops, indexes,
 * pragmas) run with random session settings. Seed {@code base + i} for case {@code i}; the base is
 * random per run unless {@code -Dsharedschema.test.seed=N} fixes it (logged; the seed is in each
 * case's name).
 */
class SchemaDeterminedPropertyTest {
  private static final long BASE;
  private static final int CASES = Integer.getInteger("sharedschema.determined.cases", 600);
  private static final Map<String, Integer> COUNTS = new ConcurrentSkipListMap<>();

  static {
    Long fixed = Long.getLong("sharedschema.test.seed");
    BASE = fixed != null ? fixed : System.nanoTime() ^ 0x2545F4914F6CDD1DL;
    System.getLogger("dev.sharedschema.driver")
        .log(
            Level.INFO,
            "schema-determined property: {0} cases, base seed {1}",
            String.valueOf(CASES),
            String.valueOf(BASE));
  }

  private static final List<String> SCHEMA =
      List.of(
          "CREATE TABLE t(id INTEGER PRIMARY KEY, a, b TEXT, c REAL)",
          "CREATE TABLE u(id INTEGER PRIMARY KEY, t_id INTEGER REFERENCES t(id))",
          "CREATE INDEX t_a ON t(a)",
          "CREATE VIEW v AS SELECT id, a FROM t",
          "CREATE TRIGGER tr AFTER INSERT ON t BEGIN UPDATE t SET c = 1 WHERE id = new.id; END");

  private static final List<String> ROWS =
      List.of(
          "INSERT INTO t(a, b, c) VALUES (NULL, 'x', NULL), (0, 'x', 0), (-1, 'y', -1.5),"
              + " ('text', '', 2.5), (x'00ff', NULL, 3), (3.5, 'x', 1e300)",
          "INSERT INTO u(t_id) VALUES (1), (2), (99)");

  static Stream<Long> seeds() {
    return LongStream.range(0, CASES).mapToObj(i -> BASE + i);
  }

  @AfterAll
  static void summary() {
    System.out.println("schema-determined property: base seed " + BASE + ", " + COUNTS);
  }

  @ParameterizedTest(name = "seed={0}")
  @MethodSource("seeds")
  void aSchemaDeterminedStatementFaresTheSameWithAndWithoutRows(long seed) throws SQLException {
    Random r = new Random(seed);
    String sql = statement(r);
    String settings =
        "PRAGMA foreign_keys = "
            + (r.nextBoolean() ? "ON" : "OFF")
            + "; PRAGMA legacy_alter_table = "
            + (r.nextBoolean() ? "ON" : "OFF");
    ClassifiedSql c = SqlClassifier.shared().classify(sql);
    boolean determined = c.statements().size() == 1 && c.statements().get(0).schemaDetermined();
    String empty = outcome(settings, sql, false);
    String withRows = outcome(settings, sql, true);
    COUNTS.merge(
        (determined ? "determined" : "not determined")
            + (empty.equals(withRows) ? ", same outcome" : ", rows changed the outcome"),
        1,
        Integer::sum);
    if (determined) {
      assertThat(withRows)
          .as("seed=%d %s [%s]: outcome with rows vs without", seed, sql, settings)
          .isEqualTo(empty);
    }
  }

  /** The generator reaches both sides and finds statements rows do change: it can catch a lie. */
  @Test
  void theGeneratorProducesBothKindsAndDataDependentOutcomes() throws SQLException {
    int determined = 0;
    int dependent = 0;
    Random r = new Random(BASE);
    for (int i = 0; i < 400; i++) {
      String sql = statement(r);
      ClassifiedSql c = SqlClassifier.shared().classify(sql);
      if (c.statements().size() == 1 && c.statements().get(0).schemaDetermined()) {
        determined++;
      } else if (!outcome("PRAGMA foreign_keys = ON", sql, false)
          .equals(outcome("PRAGMA foreign_keys = ON", sql, true))) {
        dependent++;
      }
    }
    assertThat(determined).as("schema-determined statements generated").isGreaterThan(80);
    assertThat(dependent).as("statements whose outcome rows changed").isGreaterThan(10);
  }

  private static String outcome(String settings, String sql, boolean rows) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite::memory:");
        Statement st = c.createStatement()) {
      for (String s : SCHEMA) {
        st.execute(s);
      }
      if (rows) {
        for (String s : ROWS) {
          st.execute(s);
        }
      }
      for (String s : settings.split(";")) {
        st.execute(s);
      }
      try {
        st.execute(sql);
        return "ok";
      } catch (SQLException e) {
        return e.getMessage();
      }
    }
  }

  private static String statement(Random r) {
    return switch (r.nextInt(10)) {
      case 0, 1, 2, 3 ->
          "ALTER TABLE " + pick(r, "t", "u") + " ADD " + opt(r, "COLUMN ") + column(r);
      case 4 ->
          pick(
              r,
              "ALTER TABLE t RENAME TO t2",
              "ALTER TABLE t RENAME COLUMN a TO z",
              "ALTER TABLE t RENAME b TO a",
              "ALTER TABLE u RENAME COLUMN t_id TO tid",
              "ALTER TABLE t DROP COLUMN b",
              "ALTER TABLE t DROP COLUMN a",
              "ALTER TABLE u DROP COLUMN t_id");
      case 5 ->
          "CREATE TABLE "
              + pick(r, "n", "t", "n2")
              + "("
              + column(r)
              + (r.nextBoolean() ? ", " + column(r) : "")
              + ")";
      case 6 ->
          pick(
              r,
              "CREATE TABLE n AS SELECT * FROM t",
              "CREATE VIEW w AS SELECT a, b FROM t WHERE c > 0",
              "CREATE VIEW w AS SELECT nosuch FROM t",
              "CREATE TRIGGER tr2 BEFORE DELETE ON t BEGIN SELECT RAISE(ABORT, 'no'); END",
              "DROP VIEW v",
              "DROP TRIGGER tr",
              "DROP INDEX t_a",
              "DROP INDEX nosuch",
              "DROP TABLE u",
              "DROP TABLE t");
      case 7 ->
          "CREATE "
              + opt(r, "UNIQUE ")
              + "INDEX i ON t("
              + pick(r, "a", "b", "c", "a, b", "lower(b)", "a + 1", "json_extract(b, '$.k')")
              + ")"
              + opt(r, " WHERE a > 0");
      case 8 -> "PRAGMA " + pick(r, "user_version", "application_id") + " = " + r.nextInt(100);
      default -> "ALTER TABLE t ADD COLUMN " + column(r);
    };
  }

  private static String column(Random r) {
    StringBuilder s = new StringBuilder(pick(r, "d", "e", "a", "f_1"));
    s.append(' ').append(pick(r, "", "INTEGER", "TEXT", "REAL", "BLOB", "NUMERIC(10, 2)"));
    int constraints = r.nextInt(3);
    for (int i = 0; i < constraints; i++) {
      s.append(' ')
          .append(
              pick(
                  r,
                  "NULL",
                  "NOT NULL",
                  "DEFAULT 0",
                  "DEFAULT -1",
                  "DEFAULT 'z'",
                  "DEFAULT NULL",
                  "DEFAULT (1 + 1)",
                  "DEFAULT CURRENT_TIMESTAMP",
                  "DEFAULT (random())",
                  "CHECK (d > 0)",
                  "CHECK (a IS NOT NULL)",
                  "CHECK (length(b) > 0)",
                  "REFERENCES t(id)",
                  "COLLATE NOCASE",
                  "UNIQUE",
                  "PRIMARY KEY",
                  "GENERATED ALWAYS AS (id + 1)",
                  "AS (b || 'x') STORED",
                  "AS (a * 2) VIRTUAL"));
    }
    return s.toString();
  }

  private static String opt(Random r, String text) {
    return r.nextBoolean() ? text : "";
  }

  private static String pick(Random r, String... options) {
    return options[r.nextInt(options.length)];
  }
}
