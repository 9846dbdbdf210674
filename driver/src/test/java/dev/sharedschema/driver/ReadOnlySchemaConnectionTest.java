package dev.sharedschema.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.sqlite.SQLiteConfig;

/**
 * A read-only schema connection refuses every write with {@code 25006} before any job is made
 * (issue 13 item 2): a read-only console session (DBeaver, SQLLine) changes nothing, however it was
 * made read-only.
 */
class ReadOnlySchemaConnectionTest {
  @TempDir Path dir;

  /** The ways a user makes a schema connection read-only. */
  enum Way {
    OPEN_MODE_IN_THE_URL,
    MODE_RO_IN_A_FILE_URI,
    SQLITE_JDBC_READ_ONLY_PROPERTY,
    SET_READ_ONLY
  }

  private static Connection open(TestFleet f, Way way) throws SQLException {
    return switch (way) {
      case OPEN_MODE_IN_THE_URL -> Sql.open(Sql.schemaUrl(f.schema) + "&open_mode=1");
      case MODE_RO_IN_A_FILE_URI ->
          Sql.open("jdbc:sharedschema:sqlite:file:" + f.schema + "?mode=ro&shared_schema=true");
      case SQLITE_JDBC_READ_ONLY_PROPERTY -> {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        yield DriverManager.getConnection(Sql.schemaUrl(f.schema), config.toProperties());
      }
      case SET_READ_ONLY -> {
        Connection c = f.schemaConnection();
        c.setReadOnly(true);
        yield c;
      }
    };
  }

  @ParameterizedTest
  @EnumSource(Way.class)
  void everyWriteIsRefusedBeforeAnyJobAndReadsWork(Way way) throws SQLException {
    TestFleet f = TestFleet.create(dir, 2, "CREATE TABLE t(a)", "INSERT INTO t VALUES (1)");
    try (Connection c = open(f, way);
        Statement st = c.createStatement()) {
      assertThat(c.isReadOnly()).isTrue();
      assertThat(Sql.column(c, "SELECT a FROM t")).containsExactly("1");
      assertReadOnly(() -> st.execute("CREATE TABLE x(a)")).hasMessageContaining("statement 1");
      assertReadOnly(() -> st.executeUpdate("SELECT 1; INSERT INTO t VALUES (2)"))
          .hasMessageContaining("statement 2");
      assertReadOnly(() -> st.execute("PRAGMA user_version = 7"));
      assertReadOnly(() -> st.execute("ANALYZE"));
      assertReadOnly(() -> c.prepareStatement("INSERT INTO t VALUES (?)"));
      assertReadOnly(
          () -> {
            st.addBatch("INSERT INTO t VALUES (4)");
            st.executeBatch();
          });
      c.setAutoCommit(false);
      assertReadOnly(() -> st.execute("INSERT INTO t VALUES (5)"));
      c.commit();
      assertThat(Sql.column(c, "SELECT a FROM t")).containsExactly("1");
    }
    assertThat(f.jobCount()).as("jobs made").isZero();
    for (Path db : f.all()) {
      assertThat(Sql.rawColumn(db, "SELECT a FROM t")).as(db.toString()).containsExactly("1");
      assertThat(TestFleet.hasTable(db, "x")).isFalse();
    }
  }

  @Test
  void setReadOnlyFalseMakesTheConnectionWriteAgain() throws SQLException {
    TestFleet f = TestFleet.create(dir, 1, "CREATE TABLE t(a)");
    try (Connection c = f.schemaConnection();
        PreparedStatement ps = c.prepareStatement("INSERT INTO t VALUES (?)")) {
      c.setReadOnly(true);
      ps.setInt(1, 3);
      assertReadOnly(ps::executeUpdate);
      ps.addBatch();
      assertReadOnly(ps::executeBatch);
      assertThatThrownBy(() -> Sql.exec(c, "VACUUM"))
          .as("SQLite itself refuses what writes the file locally (query_only)")
          .hasMessageContaining("readonly");
      c.setReadOnly(false);
      assertThat(c.isReadOnly()).isFalse();
      Sql.exec(c, "INSERT INTO t VALUES (1)");
    }
    for (Path db : f.all()) {
      assertThat(Sql.rawColumn(db, "SELECT a FROM t")).containsExactly("1");
    }
  }

  @Test
  void aConnectionOpenedReadOnlyCannotBeMadeWritable() throws SQLException {
    TestFleet f = TestFleet.create(dir, 1, "CREATE TABLE t(a)");
    try (Connection c = open(f, Way.OPEN_MODE_IN_THE_URL)) {
      assertReadOnly(() -> c.setReadOnly(false)).hasMessageContaining("open_mode=1");
    }
  }

  @Test
  void aReadOnlyConnectionDoesNotMakeAPlainFileASchemaDatabase() throws SQLException {
    Path plain = dir.resolve("plain.db");
    Sql.rawExec(plain, "CREATE TABLE t(a)");
    assertReadOnly(() -> Sql.open(Sql.schemaUrl(plain) + "&open_mode=1"))
        .hasMessageContaining(plain.toString());
    assertThat(Files.exists(dir.resolve("plain.db.sharedschema"))).isFalse();
  }

  private static org.assertj.core.api.AbstractThrowableAssert<?, ? extends Throwable>
      assertReadOnly(ThrowingCallable call) {
    return assertThatThrownBy(call)
        .isInstanceOf(SQLException.class)
        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("25006"))
        .hasMessageContaining("read-only");
  }
}
