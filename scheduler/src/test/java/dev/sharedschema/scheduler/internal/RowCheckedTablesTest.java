package dev.sharedschema.scheduler.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sharedschema.scheduler.Migration;
import dev.sharedschema.scheduler.MigrationStatement;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The schema database's dry run proves a schema-determined migration only when it touches no table
 * whose rows SQLite checks on a schema change (issue 13 item 6): STRICT tables, tables with CHECKs
 * or generated columns. Decided on the schema, however the migration spells the table's name.
 */
class RowCheckedTablesTest {
  @TempDir Path dir;
  private SchemaStep step;

  @BeforeEach
  void schema() throws SQLException {
    Path schema = dir.resolve("schema.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + schema);
        Statement st = c.createStatement()) {
      st.execute("CREATE TABLE plain(id INTEGER PRIMARY KEY, a INTEGER)");
      st.execute("CREATE TABLE \"Strict Table\"(id INTEGER PRIMARY KEY, a INTEGER) STRICT");
      st.execute("CREATE TABLE checked(id INTEGER PRIMARY KEY, a INTEGER, CHECK (a > 0))");
      st.execute("CREATE TABLE gen(id INTEGER PRIMARY KEY, a INTEGER, b GENERATED ALWAYS AS (a))");
      st.execute("CREATE TABLE gen2(id INTEGER PRIMARY KEY, a INTEGER, b AS (a) STORED)");
    }
    Clock clock = Clock.systemUTC();
    step = new SchemaStep(schema, new BusyRetry(clock, Duration.ofSeconds(5)));
  }

  private String proof(String... sql) throws SQLException {
    return step.dryRun(
        new Migration(List.of(sql).stream().map(MigrationStatement::of).toList(), Map.of(), true));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "ALTER TABLE \"Strict Table\" ADD COLUMN c INTEGER",
        "ALTER TABLE main.[strict table] ADD c TEXT",
        "ALTER TABLE checked ADD COLUMN c",
        "ALTER TABLE gen ADD COLUMN c",
        "ALTER TABLE gen2 ADD COLUMN c",
        "ALTER TABLE checked RENAME TO moved; ALTER TABLE moved ADD COLUMN c"
      })
  void aMigrationTouchingATableWhoseRowsSqliteChecksIsNotProven(String sql) throws SQLException {
    assertThat(proof(sql.split("; "))).isNull();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "ALTER TABLE plain ADD COLUMN c INTEGER DEFAULT 'x'",
        "CREATE TABLE n(a INTEGER) STRICT",
        "ALTER TABLE plain ADD COLUMN checked_at INTEGER",
        "CREATE VIEW v AS SELECT a FROM plain"
      })
  void otherSchemaDeterminedMigrationsAreStillProven(String sql) throws SQLException {
    assertThat(proof(sql)).isNotNull();
  }
}
