package dev.sharedschema.driver.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import org.assertj.core.api.AbstractThrowableAssert;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * By default a linked connection cannot ATTACH another file, write our table, change the schema, or
 * load an extension (issue 5, "Hostile input"; DESIGN.md §5). Each attempt leaves the linked
 * database exactly as it was.
 */
class LinkedConnectionHostileTest {
  @TempDir Path dir;
  HostileFleet fleet;
  Path tenant;
  String schemaBefore;
  String dataBefore;
  String appliedBefore;

  @BeforeEach
  void createFleet() throws Exception {
    fleet = HostileFleet.create(dir, "fleet");
    tenant = fleet.linked();
    schemaBefore = HostileFleet.schemaOf(tenant);
    dataBefore = HostileFleet.dataOf(tenant);
    appliedBefore = applied();
  }

  @AfterEach
  void nothingChanged() throws SQLException {
    try {
      assertThat(HostileFleet.schemaOf(tenant)).isEqualTo(schemaBefore);
      assertThat(HostileFleet.dataOf(tenant)).isEqualTo(dataBefore);
      assertThat(applied()).isEqualTo(appliedBefore);
      assertThat(fleet.violations()).isEmpty();
    } finally {
      fleet.close();
    }
  }

  private String applied() throws SQLException {
    return HostileFleet.rawColumn(tenant, "SELECT * FROM _sharedschema_applied").toString()
        + HostileFleet.rawColumn(tenant, "SELECT count(*) FROM _sharedschema_applied");
  }

  private Connection linked() throws SQLException {
    return DriverManager.getConnection(fleet.linkedUrl(tenant));
  }

  @Test
  void cannotAttachAnotherFile() throws SQLException {
    Path other = dir.resolve("other.db");
    try (Connection c = linked()) {
      for (String sql :
          new String[] {
            "ATTACH '" + other + "' AS o",
            "ATTACH DATABASE '" + other + "' AS o",
            "/* */ attach '" + other + "' as o",
            "SELECT 1; ATTACH '" + other + "' AS o",
            "ATTACH '" + fleet.schema + "' AS s",
            "ATTACH ':memory:' AS m"
          }) {
        assertRefused(() -> HostileFleet.exec(c, sql), "42000")
            .hasMessageContaining("shared_schema_allow_attach");
        assertRefused(() -> c.prepareStatement(sql).execute(), "42000");
      }
      assertThat(HostileFleet.column(c, "SELECT name FROM pragma_database_list"))
          .containsExactly("main");
    }
    assertThat(Files.exists(other)).isFalse();
  }

  @Test
  void cannotWriteOurTable() throws SQLException {
    try (Connection c = linked()) {
      List<String> before = HostileFleet.column(c, "SELECT * FROM _sharedschema_applied");
      for (String sql :
          new String[] {
            "INSERT INTO _sharedschema_applied DEFAULT VALUES",
            "UPDATE main.\"_SHAREDSCHEMA_APPLIED\" SET state = 'x'",
            "DELETE FROM [_sharedschema_applied]",
            "WITH c AS (SELECT 1) DELETE FROM _sharedschema_applied",
            "DROP TABLE _sharedschema_applied",
            "ALTER TABLE _sharedschema_applied RENAME TO applied",
            "CREATE TEMP TRIGGER tr AFTER INSERT ON t BEGIN DELETE FROM _sharedschema_applied; END"
          }) {
        assertRefused(() -> HostileFleet.exec(c, sql), "42000")
            .hasMessageContaining("_sharedschema");
      }
      c.setAutoCommit(false);
      assertRefused(() -> HostileFleet.exec(c, "DELETE FROM _sharedschema_applied"), "42000");
      c.commit();
      assertThat(HostileFleet.column(c, "SELECT * FROM _sharedschema_applied"))
          .isNotEmpty()
          .isEqualTo(before);
    }
  }

  @Test
  void cannotChangeTheSchema() throws SQLException {
    try (Connection c = linked()) {
      for (String sql :
          new String[] {
            "CREATE TABLE zz(a)",
            "ALTER TABLE t ADD COLUMN z",
            "DROP VIEW tv",
            "CREATE INDEX zi ON u(a)",
            "PRAGMA user_version = 9",
            "PRAGMA application_id = 9",
            "SELECT 1; DROP TRIGGER t_ai",
            "PRAGMA writable_schema = ON; DELETE FROM sqlite_master WHERE name = 'tv'"
          }) {
        assertRefused(() -> HostileFleet.exec(c, sql), "42000")
            .hasMessageContaining(fleet.schema.toString());
      }
      HostileFleet.exec(c, "PRAGMA writable_schema = ON");
      assertRefused(
              () -> HostileFleet.exec(c, "UPDATE sqlite_master SET sql = 'x' WHERE name = 'tv'"),
              "42000")
          .hasMessageContaining(fleet.schema.toString());
      c.setAutoCommit(false);
      assertRefused(() -> HostileFleet.exec(c, "CREATE TABLE zz(a)"), "42000")
          .hasMessageContaining(fleet.schema.toString());
      c.rollback();
    }
  }

  @Test
  void cannotLoadAnExtensionByDefault() throws Exception {
    Path fake = Files.write(dir.resolve("libfake.so"), new byte[] {0x7f, 'E', 'L', 'F', 0});
    try (Connection c = linked()) {
      for (String sql :
          new String[] {
            "SELECT load_extension('x')",
            "SELECT load_extension('" + fake + "')",
            "SELECT load_extension('" + fake + "', 'sqlite3_fake_init')",
            "INSERT INTO u VALUES (load_extension('x'), 1)"
          }) {
        assertThatThrownBy(() -> HostileFleet.exec(c, sql))
            .as(sql)
            .isInstanceOf(SQLException.class)
            .hasMessageContaining("not authorized");
      }
    }
  }

  static AbstractThrowableAssert<?, ? extends Throwable> assertRefused(
      ThrowingCallable call, String state) {
    return assertThatThrownBy(call)
        .isInstanceOf(SQLException.class)
        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo(state));
  }

  /**
   * Found by {@code RandomSequencesTest} (seed 5821705500898): sqlite-jdbc 3.54.1.0 turns a text of
   * only comments into a statement without a handle, and the second such text on a connection threw
   * an unchecked IllegalStateException ("Already added pointer to statements set"). Such a text is
   * now refused before sqlite-jdbc sees it, on every path, and the connection keeps working.
   */
  @Test
  void aTextOfOnlyCommentsIsRefusedCleanlyAndLeavesTheConnectionWorking() throws SQLException {
    try (Connection c = linked()) {
      for (int i = 0; i < 3; i++) {
        assertRefused(() -> HostileFleet.exec(c, "-- only a comment"), "42000")
            .hasMessageContaining("no statement");
        assertRefused(() -> c.prepareStatement("/* nothing */  "), "42000");
        assertRefused(() -> c.createStatement().executeQuery("--END`x*/t/*AS"), "42000");
      }
      assertThat(HostileFleet.column(c, "SELECT count(*) FROM _sharedschema_applied")).hasSize(1);
    }
  }
}
