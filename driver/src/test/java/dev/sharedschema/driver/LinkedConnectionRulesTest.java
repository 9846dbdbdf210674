package dev.sharedschema.driver;

import static dev.sharedschema.driver.SchemaConnectionRulesTest.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A linked database is ordinary for its data; its schema comes from the schema database (DESIGN.md
 * §5).
 */
class LinkedConnectionRulesTest {
  @TempDir Path dir;
  Path schema;
  Path tenant;

  @BeforeEach
  void createFleet() throws SQLException {
    schema = dir.resolve("schema.db");
    tenant = dir.resolve("t1.db");
    try (Connection c = Sql.open(Sql.schemaUrl(schema))) {
      Sql.exec(c, "CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT)");
    }
    Sql.open(Sql.linkedUrl(tenant, schema)).close();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "CREATE TABLE u(a)",
        "ALTER TABLE t ADD COLUMN w",
        "DROP TABLE t",
        "CREATE INDEX i ON t(v)",
        "CREATE VIEW vv AS SELECT 1",
        "CREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT 1; END",
        "PRAGMA user_version = 7",
        "PRAGMA application_id = 7",
        "INSERT INTO t(v) VALUES ('a'); CREATE TABLE u(a)"
      })
  void schemaChangesAreRefusedNamingTheSchemaDatabase(String sql) throws SQLException {
    try (Connection c = Sql.open(Sql.linkedUrl(tenant, schema))) {
      assertRefused(() -> Sql.exec(c, sql), "42000")
          .hasMessageContaining(schema.toString())
          .hasMessageContaining("shared_schema=true")
          .hasMessageContaining(tenant.toString());
    }
    assertThat(Sql.rawColumn(tenant, "SELECT count(*) FROM t")).containsExactly("0");
    assertThat(Sql.rawColumn(tenant, "PRAGMA user_version")).containsExactly("0");
  }

  @Test
  void dataWritesTempObjectsAndTransactionsPassThrough() throws SQLException {
    try (Connection c = Sql.open(Sql.linkedUrl(tenant, schema))) {
      Sql.exec(c, "BEGIN");
      Sql.exec(c, "INSERT INTO t(v) VALUES ('a')");
      Sql.exec(c, "UPDATE t SET v = 'b'");
      Sql.exec(c, "COMMIT");
      Sql.exec(c, "INSERT OR REPLACE INTO t(id, v) VALUES (1, 'c')");
      Sql.exec(c, "CREATE TEMP TABLE scratch(x)");
      Sql.exec(c, "INSERT INTO scratch VALUES (1)");
      Sql.exec(c, "DROP TABLE temp.scratch");
      c.setAutoCommit(false);
      Sql.exec(c, "DELETE FROM t WHERE id = 99");
      c.commit();
    }
    assertThat(Sql.rawColumn(tenant, "SELECT v FROM t")).containsExactly("c");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "PRAGMA foreign_keys = ON",
        "PRAGMA cache_size = -4000",
        "PRAGMA journal_mode = WAL",
        "VACUUM",
        "REINDEX",
        "ANALYZE",
        "PRAGMA optimize"
      })
  void localAndStorageStatementsActOnThisFileAlone(String sql) throws SQLException {
    try (Connection c = Sql.open(Sql.linkedUrl(tenant, schema))) {
      Sql.exec(c, sql);
    }
  }

  @Test
  void attachIsRefusedUnlessAllowed() throws SQLException {
    Path other = dir.resolve("other.db");
    try (Connection c = Sql.open(Sql.linkedUrl(tenant, schema))) {
      assertRefused(() -> Sql.exec(c, "ATTACH '" + other + "' AS o"), "42000")
          .hasMessageContaining("shared_schema_allow_attach");
    }
    try (Connection c =
        Sql.open(Sql.linkedUrl(tenant, schema) + "&shared_schema_allow_attach=true")) {
      Sql.exec(c, "ATTACH '" + other + "' AS o");
      Sql.exec(c, "DETACH o");
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "INSERT INTO _sharedschema_applied VALUES ('x', 5, 'RunSuccess', NULL, 0, 'y')",
        "DELETE FROM _sharedschema_applied",
        "UPDATE main.\"_SHAREDSCHEMA_APPLIED\" SET state = 'x'",
        "DROP TABLE _sharedschema_applied"
      })
  void ourTableIsReadOnly(String sql) throws SQLException {
    try (Connection c = Sql.open(Sql.linkedUrl(tenant, schema))) {
      List<String> before = Sql.column(c, "SELECT * FROM _sharedschema_applied");
      assertRefused(() -> Sql.exec(c, sql), "42000");
      assertThat(Sql.column(c, "SELECT * FROM _sharedschema_applied"))
          .isNotEmpty()
          .isEqualTo(before);
    }
  }

  @Test
  void unclassifiableStatementsAreRefusedNotRun() throws SQLException {
    try (Connection c = Sql.open(Sql.linkedUrl(tenant, schema))) {
      assertRefused(() -> Sql.exec(c, "FROBNICATE t"), "42000").hasMessageContaining("cannot tell");
    }
  }

  @Test
  void roleIsReadFromTheFileWhenTheUrlHasNoKeys() throws SQLException {
    try (Connection c = Sql.open("jdbc:sharedschema:sqlite:" + tenant)) {
      assertRefused(() -> Sql.exec(c, "CREATE TABLE u(a)"), "42000")
          .hasMessageContaining(schema.toString());
      assertThat(Sql.column(c, "PRAGMA busy_timeout")).containsExactly("10000");
    }
  }

  @Test
  void linkedConnectionsWaitTenSecondsOnABusyFileUnlessTheUrlSaysOtherwise() throws SQLException {
    try (Connection c = Sql.open(Sql.linkedUrl(tenant, schema))) {
      assertThat(Sql.column(c, "PRAGMA busy_timeout")).containsExactly("10000");
    }
    try (Connection c = Sql.open(Sql.linkedUrl(tenant, schema) + "&busy_timeout=250")) {
      assertThat(Sql.column(c, "PRAGMA busy_timeout")).containsExactly("250");
    }
  }

  @Test
  void ourTableIsHiddenFromMetadataButReadable() throws SQLException {
    try (Connection c = Sql.open(Sql.linkedUrl(tenant, schema))) {
      List<String> tables = new ArrayList<>();
      try (ResultSet rs = c.getMetaData().getTables(null, null, "%", null)) {
        while (rs.next()) {
          tables.add(rs.getString("TABLE_NAME"));
        }
      }
      assertThat(tables).contains("t").doesNotContain("_sharedschema_applied");
      assertThat(Sql.column(c, "SELECT state FROM _sharedschema_applied WHERE job_id = 0"))
          .containsExactly("Linked");
    }
  }
}
