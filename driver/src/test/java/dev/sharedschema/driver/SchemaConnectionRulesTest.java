package dev.sharedschema.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The statements a schema connection refuses before anything runs (DESIGN.md §4). */
class SchemaConnectionRulesTest {
  @TempDir Path dir;
  Path schema;

  @BeforeEach
  void createSchema() throws SQLException {
    schema = dir.resolve("schema.db");
    try (Connection c = Sql.open(Sql.schemaUrl(schema))) {
      Sql.exec(c, "CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT)");
    }
  }

  @Test
  void sharedSchemaTrueCreatesTheRegistryBesideTheFile() {
    assertThat(Files.isRegularFile(dir.resolve("schema.db.sharedschema"))).isTrue();
  }

  @Test
  void theSchemaDatabaseHoldsNoTableOfOurs() throws SQLException {
    assertThat(Sql.rawColumn(schema, "SELECT name FROM sqlite_master")).containsExactly("t");
  }

  @Test
  void roleIsReadFromTheFileWhenTheUrlHasNoKeys() throws SQLException {
    try (Connection c = Sql.open("jdbc:sharedschema:sqlite:" + schema)) {
      assertRefused(() -> Sql.exec(c, "BEGIN"), "25000");
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "BEGIN",
        "begin immediate transaction",
        "COMMIT",
        "END TRANSACTION",
        "ROLLBACK",
        "SAVEPOINT sp1",
        "RELEASE sp1",
        "INSERT INTO t(v) VALUES ('x'); BEGIN; INSERT INTO t(v) VALUES ('y')"
      })
  void transactionStatementsInTextAreRefusedBeforeAnythingRuns(String sql) throws SQLException {
    try (Connection c = Sql.open(Sql.schemaUrl(schema))) {
      assertRefused(() -> Sql.exec(c, sql), "25000")
          .hasMessageContaining("setAutoCommit(false)")
          .hasMessageContaining(schema.toString());
    }
    assertThat(Sql.rawColumn(schema, "SELECT count(*) FROM t")).containsExactly("0");
  }

  @Test
  void transactionStatementsAreRefusedInPreparedStatementsAndBatchesToo() throws SQLException {
    try (Connection c = Sql.open(Sql.schemaUrl(schema));
        Statement st = c.createStatement()) {
      assertRefused(() -> c.prepareStatement("COMMIT"), "25000");
      assertRefused(() -> st.addBatch("ROLLBACK"), "25000");
    }
  }

  @Test
  void refusalNamesTheStatementNumber() throws SQLException {
    try (Connection c = Sql.open(Sql.schemaUrl(schema))) {
      assertRefused(() -> Sql.exec(c, "SELECT 1; SELECT 2; COMMIT"), "25000")
          .hasMessageContaining("statement 3");
    }
  }

  @Test
  void attachAndDetachAreRefusedUnlessAllowed() throws SQLException {
    Path other = dir.resolve("other.db");
    try (Connection c = Sql.open(Sql.schemaUrl(schema))) {
      assertRefused(() -> Sql.exec(c, "ATTACH DATABASE '" + other + "' AS o"), "42000")
          .hasMessageContaining("shared_schema_allow_attach=true");
      assertRefused(() -> Sql.exec(c, "DETACH o"), "42000");
    }
    try (Connection c = Sql.open(Sql.schemaUrl(schema) + "&shared_schema_allow_attach=true")) {
      Sql.exec(c, "ATTACH DATABASE '" + other + "' AS o");
      Sql.exec(c, "DETACH o");
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "CREATE TABLE _sharedschema_x(a)",
        "CREATE TABLE \"_SharedSchema_jobs\"(a)",
        "ALTER TABLE t RENAME TO _sharedschema_t",
        "CREATE VIEW v AS SELECT * FROM _sharedschema_applied",
        "CREATE TRIGGER tr AFTER INSERT ON t BEGIN DELETE FROM _sharedschema_applied; END",
        "INSERT INTO _sharedschema_applied VALUES (1)"
      })
  void ourReservedPrefixIsRefused(String sql) throws SQLException {
    try (Connection c = Sql.open(Sql.schemaUrl(schema))) {
      assertRefused(() -> Sql.exec(c, sql), "42000").hasMessageContaining("_sharedschema");
    }
    assertThat(Sql.rawColumn(schema, "SELECT name FROM sqlite_master")).containsExactly("t");
  }

  @Test
  void tempObjectsAreRefusedInAutocommitButAllowedInAManualTransaction() throws SQLException {
    try (Connection c = Sql.open(Sql.schemaUrl(schema))) {
      assertRefused(() -> Sql.exec(c, "CREATE TEMP TABLE tt(a)"), "0A000")
          .hasMessageContaining("setAutoCommit(false)");
      c.setAutoCommit(false);
      Sql.exec(c, "CREATE TEMP TABLE tt(a)");
      Sql.exec(c, "INSERT INTO temp.tt VALUES (1)");
      c.rollback();
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"journal_mode=WAL", "journal_mode=off", "journal_mode=MEMORY", "synchronous=OFF"})
  void storageSettingsThatBreakTheAtomicStepAreRefusedInTheUrl(String param) {
    assertRefused(() -> Sql.open(Sql.schemaUrl(schema) + "&" + param), "0A000")
        .hasMessageContaining("rollback journal")
        .hasMessageContaining(param.substring(0, param.indexOf('=')));
  }

