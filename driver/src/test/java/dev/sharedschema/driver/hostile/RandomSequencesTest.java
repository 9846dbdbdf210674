package dev.sharedschema.driver.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.sharedschema.driver.SharedSchema;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Seeded random statement sequences through a schema connection and two linked connections of a
 * fresh fleet (issue 5, "Hostile input"). Each sequence mixes valid DDL, data writes, transaction
 * statements and API calls, PRAGMAs, ATTACH/DETACH, writes to our reserved names and garbage (valid
 * statements cut, spliced or sprinkled with quotes, comments, semicolons and NUL bytes).
 * Afterwards: no unchecked exception escaped any call, {@code SharedSchema.check()} reports no
 * drift, and every linked database's user_version and application_id equal the schema database's.
 *
 * <p>Sequence {@code i} uses seed {@code base + i}; the base is random per run unless {@code
 * -Dsharedschema.test.seed=N} fixes it (it is logged, and every sequence shows its seed in its
 * display name): passing a failing sequence's seed replays it as sequence 0. {@code
 * -Dsharedschema.hostile.sequences=N} sets the number of sequences (default 200).
 *
 * <p>Before each schema-connection call, the linked connections end their transactions (a linked
 * connection holding a lock while the same thread waits for a migration to reach its file would
 * only measure the timeout).
 */
class RandomSequencesTest {
  static final String SEED_PROPERTY = "sharedschema.test.seed";
  static final long BASE;
  static final int SEQUENCES = Integer.getInteger("sharedschema.hostile.sequences", 200);

  static {
    Long fixed = Long.getLong(SEED_PROPERTY);
    BASE = fixed != null ? fixed : System.nanoTime() ^ 0x5DEECE66DL;
    System.getLogger("dev.sharedschema.driver.hostile")
        .log(
            Level.INFO,
            "random sequences: {0} sequences, base seed {1} (replay one with -D{2}=<its seed>)",
            String.valueOf(SEQUENCES),
            String.valueOf(BASE),
            SEED_PROPERTY);
    System.out.println("random sequences: " + SEQUENCES + " sequences, base seed " + BASE);
  }

  static final Map<String, Integer> COUNTS = new ConcurrentSkipListMap<>();

  @TempDir Path dir;

  @AfterAll
  static void summary() {
    System.out.println("random sequences: base seed " + BASE + ", outcomes " + COUNTS);
  }

  static Stream<Long> seeds() {
    return LongStream.range(0, SEQUENCES).mapToObj(i -> BASE + i);
  }

  @ParameterizedTest(name = "seed={0}")
  @MethodSource("seeds")
  void noDriftAndNoUncheckedException(long seed) throws Exception {
    List<String> log = new ArrayList<>();
    List<String> unchecked = new ArrayList<>();
    HostileFleet fleet = HostileFleet.create(dir, "seq");
    try {
      assertTimeoutPreemptively(
          Duration.ofSeconds(60),
          () -> runSequence(new Random(seed), fleet, log, unchecked),
          () -> "seed=" + seed + " hung; calls so far:\n" + String.join("\n", log));
      try (SharedSchema api = SharedSchema.open(fleet.schema)) {
        assertThat(api.drain(Duration.ofSeconds(30))).as("queue drained").isTrue();
      }
      COUNTS.merge("jobs", (int) (fleet.jobs() - 1), Integer::sum);
      COUNTS.merge("sequences", 1, Integer::sum);
      assertThat(unchecked)
          .as("seed=%d (replay with -D%s=%d), calls:%n%s", seed, SEED_PROPERTY, seed, text(log))
          .isEmpty();
      assertThat(fleet.violations())
          .as("seed=%d (replay with -D%s=%d), calls:%n%s", seed, SEED_PROPERTY, seed, text(log))
          .isEmpty();
    } finally {
      fleet.close();
    }
  }

  private static String text(List<String> log) {
    return String.join("\n", log);
  }

