package dev.sharedschema.scheduler.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link SchemaText#isTextOf}, the proven dry run's comparison made piece by piece in Java, answers
 * exactly what comparing {@link SchemaText#read} texts (built inside SQLite) answers — on random
 * schemas of real SQLite files: names and SQL text with quotes, spaces, the separators themselves,
 * characters above U+FFFF and in U+E000–U+FFFF (where UTF-16 order and SQLite's byte order
 * disagree), tables, indexes, views, triggers, {@code WITHOUT ROWID} and {@code STRICT} tables, and
 * {@code user_version}. A pair differs by one random change, or not at all.
 *
 * <p>{@code -Dsharedschema.schematext.cases=N} (default 60) and {@code -Dsharedschema.test.seed}
 * (default random, logged; each case's name is its seed, to replay one alone).
 */
class SchemaTextPropertyTest {
  private static final System.Logger LOG = System.getLogger(SchemaTextPropertyTest.class.getName());

  private static final String[] NAME_PARTS = {
    "a",
    "B",
    "t",
    "x y",
    "q'uote",
    "d\"q",
    "\u00e9t\u00e9",
    "\ud83d\ude00",
    "\ue000",
    "\uffef",
    "\u001e",
    "\u001d",
    "_",
    "9"
  };

  @TempDir Path dir;

  static Stream<Long> seeds() {
    int n = Integer.getInteger("sharedschema.schematext.cases", 60);
    String given = System.getProperty("sharedschema.test.seed");
    long base =
        given == null || given.isBlank()
            ? new SplittableRandom().nextLong()
            : Long.parseLong(given.trim());
    LOG.log(System.Logger.Level.INFO, "schema text: base seed " + base);
    return IntStream.range(0, n).mapToObj(i -> base + i);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void piecewiseComparisonAgreesWithTheTextSqliteBuilds(long seed) throws SQLException {
    SplittableRandom rnd = new SplittableRandom(seed);
    List<String> schema = randomSchema(rnd);
    int version = rnd.nextInt(4) == 0 ? rnd.nextInt() : 0;
    List<String> other = new ArrayList<>(schema);
    int otherVersion = version;
    switch (rnd.nextInt(6)) {
      case 0 -> {} // the same schema
      case 1 -> otherVersion = version + 1;
      case 2 -> other.add(table(rnd, "extra" + rnd.nextInt(1000)));
      case 3 -> {
        if (other.size() > 1) {
          other.remove(1 + rnd.nextInt(other.size() - 1)); // never the table the others are on
        } else {
          otherVersion = version - 1;
        }
      }
      case 4 -> other.set(0, other.get(0).replaceFirst("\\)$", ", added TEXT)"));
      default -> other.add(0, "CREATE TABLE " + quoted(name(rnd) + "new") + "(z)");
    }
    try (Connection a = database("a-" + seed + ".db", schema, version);
        Connection b = database("b-" + seed + ".db", other, otherVersion)) {
      String textA = SchemaText.read(a);
      String textB = SchemaText.read(b);
      assertThat(SchemaText.isTextOf(a, textA)).as("seed %d: a against itself", seed).isTrue();
      assertThat(SchemaText.isTextOf(b, textA))
          .as("seed %d: b against a's text (texts equal: %s)", seed, textA.equals(textB))
          .isEqualTo(textA.equals(textB));
      assertThat(SchemaText.isTextOf(a, textB))
          .as("seed %d: a against b's text", seed)
          .isEqualTo(textA.equals(textB));
    }
  }

  @Test
  void aTextThatIsLongerOrShorterByAnythingDoesNotMatch() throws SQLException {
    try (Connection c = database("c.db", List.of("CREATE TABLE t(a, b)"), 7)) {
      String text = SchemaText.read(c);
      assertThat(SchemaText.isTextOf(c, text)).isTrue();
      assertThat(SchemaText.isTextOf(c, text + "0")).isFalse();
      assertThat(SchemaText.isTextOf(c, text.substring(0, text.length() - 1))).isFalse();
      assertThat(SchemaText.isTextOf(c, "")).isFalse();
      assertThat(SchemaText.isTextOf(c, "\u001d7")).isFalse();
    }
  }

  @Test
  void anEmptySchemaMatchesOnlyAnEmptyText() throws SQLException {
    try (Connection c = database("empty.db", List.of(), 0)) {
      assertThat(SchemaText.read(c)).isEqualTo("\u001d0");
      assertThat(SchemaText.isTextOf(c, "\u001d0")).isTrue();
      assertThat(SchemaText.isTextOf(c, "table t CREATE TABLE t(a)\u001d0")).isFalse();
    }
  }

  private static List<String> randomSchema(SplittableRandom rnd) {
    List<String> ddl = new ArrayList<>();
    int tables = 1 + rnd.nextInt(4);
    List<String> names = new ArrayList<>();
    for (int i = 0; i < tables; i++) {
      String name = name(rnd) + i;
      names.add(name);
      ddl.add(table(rnd, name));
    }
    String first = quoted(names.get(0));
    if (rnd.nextBoolean()) {
      ddl.add("CREATE INDEX " + quoted("ix " + name(rnd)) + " ON " + first + "(c0)");
    }
    if (rnd.nextBoolean()) {
      ddl.add("CREATE VIEW " + quoted("v" + name(rnd)) + " AS SELECT c0 FROM " + first);
    }
    if (rnd.nextBoolean()) {
      ddl.add(
          "CREATE TRIGGER "
              + quoted("tr" + name(rnd))
              + " AFTER INSERT ON "
              + first
              + " BEGIN SELECT 1; END");
    }
    return ddl;
  }

  private static String table(SplittableRandom rnd, String name) {
    StringBuilder sql = new StringBuilder("CREATE TABLE ").append(quoted(name)).append("(");
    int columns = 1 + rnd.nextInt(4);
    boolean strict = rnd.nextInt(4) == 0;
    boolean withoutRowid = !strict && rnd.nextInt(4) == 0;
    for (int c = 0; c < columns; c++) {
      sql.append(c == 0 ? "" : ", ").append("c").append(c);
      sql.append(strict || withoutRowid ? " TEXT" : "");
      if (c == 0 && withoutRowid) {
        sql.append(" PRIMARY KEY");
      } else if (rnd.nextInt(3) == 0) {
        sql.append(" DEFAULT ").append(literal(name(rnd)));
      } else if (rnd.nextInt(4) == 0) {
        sql.append(" UNIQUE"); // an autoindex: sql NULL in sqlite_master, left out of the text
      }
    }
    sql.append(")");
    if (strict) {
      sql.append(" STRICT");
    } else if (withoutRowid) {
      sql.append(" WITHOUT ROWID");
    }
    return sql.toString();
  }

  private static String name(SplittableRandom rnd) {
    StringBuilder name = new StringBuilder();
    int parts = 1 + rnd.nextInt(3);
    for (int i = 0; i < parts; i++) {
      name.append(NAME_PARTS[rnd.nextInt(NAME_PARTS.length)]);
    }
    return name.toString();
  }

  private static String quoted(String name) {
    return "\"" + name.replace("\"", "\"\"") + "\"";
  }

  private static String literal(String text) {
    return "'" + text.replace("'", "''") + "'";
  }

  private Connection database(String file, List<String> ddl, int userVersion) throws SQLException {
    Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(file));
    try (Statement st = c.createStatement()) {
      for (String sql : ddl) {
        st.execute(sql);
      }
      st.execute("PRAGMA user_version = " + userVersion);
    } catch (SQLException e) {
      c.close();
      throw new SQLException(e.getMessage() + " in " + ddl, e);
    }
    return c;
  }
}