  @Test
  void storageSettingsThatBreakTheAtomicStepAreRefusedInProperties() {
    Properties p = new Properties();
    p.setProperty("journal_mode", "WAL");
    assertRefused(() -> java.sql.DriverManager.getConnection(Sql.schemaUrl(schema), p), "0A000");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "PRAGMA journal_mode=WAL",
        "PRAGMA main.journal_mode = 'wal'",
        "PRAGMA synchronous=0"
      })
  void storageSettingsThatBreakTheAtomicStepAreRefusedAsPragmas(String sql) throws SQLException {
    try (Connection c = Sql.open(Sql.schemaUrl(schema))) {
      assertRefused(() -> Sql.exec(c, sql), "0A000");
      assertThat(Sql.column(c, "PRAGMA journal_mode")).containsExactly("delete");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"locking_mode=EXCLUSIVE", "locking_mode=exclusive"})
  void exclusiveLockingIsRefusedInTheUrl(String param) {
    assertRefused(() -> Sql.open(Sql.schemaUrl(schema) + "&" + param), "0A000")
        .hasMessageContaining("locking_mode=")
        .hasMessageContaining(schema.toString())
        .hasMessageContaining("lock");
  }

  @Test
  void exclusiveLockingIsRefusedInProperties() {
    Properties p = new Properties();
    p.setProperty("locking_mode", "Exclusive");
    assertRefused(() -> java.sql.DriverManager.getConnection(Sql.schemaUrl(schema), p), "0A000")
        .hasMessageContaining("locking_mode");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "PRAGMA locking_mode=EXCLUSIVE",
        "PRAGMA main.locking_mode = 'exclusive'",
        "pragma LOCKING_MODE(Exclusive)"
      })
  void exclusiveLockingIsRefusedAsAPragmaAndMigrationsStillFinish(String sql) throws Exception {
    TestFleet f =
        TestFleet.create(Files.createDirectory(dir.resolve("fleet")), 1, "CREATE TABLE t(a)");
    try (Connection c = f.schemaConnection()) {
      assertRefused(() -> Sql.exec(c, sql), "0A000")
          .hasMessageContaining("statement 1")
          .hasMessageContaining("locking_mode");
      assertThat(Sql.column(c, "PRAGMA locking_mode")).containsExactly("normal");
      Sql.exec(c, "INSERT INTO t VALUES (1)");
      Sql.exec(c, "PRAGMA locking_mode = NORMAL");
    }
    for (Path db : f.all()) {
      assertThat(Sql.rawColumn(db, "SELECT a FROM t")).containsExactly("1");
    }
  }

  @Test
  void rollbackJournalModesAndStrongSyncAreAccepted() throws SQLException {
    try (Connection c =
        Sql.open(Sql.schemaUrl(schema) + "&journal_mode=TRUNCATE&synchronous=FULL")) {
      Sql.exec(c, "PRAGMA journal_mode=PERSIST");
      Sql.exec(c, "PRAGMA synchronous=NORMAL");
      assertThat(Sql.column(c, "PRAGMA journal_mode")).containsExactly("persist");
    }
  }

  @Test
  void anExistingSchemaFileInWalIsSwitchedBackOnOpen() throws SQLException {
    Sql.rawExec(schema, "PRAGMA journal_mode=WAL");
    assertThat(Sql.rawColumn(schema, "PRAGMA journal_mode")).containsExactly("wal");
    try (Connection c = Sql.open(Sql.schemaUrl(schema))) {
      assertThat(Sql.column(c, "PRAGMA journal_mode")).containsExactly("delete");
    }
  }

  @Test
  void readsAndLocalPragmasRun() throws SQLException {
    try (Connection c = Sql.open(Sql.schemaUrl(schema))) {
      Sql.exec(c, "PRAGMA foreign_keys = ON");
      assertThat(Sql.column(c, "SELECT count(*) FROM t")).containsExactly("0");
      assertThat(Sql.column(c, "PRAGMA foreign_keys")).containsExactly("1");
      assertThat(c.getMetaData().getDatabaseProductName()).isEqualTo("SQLite");
    }
  }

  @Test
  void bothRoleKeysAtOnceAreRefused() {
    assertRefused(
            () -> Sql.open(Sql.schemaUrl(dir.resolve("x.db")) + "&shared_schema_name=" + schema),
            "08001")
        .hasMessageContaining("either");
  }

  static org.assertj.core.api.AbstractThrowableAssert<?, ? extends Throwable> assertRefused(
      ThrowingCallable call, String state) {
    return assertThatThrownBy(call)
        .isInstanceOf(SQLException.class)
        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo(state));
  }
}