  private void runSequence(Random r, HostileFleet f, List<String> log, List<String> unchecked)
      throws SQLException {
    Connection schema = DriverManager.getConnection(f.schemaUrl());
    Connection[] linked = {
      DriverManager.getConnection(f.linkedUrl(f.tenants.get(0))),
      DriverManager.getConnection(f.linkedUrl(f.tenants.get(1)))
    };
    try {
      int n = 4 + r.nextInt(9);
      for (int i = 0; i < n; i++) {
        int op = r.nextInt(100);
        if (op < 45) {
          endLinkedTransactions(r, linked);
          call(log, unchecked, "schema", op < 40 ? Call.EXECUTE : Call.PREPARED, schema, gen(r));
        } else if (op < 50) {
          endLinkedTransactions(r, linked);
          String a = gen(r);
          String b = gen(r);
          call(log, unchecked, "schema", Call.BATCH, schema, a + "\u0001" + b);
        } else if (op < 57) {
          endLinkedTransactions(r, linked);
          int which = r.nextInt(3);
          call(
              log,
              unchecked,
              "schema",
              Call.values()[Call.AUTOCOMMIT_OFF.ordinal() + which],
              schema,
              "");
        } else if (op < 92) {
          int t = r.nextInt(2);
          call(
              log,
              unchecked,
              "linked" + (t + 1),
              op < 85 ? Call.EXECUTE : Call.PREPARED,
              linked[t],
              gen(r));
        } else {
          int t = r.nextInt(2);
          int which = r.nextInt(3);
          call(
              log,
              unchecked,
              "linked" + (t + 1),
              Call.values()[Call.AUTOCOMMIT_OFF.ordinal() + which],
              linked[t],
              "");
        }
      }
      endLinkedTransactions(r, linked);
      if (r.nextBoolean()) {
        call(log, unchecked, "schema", Call.COMMIT, schema, "");
      }
    } finally {
      for (Connection c : linked) {
        close(c, log, unchecked);
      }
      close(schema, log, unchecked);
    }
  }

  enum Call {
    EXECUTE,
    PREPARED,
    BATCH,
    AUTOCOMMIT_OFF,
    COMMIT,
    ROLLBACK
  }

