package dev.sharedschema.driver.internal.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Wrapper;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.sqlite.SQLiteConnection;
import org.sqlite.jdbc4.JDBC4DatabaseMetaData;
import org.sqlite.jdbc4.JDBC4PreparedStatement;
import org.sqlite.jdbc4.JDBC4ResultSet;
import org.sqlite.jdbc4.JDBC4Statement;

class UnwrapTest {
  @TempDir Path dir;
  Connection raw;
  Connection conn;

  @BeforeEach
  void setUp() throws SQLException {
    TestDatabase db = new TestDatabase(dir);
    raw = db.raw();
    conn = JdbcWrappers.wrap(raw, new ConnectionContext(db.url(), db.gate));
  }

  @AfterEach
  void tearDown() throws SQLException {
    conn.close();
  }

  interface WrapperMaker {
    Wrapper make(Connection c) throws SQLException;
  }

  /** Each wrapper, one interface it implements, and the sqlite-jdbc class it wraps. */
  static Stream<Arguments> wrappers() {
    return Stream.of(
        Arguments.of("Connection", (WrapperMaker) c -> c, Connection.class, SQLiteConnection.class),
        Arguments.of(
            "Statement",
            (WrapperMaker) Connection::createStatement,
            Statement.class,
            JDBC4Statement.class),
        Arguments.of(
            "PreparedStatement",
            (WrapperMaker) c -> c.prepareStatement("select 1"),
            PreparedStatement.class,
            JDBC4PreparedStatement.class),
        Arguments.of(
            "DatabaseMetaData",
            (WrapperMaker) Connection::getMetaData,
            DatabaseMetaData.class,
            JDBC4DatabaseMetaData.class),
        Arguments.of(
            "ResultSet",
            (WrapperMaker) c -> c.createStatement().executeQuery("select 1"),
            ResultSet.class,
            JDBC4ResultSet.class),
        Arguments.of(
            "metadata ResultSet",
            (WrapperMaker) c -> c.getMetaData().getTables(null, null, "%", null),
            ResultSet.class,
            JDBC4ResultSet.class));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("wrappers")
  void unwrapsToItselfAndToTheDelegate(
      String name, WrapperMaker maker, Class<?> iface, Class<?> sqliteClass) throws SQLException {
    Wrapper w = maker.make(conn);
    assertThat(w.unwrap(iface)).isSameAs(w);
    assertThat(w.unwrap(Wrapper.class)).isSameAs(w);
    assertThat(w.isWrapperFor(iface)).isTrue();
    assertThat(w.isWrapperFor(sqliteClass)).isTrue();
    Object delegate = w.unwrap(sqliteClass);
    assertThat(delegate).isInstanceOf(sqliteClass).isNotSameAs(w);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("wrappers")
  void refusesAForeignInterfaceWithSqlException(
      String name, WrapperMaker maker, Class<?> iface, Class<?> sqliteClass) throws SQLException {
    Wrapper w = maker.make(conn);
    assertThat(w.isWrapperFor(Runnable.class)).isFalse();
    assertThat(w.isWrapperFor(null)).isFalse();
    SQLException e = TestDatabase.sqlFailure(() -> w.unwrap(Runnable.class));
    assertThat(e.getMessage()).contains(Runnable.class.getName());
    assertThat(e.getSQLState()).isEqualTo(WrapperChain.NOT_A_WRAPPER);
  }

  @Test
  void connectionUnwrapsToTheVeryConnectionItWraps() throws SQLException {
    assertThat(conn.unwrap(SQLiteConnection.class)).isSameAs(raw);
    assertThat(conn.unwrap(Connection.class)).isSameAs(conn);
  }

  @Test
  void unwrapStillWorksOnClosedObjects() throws SQLException {
    Statement s = conn.createStatement();
    conn.close();
    assertThat(s.isWrapperFor(JDBC4Statement.class)).isTrue();
    assertThat(s.unwrap(Statement.class)).isSameAs(s);
    assertThat(conn.isWrapperFor(SQLiteConnection.class)).isTrue();
    assertThat(conn.unwrap(SQLiteConnection.class)).isSameAs(raw);
  }
}
