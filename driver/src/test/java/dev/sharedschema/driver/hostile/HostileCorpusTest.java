package dev.sharedschema.driver.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sharedschema.driver.hostile.Outcomes.Observed;
import dev.sharedschema.driver.hostile.Outcomes.Role;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every statement of {@code hostile/corpus.txt}, and a few huge generated ones, through a schema
 * connection and through a linked connection (issue 5, "Hostile input"; DESIGN.md §4, §5).
 *
 * <p>Each line of the corpus is {@code SCHEMA LINKED STATEMENT}: the expected outcome on a schema
 * connection, on a linked connection, and the statement text (escapes {@code \n}, {@code \t},
 * {@code \r}, {@code \0}, {@code \\}; {@code {file}} is replaced with a path that does not exist
 * yet). An outcome is {@code run} (no exception, no job), {@code migrate} (no exception, one job
 * recorded: schema connections only), {@code refuse:STATE} (an {@code SQLException} with that
 * SQLState, no job) or {@code error} (an {@code SQLException} of any state: an SQLite error, or a
 * migration that fails on the schema database); alternatives are joined with {@code /} where
 * DESIGN.md leaves the choice open.
 *
 * <p>Isolation: every text runs in autocommit on a fresh connection (a manual transaction would
 * change the very behaviour under test: TEMP objects, transaction statements, migration versus
 * local run). Texts share one fleet (schema database and two linked databases with {@link
 * HostileFleet#BASE}) until one of them leaves anything behind (a job, a schema change, changed
 * rows); the fleet is then replaced by a fresh one, so every text sees the base state. After every
 * text, {@code SharedSchema.check()} must report no drift and every linked database's user_version
 * and application_id must equal the schema database's; a text that did not migrate must not have
 * changed the schema of the database it ran on, and a linked connection must leave the other linked
 * database alone.
 */
class HostileCorpusTest {
  static final int MB = 1 << 20;
  static final int MANY = 10_000;

  @TempDir static Path dir;
  static Outcomes outcomes;
  static int cases;

  record Case(String where, String sql, String schema, String linked) {
    String name() {
      return where + ": " + Outcomes.abbreviate(sql);
    }
  }

  @TestFactory
  Stream<DynamicTest> corpus() throws IOException {
    List<Case> all = corpusCases();
    assertThat(all).hasSizeGreaterThanOrEqualTo(300);
    return all.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> check(c)));
  }

  @TestFactory
  Stream<DynamicTest> hugeInputs() {
    return hugeCases().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> check(c)));
  }

  @AfterAll
  static void summary() {
    System.out.println(
        "hostile corpus: "
            + cases
            + " cases, "
            + outcomes.fleetsMade()
            + " fleets, outcomes "
            + outcomes.counts());
  }

  static synchronized Outcomes outcomes() {
    if (outcomes == null) {
      outcomes = new Outcomes(dir, "corpus");
    }
    return outcomes;
  }

  private static void check(Case c) throws Exception {
    cases++;
    String sql = outcomes().expand(c.sql());
    Observed s = outcomes().run(Role.SCHEMA, sql);
    Observed l = outcomes().run(Role.LINKED, outcomes().expand(c.sql()));
    List<String> problems = new ArrayList<>();
    if (!s.matches(c.schema())) {
      problems.add("schema connection: expected " + c.schema() + ", got " + describe(s));
    }
    if (!l.matches(c.linked())) {
      problems.add("linked connection: expected " + c.linked() + ", got " + describe(l));
    }
    s.violations().forEach(v -> problems.add("after the schema connection: " + v));
    l.violations().forEach(v -> problems.add("after the linked connection: " + v));
    assertThat(problems).as(c.name()).isEmpty();
  }

  private static String describe(Observed o) {
    String detail = o.detail().length() > 400 ? o.detail().substring(0, 400) + "…" : o.detail();
    return o.outcome()
        + (o.jobRecorded() && !o.outcome().equals("migrate") ? " (job recorded)" : "")
        + (detail.isEmpty() ? "" : " [" + detail.replace('\n', ' ') + "]");
  }

  static List<Case> corpusCases() throws IOException {
    List<Case> out = new ArrayList<>();
    try (InputStream in = HostileCorpusTest.class.getResourceAsStream("/hostile/corpus.txt")) {
      String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n", -1);
      for (int i = 0; i < lines.length; i++) {
        String line = lines[i];
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] parts = line.split(" +", 3);
        if (parts.length != 3) {
          throw new IllegalArgumentException("corpus.txt:" + (i + 1) + ": " + line);
        }
        out.add(new Case("corpus.txt:" + (i + 1), unescape(parts[2]), parts[0], parts[1]));
      }
    }
    return out;
  }

  static String unescape(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (ch != '\\' || i + 1 == s.length()) {
        b.append(ch);
        continue;
      }
      char next = s.charAt(++i);
      switch (next) {
        case 'n' -> b.append('\n');
        case 't' -> b.append('\t');
        case 'r' -> b.append('\r');
        case '0' -> b.append('\0');
        case '\\' -> b.append('\\');
        default -> b.append('\\').append(next);
      }
    }
    return b.toString();
  }

  /**
   * Large texts made in code. SQLite refuses a text longer than {@code SQLITE_MAX_SQL_LENGTH}
   * (1,000,000 bytes) and an expression deeper than 1,000, so the 1 MiB and very deep ones must
   * fail with an {@code SQLException}; the ones just under the limits must work.
   */
  static List<Case> hugeCases() {
    String mib = "x".repeat(MB);
    String under = "x".repeat(990_000);
    String selects = repeat(MANY, i -> "SELECT " + i);
    String inserts = repeat(MANY, i -> "INSERT INTO w VALUES (" + i + ", 0)");
    String manySelects = repeat(MANY - 1, i -> "SELECT " + i);
    return List.of(
        huge("1 MiB string literal", "SELECT '" + mib + "'", "error", "error"),
        huge("990 kB string literal", "SELECT '" + under + "'", "run", "run"),
        huge("1 MiB quoted alias", "SELECT 1 AS \"" + mib + "\"", "error", "error"),
        huge("990 kB quoted alias", "SELECT 1 AS \"" + under + "\"", "run", "run"),
        huge("1 MiB row", "INSERT INTO w VALUES ('" + mib + "', 1)", "error", "error"),
        huge("990 kB row", "INSERT INTO w VALUES ('" + under + "', 1)", "migrate", "run"),
        huge("1 MiB comment, then BEGIN", "/*" + mib + "*/ BEGIN", "refuse:25000", "error"),
        huge("990 kB comment, then BEGIN", "/*" + under + "*/ BEGIN", "refuse:25000", "run"),
        huge(
            "1 MiB line comment, then CREATE",
            "-- " + mib + "\nCREATE TABLE zz(a)",
            "migrate/error",
            "refuse:42000"),
        huge(
            "990 kB line comment, then CREATE",
            "-- " + under + "\nCREATE TABLE zz(a)",
            "migrate",
            "refuse:42000"),
        huge(
            "990 kB comment, then a write to _sharedschema_applied",
            "/*" + under + "*/ DELETE FROM _sharedschema_applied",
            "refuse:42000",
            "refuse:42000"),
        huge("1 MiB unterminated string", "SELECT '" + mib, "error", "error"),
        huge("1 MiB unterminated comment", "SELECT 1 /*" + mib, "error", "error"),
        huge("990 kB unterminated comment", "SELECT 1 /*" + under, "run", "run"),
        huge(
            "1 MiB of NUL bytes after a SELECT",
            "SELECT 1;" + "\0".repeat(MB),
            "run/error",
            "run/error"),
        huge("10,000 SELECTs", selects, "run", "run"),
        huge("10,000 INSERTs", inserts, "migrate", "run"),
        huge("10,000 semicolons", ";".repeat(MANY), "run/error", "run/error"),
        huge(
            "9,999 SELECTs, then CREATE TABLE",
            manySelects + ";CREATE TABLE zz(a)",
            "migrate",
            "refuse:42000"),
        huge(
            "9,999 INSERTs, then COMMIT",
            repeat(MANY - 1, i -> "INSERT INTO w VALUES (" + i + ", 0)") + ";COMMIT",
            "refuse:25000",
            "run"),
        huge(
            "9,999 SELECTs, then a write to _sharedschema_applied",
            manySelects + ";DELETE FROM _sharedschema_applied",
            "refuse:42000",
            "refuse:42000"),
        huge(
            "9,999 SELECTs, then ATTACH",
            manySelects + ";ATTACH '{file}' AS o",
            "refuse:42000",
            "refuse:42000"),
        huge(
            "trigger of 5,000 statements",
            "CREATE TRIGGER big AFTER INSERT ON t BEGIN "
                + repeat(5_000, i -> "UPDATE u SET b = CASE WHEN b > " + i + " THEN b ELSE 0 END")
                + "; END",
            "migrate",
            "refuse:42000"),
        huge(
            "100 nested parentheses",
            "SELECT " + "(".repeat(100) + "1" + ")".repeat(100),
            "run",
            "run"),
        huge(
            "100,000 nested parentheses",
            "SELECT " + "(".repeat(100_000) + "1" + ")".repeat(100_000),
            "error",
            "error"),
        huge(
            "100,000 nested parentheses in a schema change",
            "CREATE TABLE zz AS SELECT " + "(".repeat(100_000) + "1" + ")".repeat(100_000),
            "error",
            "error"),
        huge(
            "100 nested CASE",
            "SELECT " + "CASE WHEN 1 THEN ".repeat(100) + "1" + " END".repeat(100),
            "run",
            "run"),
        huge(
            "1,000 nested CASE",
            "SELECT " + "CASE WHEN 1 THEN ".repeat(1_000) + "1" + " END".repeat(1_000),
            "error",
            "error"));
  }

  private static Case huge(String what, String sql, String schema, String linked) {
    return new Case("generated (" + what + ")", sql, schema, linked);
  }

  private static String repeat(int n, java.util.function.IntFunction<String> statement) {
    return IntStream.range(0, n).mapToObj(statement).collect(Collectors.joining(";"));
  }
}
