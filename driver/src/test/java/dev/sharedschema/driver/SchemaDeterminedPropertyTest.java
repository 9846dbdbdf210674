package dev.sharedschema.driver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sharedschema.driver.internal.SchemaDetermined;
import dev.sharedschema.parser.ClassifiedSql;
import dev.sharedschema.parser.SqlClassifier;
import dev.sharedschema.scheduler.Migration;
import dev.sharedschema.scheduler.MigrationStatement;
import dev.sharedschema.scheduler.internal.BusyRetry;
import dev.sharedschema.scheduler.internal.SchemaStep;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The claim behind proven dry runs, checked against SQLite itself: a migration the scheduler proves
 * (the parser calls it schema-determined, and the scheduler's own dry run on the schema database
 * returns the schema text it proved against) has the same outcome (success, or the same error) on
 * two databases with the same schema, one without rows and one whose rows hold NULLs, zeros,
 * negatives, text, blobs, duplicates, a dangling foreign key, values of every type in a {@code
 * STRICT} table and rows that break existing {@code CHECK}s (written with {@code
 * ignore_check_constraints}). Statements come from a seeded generator of schema changes (column
 * definitions with every constraint SQLite knows, renames, creates, drops, indexes, pragmas) run
 * with random session settings. Seed {@code base + i} for case {@code i}; the base is random per
 * run unless {@code -Dsharedschema.test.seed=N} fixes it (logged; the seed is in each case's name).
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
          "CREATE TRIGGER tr AFTER INSERT ON t BEGIN UPDATE t SET c = 1 WHERE id = new.id; END",
          "CREATE TABLE s(id INTEGER PRIMARY KEY, a INTEGER, b TEXT, c ANY) STRICT",
          "CREATE TABLE k(id INTEGER PRIMARY KEY, a INTEGER CHECK (a > 0), b TEXT,"
              + " CHECK (b <> 'bad'))",
          "CREATE TABLE ks(id INTEGER PRIMARY KEY, a INTEGER CHECK (a > 0), b TEXT) STRICT",
          "CREATE TABLE g(id INTEGER PRIMARY KEY, a INTEGER, d AS (a * 2), e TEXT AS (a || 'x'))");

  private static final List<String> ROWS =
      List.of(
          "INSERT INTO t(a, b, c) VALUES (NULL, 'x', NULL), (0, 'x', 0), (-1, 'y', -1.5),"
              + " ('text', '', 2.5), (x'00ff', NULL, 3), (3.5, 'x', 1e300)",
          "INSERT INTO u(t_id) VALUES (1), (2), (99)",
          "INSERT INTO s(a, b, c) VALUES (1, 'x', 1), (NULL, NULL, x'00'), (-5, '', 'text')",
          "PRAGMA ignore_check_constraints = 1",
          "INSERT INTO k(a, b) VALUES (-1, 'bad'), (1, 'ok'), (NULL, NULL)",
          "INSERT INTO ks(a, b) VALUES (-1, 'x'), (2, 'y')",
          "PRAGMA ignore_check_constraints = 0",
          "INSERT INTO g(a) VALUES (1), (NULL), (-3)");

  private static final String[] TABLES = {"t", "u", "s", "k", "ks", "g"};

  @TempDir Path dir;

  static Stream<Long> seeds() {
    return LongStream.range(0, CASES).mapToObj(i -> BASE + i);
  }

  @AfterAll
  static void summary() {
    System.out.println("schema-determined property: base seed " + BASE + ", " + COUNTS);
  }

  @ParameterizedTest(name = "seed={0}")
  @MethodSource("seeds")
  void aProvenStatementFaresTheSameWithAndWithoutRows(long seed) throws SQLException {
    Random r = new Random(seed);
    String sql = statement(r);
    boolean foreignKeys = r.nextBoolean();
    boolean legacyAlterTable = r.nextBoolean();
    String settings =
        "PRAGMA foreign_keys = "
            + (foreignKeys ? "ON" : "OFF")
            + "; PRAGMA legacy_alter_table = "
            + (legacyAlterTable ? "ON" : "OFF");
    ClassifiedSql c = SqlClassifier.shared().classify(sql);
    boolean determined = c.statements().size() == 1 && c.statements().get(0).schemaDetermined();
    boolean proven = determined && provenByTheScheduler(sql, foreignKeys, legacyAlterTable);
    String empty = outcome(settings, sql, false);
    String withRows = outcome(settings, sql, true);
    COUNTS.merge(
        (proven ? "proven" : determined ? "determined, not proven" : "not determined")
            + (empty.equals(withRows) ? ", same outcome" : ", rows changed the outcome"),
        1,
        Integer::sum);
    if (proven) {
      assertThat(withRows)
          .as("seed=%d %s [%s]: outcome with rows vs without", seed, sql, settings)
          .isEqualTo(empty);
    }
  }

  /**
   * What the scheduler decides for a migration of {@code sql} alone on a schema database without
   * rows: its dry run there returns the schema it proved against, or null (a full dry run
   * everywhere). A statement that fails there is never proven: the job fails at once.
   */
  private boolean provenByTheScheduler(String sql, boolean foreignKeys, boolean legacyAlterTable)
      throws SQLException {
    Path schema = dir.resolve("schema.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + schema);
        Statement st = c.createStatement()) {
      for (String s : SCHEMA) {
        st.execute(s);
      }
    }
    Map<String, String> session = new LinkedHashMap<>();
    if (foreignKeys) {
      session.put("foreign_keys", "1");
    }
    if (legacyAlterTable) {
      session.put("legacy_alter_table", "1");
    }
    List<MigrationStatement> statements = List.of(MigrationStatement.of(sql));
    Migration m = new Migration(statements, session, SchemaDetermined.all(statements));
    Clock clock = Clock.systemUTC();
    try {
      return new SchemaStep(schema, new BusyRetry(clock, Duration.ofSeconds(5))).dryRun(m) != null;
    } catch (SQLException e) {
      return false;
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
      case 0, 1, 2, 3 -> "ALTER TABLE " + pick(r, TABLES) + " ADD " + opt(r, "COLUMN ") + column(r);
      case 4 ->
          pick(
              r,
              "ALTER TABLE t RENAME TO t2",
              "ALTER TABLE t RENAME COLUMN a TO z",
              "ALTER TABLE t RENAME b TO a",
              "ALTER TABLE u RENAME COLUMN t_id TO tid",
              "ALTER TABLE t DROP COLUMN b",
              "ALTER TABLE t DROP COLUMN a",
              "ALTER TABLE u DROP COLUMN t_id",
              "ALTER TABLE s RENAME COLUMN b TO z",
              "ALTER TABLE ks RENAME TO ks2",
              "ALTER TABLE k RENAME COLUMN a TO z",
              "ALTER TABLE g RENAME COLUMN a TO z");
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
      default -> "ALTER TABLE " + pick(r, "s", "ks", "k", "g") + " ADD COLUMN " + column(r);
    };
  }

  private static String column(Random r) {
    StringBuilder s = new StringBuilder(pick(r, "d", "e", "a", "f_1"));
    s.append(' ')
        .append(pick(r, "", "INTEGER", "TEXT", "REAL", "BLOB", "ANY", "INT", "NUMERIC(10, 2)"));
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
                  "DEFAULT 1.5",
                  "DEFAULT x'01'",
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
