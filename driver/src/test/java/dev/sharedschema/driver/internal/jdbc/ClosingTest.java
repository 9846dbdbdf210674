package dev.sharedschema.driver.internal.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sqlite.SQLiteConnection;
import org.sqlite.jdbc4.JDBC4Statement;

class ClosingTest {
  @TempDir Path dir;
  TestDatabase db;

  @BeforeEach
  void setUp() throws SQLException {
    db = new TestDatabase(dir);
    db.run("create table t(v text)");
  }

  static void assertClosedConnection(ThrowingCallable call) {
    SQLException e = TestDatabase.sqlFailure(call);
    assertThat(e.getMessage()).contains("connection is closed");
    assertThat(e.getSQLState()).isEqualTo("08003");
  }

  static void assertClosedStatement(ThrowingCallable call) {
    SQLException e = TestDatabase.sqlFailure(call);
    assertThat(e.getMessage()).isEqualTo("statement is closed");
    assertThat(e.getSQLState()).isEqualTo("HY010");
  }

  @Test
  void closedConnectionThrowsOnUse() throws SQLException {
    Connection conn = db.open();
    conn.close();
    assertThat(conn.isClosed()).isTrue();
    assertClosedConnection(() -> conn.createStatement());
    assertClosedConnection(() -> conn.prepareStatement("select 1"));
    assertClosedConnection(() -> conn.getMetaData());
    assertClosedConnection(() -> conn.getAutoCommit()); // generated
    assertClosedConnection(() -> conn.commit()); // generated
    assertClosedConnection(() -> conn.nativeSQL("select 1")); // generated
    assertClosedConnection(() -> conn.setClientInfo("a", "b"));
    assertThat(conn.isValid(1)).isFalse();
    assertThat(conn.unwrap(SQLiteConnection.class).isClosed()).isTrue();
  }

  @Test
  void closedConnectionChecksBeforeTheGate() throws SQLException {
    Connection conn = db.open();
    conn.close();
    assertClosedConnection(() -> conn.prepareStatement("select 1"));
    assertThat(db.gate.checked).isEmpty();
  }

  @Test
  void closeIsIdempotent() throws SQLException {
    Connection conn = db.open();
    Statement s = conn.createStatement();
    s.close();
    s.close();
    conn.close();
    conn.close();
    assertThat(s.isClosed()).isTrue();
    assertThat(conn.isClosed()).isTrue();
  }

  @Test
  void closedStatementThrowsOnUse() throws SQLException {
    try (Connection conn = db.open()) {
      Statement s = conn.createStatement();
      PreparedStatement ps = conn.prepareStatement("select ?");
      s.close();
      ps.close();
      assertThat(s.isClosed()).isTrue();
      assertThat(ps.isClosed()).isTrue();
      assertClosedStatement(() -> s.executeQuery("select 1"));
      assertClosedStatement(() -> s.execute("select 1"));
      assertClosedStatement(() -> s.getResultSet());
      assertClosedStatement(() -> s.getConnection());
      assertClosedStatement(() -> s.getMaxRows()); // generated
      assertClosedStatement(() -> ps.setInt(1, 1)); // generated, PreparedStatement
      assertClosedStatement(() -> ps.executeQuery());
      assertClosedStatement(() -> ps.executeUpdate()); // generated
      assertThat(db.gate.checked).containsExactly("select ?");
      assertThat(conn.isClosed()).isFalse();
    }
  }

  @Test
  void closingAConnectionClosesItsStatements() throws SQLException {
    Connection conn = db.open();
    Statement s = conn.createStatement();
    PreparedStatement ps = conn.prepareStatement("select v from t");
    ResultSet rs = ps.executeQuery();
    conn.close();
    assertThat(s.isClosed()).isTrue();
    assertThat(ps.isClosed()).isTrue();
    assertThat(s.unwrap(JDBC4Statement.class).isClosed()).isTrue();
    assertThat(rs.isClosed()).isTrue();
    assertClosedStatement(() -> ps.executeQuery());
  }

  @Test
  void closedStatementsAreForgotten() throws SQLException {
    try (Connection conn = db.open()) {
      ConnectionWrapper tracked = conn.unwrap(ConnectionWrapper.class);
      for (int i = 0; i < 1000; i++) {
        try (PreparedStatement ps = conn.prepareStatement("select v from t")) {
          ps.executeQuery().close();
        }
        conn.createStatement().close();
      }
      assertThat(tracked.openStatementCount()).isZero();
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1L, 42L, 20240601L})
  void statementsClosedInAnyOrderAreForgotten(long seed) throws SQLException {
    Connection conn = db.open();
    ConnectionWrapper tracked = conn.unwrap(ConnectionWrapper.class);
    List<Statement> open = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      open.add(i % 2 == 0 ? conn.createStatement() : conn.prepareStatement("select 1"));
    }
    assertThat(tracked.openStatementCount()).isEqualTo(100);
    Collections.shuffle(open, new Random(seed));
    List<Statement> kept = new ArrayList<>(open.subList(0, 10));
    for (Statement s : open.subList(10, 100)) {
      s.close();
    }
    assertThat(tracked.openStatementCount()).isEqualTo(10);
    conn.close();
    assertThat(tracked.openStatementCount()).isZero();
    for (Statement s : kept) {
      assertThat(s.isClosed()).isTrue();
    }
  }

  @Test
  void abortClosesOnTheExecutor() throws SQLException {
    Connection conn = db.open();
    Statement s = conn.createStatement();
    List<Runnable> tasks = new ArrayList<>();
    conn.abort(tasks::add);
    assertThat(conn.isClosed()).isTrue();
    assertClosedConnection(() -> conn.createStatement());
    assertThat(tasks).hasSize(1);
    assertThat(conn.unwrap(SQLiteConnection.class).isClosed()).isFalse();
    tasks.get(0).run();
    assertThat(conn.unwrap(SQLiteConnection.class).isClosed()).isTrue();
    assertThat(s.isClosed()).isTrue();
    conn.abort(tasks::add);
    assertThat(tasks).hasSize(1);
  }

  @Test
  void resultSetClosePassesThrough() throws SQLException {
    try (Connection conn = db.open();
        Statement s = conn.createStatement()) {
      ResultSet rs = s.executeQuery("select 1");
      assertThat(rs.isClosed()).isFalse();
      rs.close();
      rs.close();
      assertThat(rs.isClosed()).isTrue();
    }
  }
}
