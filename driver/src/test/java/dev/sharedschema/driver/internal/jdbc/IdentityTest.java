package dev.sharedschema.driver.internal.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sharedschema.driver.SharedSchemaDriver;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.Driver;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class IdentityTest {
  @TempDir Path dir;
  TestDatabase db;
  Connection conn;

  @BeforeEach
  void setUp() throws SQLException {
    db = new TestDatabase(dir);
    db.run(
        "create table t(id integer primary key, v text)", "insert into t(v) values ('a'), ('b')");
    conn = db.open();
  }

  @AfterEach
  void tearDown() throws SQLException {
    conn.close();
  }

  interface StatementMaker {
    Statement make(Connection c) throws SQLException;
  }

  static Stream<Arguments> statementMakers() {
    int fwd = ResultSet.TYPE_FORWARD_ONLY;
    int ro = ResultSet.CONCUR_READ_ONLY;
    int hold = ResultSet.CLOSE_CURSORS_AT_COMMIT;
    String sql = "select v from t";
    return Stream.of(
        Arguments.of("createStatement()", (StatementMaker) c -> c.createStatement()),
        Arguments.of("createStatement(int,int)", (StatementMaker) c -> c.createStatement(fwd, ro)),
        Arguments.of(
            "createStatement(int,int,int)", (StatementMaker) c -> c.createStatement(fwd, ro, hold)),
        Arguments.of("prepareStatement(String)", (StatementMaker) c -> c.prepareStatement(sql)),
        Arguments.of(
            "prepareStatement(String,int)",
            (StatementMaker) c -> c.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)),
        Arguments.of(
            "prepareStatement(String,int[])",
            (StatementMaker) c -> c.prepareStatement(sql, new int[] {1})),
        Arguments.of(
            "prepareStatement(String,String[])",
            (StatementMaker) c -> c.prepareStatement(sql, new String[] {"id"})),
        Arguments.of(
            "prepareStatement(String,int,int)",
            (StatementMaker) c -> c.prepareStatement(sql, fwd, ro)),
        Arguments.of(
            "prepareStatement(String,int,int,int)",
            (StatementMaker) c -> c.prepareStatement(sql, fwd, ro, hold)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("statementMakers")
  void statementHandsBackItsConnection(String name, StatementMaker maker) throws SQLException {
    try (Statement s = maker.make(conn)) {
      assertThat(s.getConnection()).isSameAs(conn);
    }
  }

  @Test
  void resultSetsOfAStatementHandBackTheStatement() throws SQLException {
    try (Statement s = conn.createStatement()) {
      assertThat(s.executeQuery("select v from t").getStatement()).isSameAs(s);
      assertThat(s.execute("select v from t")).isTrue();
      assertThat(s.getResultSet().getStatement()).isSameAs(s);
      s.executeUpdate("insert into t(v) values ('c')");
      ResultSet keys = s.getGeneratedKeys();
      assertThat(keys.getStatement()).isSameAs(s);
      assertThat(keys.next()).isTrue();
      assertThat(keys.getLong(1)).isEqualTo(3);
    }
  }

  @Test
  void resultSetsOfAPreparedStatementHandBackTheStatement() throws SQLException {
    try (PreparedStatement ps = conn.prepareStatement("select v from t where id = ?")) {
      ps.setInt(1, 1);
      assertThat(ps.executeQuery().getStatement()).isSameAs(ps);
      assertThat(ps.execute()).isTrue();
      assertThat(ps.getResultSet().getStatement()).isSameAs(ps);
    }
    try (PreparedStatement ps =
        conn.prepareStatement("insert into t(v) values (?)", Statement.RETURN_GENERATED_KEYS)) {
      ps.setString(1, "c");
      ps.executeUpdate();
      ResultSet keys = ps.getGeneratedKeys();
      assertThat(keys.getStatement()).isSameAs(ps);
      assertThat(keys.next()).isTrue();
      assertThat(keys.getLong(1)).isEqualTo(3);
    }
  }

  @Test
  void preparedQueriesReuseOneResultSetWrapperAndReadTheRightRows() throws SQLException {
    try (PreparedStatement ps = conn.prepareStatement("select v from t where id = ?")) {
      ps.setInt(1, 1);
      ResultSet first = ps.executeQuery();
      assertThat(first.next()).isTrue();
      assertThat(first.getString(1)).isEqualTo("a");
      ps.setInt(1, 2);
      ResultSet second = ps.executeQuery();
      assertThat(second).isSameAs(first);
      assertThat(second.next()).isTrue();
      assertThat(second.getString("v")).isEqualTo("b");
      assertThat(second.next()).isFalse();
    }
  }

  @Test
  void statementQueriesReuseOneResultSetWrapperAndReadTheRightRows() throws SQLException {
    try (Statement s = conn.createStatement()) {
      ResultSet first = s.executeQuery("select v from t where id = 1");
      assertThat(first.next()).isTrue();
      assertThat(first.getString(1)).isEqualTo("a");
      ResultSet second = s.executeQuery("select v, id from t where id = 2");
      assertThat(second).isSameAs(first);
      assertThat(second.next()).isTrue();
      assertThat(second.getString(1)).isEqualTo("b");
      assertThat(second.getInt(2)).isEqualTo(2);
    }
  }

  @Test
  void metaDataIsOnePerConnectionAndHandsBackTheConnection() throws SQLException {
    DatabaseMetaData meta = conn.getMetaData();
    assertThat(conn.getMetaData()).isSameAs(meta);
    assertThat(meta.getConnection()).isSameAs(conn);
  }

  @Test
  void metaDataReportsOurUrlAndSqliteAsTheProduct() throws SQLException {
    DatabaseMetaData meta = conn.getMetaData();
    assertThat(meta.getURL()).isEqualTo(db.url());
    assertThat(meta.getDatabaseProductName()).isEqualTo("SQLite");
    assertThat(meta.getDatabaseProductVersion())
        .isEqualTo(
            conn.unwrap(org.sqlite.SQLiteConnection.class)
                .getMetaData()
                .getDatabaseProductVersion());
  }

  /** A tool that lists drivers (DBeaver does) can tell this driver from plain sqlite-jdbc. */
  @Test
  void metaDataReportsOurDriverNameAndTheVersionMavenBuilt() throws SQLException {
    DatabaseMetaData meta = conn.getMetaData();
    DatabaseMetaData sqlite = conn.unwrap(org.sqlite.SQLiteConnection.class).getMetaData();
    String built = System.getProperty("sharedschema.version");
    assertThat(built).as("surefire passes the project version").isNotBlank();
    assertThat(meta.getDriverName())
        .isEqualTo("sharedschema (SQLite JDBC " + sqlite.getDriverVersion() + ")");
    assertThat(meta.getDriverVersion()).isEqualTo(built);
    assertThat(built)
        .startsWith(meta.getDriverMajorVersion() + "." + meta.getDriverMinorVersion() + ".");
    Driver driver = new SharedSchemaDriver();
    assertThat(driver.getMajorVersion()).isEqualTo(meta.getDriverMajorVersion());
    assertThat(driver.getMinorVersion()).isEqualTo(meta.getDriverMinorVersion());
  }

  @Test
  void metaDataResultSetsHaveNoStatement() throws SQLException {
    try (ResultSet tables = conn.getMetaData().getTables(null, null, "%", null)) {
      assertThat(tables.getStatement()).isNull();
      assertThat(tables.next()).isTrue();
    }
  }
}
