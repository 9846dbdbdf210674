package dev.sharedschema.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Without role keys, every URL form sqlite-jdbc accepts behaves as plain sqlite-jdbc (DESIGN.md
 * §3).
 */
class DriverPassThroughTest {
  @TempDir Path dir;

  @Test
  void registeredThroughServiceLoader() {
    assertThat(ServiceLoader.load(Driver.class).stream().map(p -> p.type().getName()))
        .contains(SharedSchemaDriver.class.getName());
  }

  @Test
  void driverManagerPicksUsForOurPrefixOnly() throws SQLException {
    assertThat(DriverManager.getDriver("jdbc:sharedschema:sqlite:/x.db"))
        .isInstanceOf(SharedSchemaDriver.class);
    assertThat(DriverManager.getDriver("jdbc:sqlite:/x.db"))
        .isNotInstanceOf(SharedSchemaDriver.class);
    assertThat(new SharedSchemaDriver().connect("jdbc:sqlite:/x.db", null)).isNull();
  }

  @Test
  void plainFileWorksLikeSqliteJdbc() throws SQLException {
    Path db = dir.resolve("plain.db");
    try (Connection c = Sql.open("jdbc:sharedschema:sqlite:" + db)) {
      Sql.exec(c, "CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT)");
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO t(name) VALUES (?)")) {
        ps.setString(1, "a");
        assertThat(ps.executeUpdate()).isEqualTo(1);
      }
      c.setAutoCommit(false);
      Sql.exec(c, "INSERT INTO t(name) VALUES ('b')");
      c.rollback();
      Sql.exec(c, "INSERT INTO t(name) VALUES ('c')");
      c.commit();
      assertThat(c.getMetaData().getDatabaseProductName()).isEqualTo("SQLite");
      assertThat(c.getMetaData().getURL()).isEqualTo("jdbc:sharedschema:sqlite:" + db);
    }
    assertThat(Sql.rawColumn(db, "SELECT name FROM t ORDER BY id")).containsExactly("a", "c");
    assertThat(Files.exists(dir.resolve("plain.db.sharedschema"))).isFalse();
  }

  @Test
  void transactionTextIsAllowedOnPlainFiles() throws SQLException {
    Path db = dir.resolve("plain.db");
    try (Connection c = Sql.open("jdbc:sharedschema:sqlite:" + db)) {
      Sql.exec(c, "CREATE TABLE t(x)");
      Sql.exec(c, "BEGIN");
      Sql.exec(c, "INSERT INTO t VALUES (1)");
      Sql.exec(c, "COMMIT");
    }
    assertThat(Sql.rawColumn(db, "SELECT x FROM t")).containsExactly("1");
  }

  @Test
  void sqliteParametersPassThrough() throws SQLException {
    Path db = dir.resolve("wal.db");
    try (Connection c =
        Sql.open("jdbc:sharedschema:sqlite:" + db + "?journal_mode=WAL&foreign_keys=on")) {
      assertThat(Sql.column(c, "PRAGMA journal_mode")).containsExactly("wal");
      assertThat(Sql.column(c, "PRAGMA foreign_keys")).containsExactly("1");
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "jdbc:sharedschema:sqlite:",
        "jdbc:sharedschema:sqlite::memory:",
        "jdbc:sharedschema:sqlite:file::memory:?cache=shared",
        "jdbc:sharedschema:sqlite:file:memdb1?mode=memory&cache=shared"
      })
  void inMemoryUrlsWork(String url) throws SQLException {
    try (Connection c = Sql.open(url)) {
      Sql.exec(c, "CREATE TABLE m(x)");
      Sql.exec(c, "INSERT INTO m VALUES (42)");
      assertThat(Sql.column(c, "SELECT x FROM m")).containsExactly("42");
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "jdbc:sharedschema:sqlite::memory:?shared_schema=true",
        "jdbc:sharedschema:sqlite:?shared_schema_name=/tmp/s.db",
        "jdbc:sharedschema:sqlite:file::memory:?cache=shared&shared_schema=true"
      })
  void inMemoryDatabasesCannotTakeARole(String url) {
    assertThatThrownBy(() -> Sql.open(url))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("in-memory")
        .hasMessageContaining("only database files")
        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("08001"));
  }

  @Test
  void classPathResourceDatabaseOpens() throws SQLException {
    Path db = dir.resolve("res.db");
    Sql.rawExec(db, "CREATE TABLE r(x)");
    Sql.rawExec(db, "INSERT INTO r VALUES ('from-resource')");
    try (Connection c = Sql.open("jdbc:sharedschema:sqlite::resource:" + db.toUri().toURL())) {
      assertThat(Sql.column(c, "SELECT x FROM r")).containsExactly("from-resource");
    } catch (java.net.MalformedURLException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void propertyInfoListsOursAndSqliteJdbcsWithDescriptions() throws SQLException {
    DriverPropertyInfo[] info =
        new SharedSchemaDriver().getPropertyInfo("jdbc:sharedschema:sqlite:/x.db", null);
    assertThat(Arrays.stream(info).map(i -> i.name))
        .contains(
            "shared_schema",
            "shared_schema_name",
            "shared_schema_workers",
            "shared_schema_busy_timeout",
            "shared_schema_timeout",
            "shared_schema_allow_attach",
            "journal_mode",
            "busy_timeout",
            "foreign_keys");
    assertThat(info).allSatisfy(i -> assertThat(i.description).isNotBlank());
  }

  @Test
  void dataSourceOpensWithUrlAndProperties() throws SQLException {
    Path db = dir.resolve("ds.db");
    SharedSchemaDataSource ds = new SharedSchemaDataSource();
    ds.setUrl("jdbc:sharedschema:sqlite:" + db);
    ds.setProperty("foreign_keys", "true");
    try (Connection c = ds.getConnection("ignored", "ignored")) {
      assertThat(Sql.column(c, "PRAGMA foreign_keys")).containsExactly("1");
    }
    assertThat(ds.isWrapperFor(SharedSchemaDataSource.class)).isTrue();
    assertThatThrownBy(() -> ds.unwrap(Driver.class)).isInstanceOf(SQLException.class);
  }

  @Test
  void dataSourceWithoutUrlSaysWhatToDo() {
    assertThatThrownBy(() -> new SharedSchemaDataSource().getConnection())
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("setUrl");
  }

  @Test
  void resultsAreReadBack() throws SQLException {
    try (Connection c = Sql.open("jdbc:sharedschema:sqlite::memory:");
        PreparedStatement ps = c.prepareStatement("SELECT ? + 1")) {
      ps.setInt(1, 41);
      try (ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getInt(1)).isEqualTo(42);
      }
    }
  }
}