  private static void call(
      List<String> log, List<String> unchecked, String who, Call call, Connection c, String sql) {
    String shown = who + " " + call + " " + Outcomes.abbreviate(sql.replace('\u0001', '|'));
    try {
      switch (call) {
        case EXECUTE -> {
          try (Statement st = c.createStatement()) {
            st.execute(sql);
          }
        }
        case PREPARED -> {
          try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.execute();
          }
        }
        case BATCH -> {
          try (Statement st = c.createStatement()) {
            for (String s : sql.split("\u0001")) {
              st.addBatch(s);
            }
            st.executeBatch();
          }
        }
        case AUTOCOMMIT_OFF -> c.setAutoCommit(false);
        case COMMIT -> {
          if (!c.getAutoCommit()) {
            c.commit();
          }
        }
        case ROLLBACK -> {
          if (!c.getAutoCommit()) {
            c.rollback();
          }
        }
      }
      log.add(shown + " -> ok");
      count(who, call, "ok");
    } catch (SQLException e) {
      log.add(shown + " -> SQLException " + e.getSQLState() + " " + firstLine(e.getMessage()));
      count(who, call, "SQLException " + e.getSQLState());
    } catch (RuntimeException | Error e) {
      log.add(shown + " -> UNCHECKED " + e);
      unchecked.add(shown + ": " + e);
      count(who, call, "unchecked");
    }
  }

  private static void count(String who, Call call, String outcome) {
    String role = who.startsWith("schema") ? "schema" : "linked";
    String kind = call.ordinal() <= Call.BATCH.ordinal() ? "sql" : "api";
    COUNTS.merge(role + " " + kind + " " + outcome, 1, Integer::sum);
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    String line = nl < 0 ? s : s.substring(0, nl);
    return line.length() > 160 ? line.substring(0, 160) + "…" : line;
  }

  /** Leaves every linked connection in autocommit with no transaction open by SQL text. */
  private static void endLinkedTransactions(Random r, Connection[] linked) {
    for (Connection c : linked) {
      try {
        if (!c.getAutoCommit()) {
          if (r.nextBoolean()) {
            c.commit();
          } else {
            c.rollback();
          }
          c.setAutoCommit(true);
        }
      } catch (SQLException e) {
        // A failed commit leaves the transaction to the rollback below.
      }
      try (Statement st = c.createStatement()) {
        st.execute("ROLLBACK");
      } catch (SQLException e) {
        // No transaction was open.
      }
    }
  }

  private static void close(Connection c, List<String> log, List<String> unchecked) {
    try {
      c.close();
    } catch (SQLException e) {
      log.add("close -> SQLException " + e.getSQLState());
    } catch (RuntimeException | Error e) {
      unchecked.add("close: " + e);
    }
  }

  // ---- the generator ----

  private static final String[] TABLES = {"t", "u", "w", "r0", "r1", "\"END\""};
  private static final String[] SPLICES = {
    "'",
    "\"",
    "[",
    "`",
    ";",
    "/*",
    "*/",
    "--",
    "\n",
    "\0",
    "(",
    ")",
    " END ",
    " BEGIN ",
    " CASE ",
    " _sharedschema_applied ",
    ",",
    "💥"
  };

  static String gen(Random r) {
    int k = r.nextInt(100);
    if (k < 60) {
      return valid(r);
    }
    if (k < 80) {
      return garble(r, valid(r));
    }
    if (k < 92) {
      int n = 2 + r.nextInt(3);
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < n; i++) {
        b.append(i == 0 ? "" : r.nextBoolean() ? ";" : ";\n")
            .append(r.nextInt(4) == 0 ? garble(r, valid(r)) : valid(r));
      }
      return b.toString();
    }
    StringBuilder b = new StringBuilder();
    int n = 1 + r.nextInt(8);
    for (int i = 0; i < n; i++) {
      b.append(pick(r, SPLICES))
          .append(
              pick(
                  r, "SELECT", "CREATE", "TABLE", "x", "1", "BEGIN", "END", "TRIGGER", "ON", "t",
                  "AS"));
    }
    return b.toString();
  }

  private static String garble(Random r, String sql) {
    int k = r.nextInt(3);
    if (sql.isEmpty()) {
      return pick(r, SPLICES);
    }
    int at = r.nextInt(sql.length() + 1);
    return switch (k) {
      case 0 -> sql.substring(0, at);
      case 1 -> sql.substring(0, at) + pick(r, SPLICES) + sql.substring(at);
      default -> sql.substring(0, at) + pick(r, SPLICES) + valid(r);
    };
  }

  private static String valid(Random r) {
    int k = r.nextInt(100);
    String t = pick(r, TABLES);
    int n = r.nextInt(4);
    if (k < 15) {
      return pick(
          r,
          "CREATE TABLE IF NOT EXISTS r" + n + "(a, b)",
          "CREATE TABLE r" + n + "(a INTEGER PRIMARY KEY, b TEXT)",
          "DROP TABLE IF EXISTS r" + n,
          "ALTER TABLE " + pick(r, "t", "w", "r0") + " ADD COLUMN c" + n,
          "ALTER TABLE w RENAME COLUMN " + pick(r, "x", "y") + " TO c" + n,
          "CREATE INDEX IF NOT EXISTS i" + n + " ON t(v)",
          "DROP INDEX IF EXISTS i" + n,
          "CREATE VIEW IF NOT EXISTS v" + n + " AS SELECT * FROM " + t,
          "DROP VIEW IF EXISTS v" + n,
          "CREATE TRIGGER IF NOT EXISTS tr"
              + n
              + " AFTER INSERT ON t BEGIN UPDATE u SET b = CASE WHEN new.v = 'END' THEN 1 ELSE 2 END; END",
          "DROP TRIGGER IF EXISTS tr" + n,
          "CREATE TABLE temp.tt" + n + "(a)",
          "CREATE TEMP TABLE tt" + n + " AS SELECT * FROM t");
    }
    if (k < 40) {
      return pick(
          r,
          "INSERT INTO t(v) VALUES ('"
              + pick(r, "a", "BEGIN;", "END", "x';--").replace("'", "''")
              + "')",
          "INSERT INTO " + t + " DEFAULT VALUES",
          "UPDATE t SET v = v || '" + n + "'",
          "DELETE FROM " + t + " WHERE rowid % 2 = " + (n % 2),
          "REPLACE INTO u VALUES (" + n + ", " + n + ")",
          "WITH c(i) AS (VALUES (" + n + ")) INSERT INTO w SELECT i, i FROM c",
          "WITH c(i) AS (VALUES (1)) UPDATE t SET v = 'q' WHERE id IN c",
          "INSERT INTO t(id, v) VALUES (1, 'x') ON CONFLICT(id) DO UPDATE SET v = excluded.v",
          "INSERT INTO temp.tt" + n + " VALUES (1)");
    }
    if (k < 52) {
      return pick(
          r,
          "BEGIN",
          "BEGIN IMMEDIATE",
          "BEGIN EXCLUSIVE TRANSACTION",
          "COMMIT",
          "END",
          "ROLLBACK",
          "SAVEPOINT s" + n,
          "RELEASE s" + n,
          "ROLLBACK TO SAVEPOINT s" + n);
    }
    if (k < 66) {
      return pick(
          r,
          "PRAGMA user_version = " + (n + 4),
          "PRAGMA application_id = " + n,
          "PRAGMA foreign_keys = " + (n % 2),
          "PRAGMA journal_mode = " + pick(r, "DELETE", "TRUNCATE", "WAL", "MEMORY"),
          "PRAGMA writable_schema = ON",
          "PRAGMA writable_schema = ON; UPDATE sqlite_master SET sql = replace(sql, 'v TEXT', 'v TEXT, z') WHERE name = 't'",
          "DELETE FROM sqlite_master WHERE name = 'tv'",
          "PRAGMA schema_version = " + (100 + n),
          "PRAGMA optimize",
          "ANALYZE",
          "VACUUM",
          "REINDEX",
          "SELECT load_extension('x')");
    }
    if (k < 74) {
      return pick(
          r,
          "ATTACH ':memory:' AS m" + n,
          "ATTACH DATABASE '' AS m" + n,
          "DETACH m" + n,
          "DETACH DATABASE main");
    }
    if (k < 84) {
      return pick(
          r,
          "INSERT INTO _sharedschema_applied DEFAULT VALUES",
          "DELETE FROM main.\"_SHAREDSCHEMA_APPLIED\"",
          "UPDATE [_sharedschema_applied] SET state = 'x'",
          "DROP TABLE _sharedschema_applied",
          "CREATE TABLE _SharedSchema_x(a)",
          "ALTER TABLE t RENAME TO _sharedschema_t",
          "CREATE VIEW zv AS SELECT * FROM _sharedschema_applied",
          "CREATE TRIGGER ztr AFTER INSERT ON t BEGIN DELETE FROM _sharedschema_applied; END");
    }
    return pick(
        r,
        "SELECT * FROM " + t,
        "SELECT 'BEGIN;' AS \"END\"",
        "SELECT count(*) FROM _sharedschema_applied",
        "EXPLAIN DROP TABLE t",
        "PRAGMA user_version",
        "VALUES (" + n + ")",
        "WITH c AS (SELECT 1) SELECT * FROM c");
  }

  @SafeVarargs
  private static <T> T pick(Random r, T... options) {
    return options[r.nextInt(options.length)];
  }
}
