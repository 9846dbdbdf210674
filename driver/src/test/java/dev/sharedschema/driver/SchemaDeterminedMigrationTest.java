package dev.sharedschema.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sharedschema.scheduler.Registry;
import dev.sharedschema.scheduler.RegistryFile;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The driver vouches for a schema-determined migration only when the parser says every statement
 * is; a schema change that rows can fail keeps the full dry run on every linked database, so a
 * tenant's rows still stop it before anything is applied.
 */
class SchemaDeterminedMigrationTest {
  @TempDir Path dir;

  @Test
  void aPlainAddColumnIsVouchedForAndAppliedEverywhere() throws Exception {
    TestFleet f = TestFleet.create(dir, 3, "CREATE TABLE t(a)");
    try (Connection c = f.schemaConnection()) {
      Sql.exec(c, "ALTER TABLE t ADD COLUMN c INTEGER");
    }
    for (Path db : f.all()) {
      assertThat(TestFleet.hasColumn(db, "t", "c")).as(db.toString()).isTrue();
    }
    assertThat(vouched(f, f.lastJob())).isTrue();
  }

  @Test
  void aSchemaChangeRowsCanFailIsDryRunInFullAndStoppedByATenantsRow() throws Exception {
    TestFleet f = TestFleet.create(dir, 3, "CREATE TABLE t(a)");
    // The schema database has no rows, so its own dry run passes; tenant 2 has a = 0.
    Sql.rawExec(f.tenants.get(1), "INSERT INTO t VALUES (0)");
    try (Connection c = f.schemaConnection()) {
      assertThatThrownBy(
              () ->
                  Sql.exec(
                      c, "ALTER TABLE t ADD COLUMN c INTEGER NOT NULL DEFAULT 1 CHECK (a <> 0)"))
          .isInstanceOfSatisfying(
              SQLException.class,
              e -> {
                assertThat(e.getSQLState()).isEqualTo("40000");
                assertThat(e.getMessage()).contains("t2.db").contains("CHECK constraint failed");
              });
    }
    assertThat(vouched(f, f.lastJob())).isFalse();
    for (Path db : f.all()) {
      assertThat(TestFleet.hasColumn(db, "t", "c")).as(db.toString()).isFalse();
    }
  }

  /**
   * Issue 13 item 6: the parser vouches for these (a constant default, no constraint), but SQLite
   * type-checks every row of a STRICT table on ADD COLUMN, and checks every CHECK of a STRICT table
   * too. The proof must not pass a tenant with rows: its full dry run stops the job before any
   * database is changed (40000), never a partial apply (40003).
   */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "CREATE TABLE s(id INTEGER PRIMARY KEY, a INTEGER) STRICT"
            + " | INSERT INTO s(a) VALUES (1)"
            + " | ALTER TABLE s ADD COLUMN c INTEGER DEFAULT 'x'"
            + " | type mismatch on DEFAULT",
        "CREATE TABLE s(id INTEGER PRIMARY KEY, a INTEGER CHECK (a > 0)) STRICT"
            + " | PRAGMA ignore_check_constraints = 1; INSERT INTO s(a) VALUES (-1)"
            + " | ALTER TABLE s ADD COLUMN c TEXT"
            + " | CHECK constraint failed"
      })
  void aTableWhoseRowsSqliteChecksIsNeverProvenAndATenantsRowStopsTheDryRun(
      String table, String tenantRows, String alter, String error) throws Exception {
    TestFleet f = TestFleet.create(dir, 3, table);
    try (Connection t2 = Sql.open(Sql.linkedUrl(f.tenants.get(1), f.schema))) {
      for (String sql : tenantRows.split(";")) {
        Sql.exec(t2, sql);
      }
    }
    try (Connection c = f.schemaConnection()) {
      assertThatThrownBy(() -> Sql.exec(c, alter))
          .isInstanceOfSatisfying(
              SQLException.class,
              e -> {
                assertThat(e.getSQLState()).isEqualTo("40000");
                assertThat(e.getMessage()).contains("t2.db").contains(error);
              });
    }
    assertThat(vouched(f, f.lastJob())).as("the parser vouches for it").isTrue();
    for (Path db : f.all()) {
      assertThat(TestFleet.hasColumn(db, "s", "c")).as(db.toString()).isFalse();
    }
  }

  private static boolean vouched(TestFleet f, long job) throws SQLException {
    try (Registry r = RegistryFile.open(f.schema, Clock.systemUTC())) {
      return r.migration(job).schemaDetermined();
    }
  }
}
