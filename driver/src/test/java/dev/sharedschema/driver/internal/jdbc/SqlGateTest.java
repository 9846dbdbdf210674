package dev.sharedschema.driver.internal.jdbc;

import static dev.sharedschema.driver.internal.jdbc.TestDatabase.sqlFailure;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every way SQL text enters the wrapper goes through the gate before sqlite-jdbc sees it. */
class SqlGateTest {
  private static final int FWD = ResultSet.TYPE_FORWARD_ONLY;
  private static final int RO = ResultSet.CONCUR_READ_ONLY;
  private static final int HOLD = ResultSet.CLOSE_CURSORS_AT_COMMIT;

  @TempDir Path dir;
  TestDatabase db;
  Connection conn;

  @BeforeEach
  void setUp() throws SQLException {
    db = new TestDatabase(dir);
    conn = db.open();
  }

  @AfterEach
  void tearDown() throws SQLException {
    conn.close();
  }

  interface StatementCall {
    void run(Statement s, String sql) throws SQLException;
  }

  interface ConnectionCall {
    void run(Connection c, String sql) throws SQLException;
  }

  static List<Arguments> statementCalls() {
    List<Arguments> calls = new ArrayList<>();
    calls.add(Arguments.of("execute(String)", (StatementCall) Statement::execute));
    calls.add(
        Arguments.of(
            "execute(String,int)",
            (StatementCall) (s, sql) -> s.execute(sql, Statement.RETURN_GENERATED_KEYS)));
    calls.add(
        Arguments.of(
            "execute(String,int[])", (StatementCall) (s, sql) -> s.execute(sql, new int[] {1})));
    calls.add(
        Arguments.of(
            "execute(String,String[])",
            (StatementCall) (s, sql) -> s.execute(sql, new String[] {"x"})));
    calls.add(Arguments.of("executeQuery(String)", (StatementCall) Statement::executeQuery));
    calls.add(Arguments.of("executeUpdate(String)", (StatementCall) Statement::executeUpdate));
    calls.add(
        Arguments.of(
            "executeUpdate(String,int)",
            (StatementCall) (s, sql) -> s.executeUpdate(sql, Statement.RETURN_GENERATED_KEYS)));
    calls.add(
        Arguments.of(
            "executeUpdate(String,int[])",
            (StatementCall) (s, sql) -> s.executeUpdate(sql, new int[] {1})));
    calls.add(
        Arguments.of(
            "executeUpdate(String,String[])",
            (StatementCall) (s, sql) -> s.executeUpdate(sql, new String[] {"x"})));
    calls.add(
        Arguments.of("executeLargeUpdate(String)", (StatementCall) Statement::executeLargeUpdate));
    calls.add(
        Arguments.of(
            "executeLargeUpdate(String,int)",
            (StatementCall)
                (s, sql) -> s.executeLargeUpdate(sql, Statement.RETURN_GENERATED_KEYS)));
    calls.add(
        Arguments.of(
            "executeLargeUpdate(String,int[])",
            (StatementCall) (s, sql) -> s.executeLargeUpdate(sql, new int[] {1})));
    calls.add(
        Arguments.of(
            "executeLargeUpdate(String,String[])",
            (StatementCall) (s, sql) -> s.executeLargeUpdate(sql, new String[] {"x"})));
    calls.add(
        Arguments.of(
            "addBatch(String) + executeBatch()",
            (StatementCall)
                (s, sql) -> {
                  s.addBatch(sql);
                  s.executeBatch();
                }));
    return calls;
  }

  static Stream<Arguments> connectionCalls() {
    return Stream.of(
        Arguments.of("prepareStatement(String)", (ConnectionCall) Connection::prepareStatement),
        Arguments.of(
            "prepareStatement(String,int)",
            (ConnectionCall) (c, sql) -> c.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)),
        Arguments.of(
            "prepareStatement(String,int[])",
            (ConnectionCall) (c, sql) -> c.prepareStatement(sql, new int[] {1})),
        Arguments.of(
            "prepareStatement(String,String[])",
            (ConnectionCall) (c, sql) -> c.prepareStatement(sql, new String[] {"x"})),
        Arguments.of(
            "prepareStatement(String,int,int)",
            (ConnectionCall) (c, sql) -> c.prepareStatement(sql, FWD, RO)),
        Arguments.of(
            "prepareStatement(String,int,int,int)",
            (ConnectionCall) (c, sql) -> c.prepareStatement(sql, FWD, RO, HOLD)),
        Arguments.of("prepareCall(String)", (ConnectionCall) Connection::prepareCall),
        Arguments.of(
            "prepareCall(String,int,int)",
            (ConnectionCall) (c, sql) -> c.prepareCall(sql, FWD, RO)),
        Arguments.of(
            "prepareCall(String,int,int,int)",
            (ConnectionCall) (c, sql) -> c.prepareCall(sql, FWD, RO, HOLD)));
  }

  private void assertRefusedBeforeSqlite(String sql, SQLException e) throws SQLException {
    assertThat(e.getSQLState()).isEqualTo(RecordingGate.REFUSED);
    assertThat(e.getMessage()).startsWith("refused by test gate");
    assertThat(db.gate.checked).containsExactly(sql);
    assertThat(db.tableExists("forbidden_t")).isFalse();
  }

  @ParameterizedTest(name = "Statement.{0}")
  @MethodSource("statementCalls")
  void statementChecksTextFirst(String name, StatementCall call) throws SQLException {
    String sql = "create table forbidden_t(x)";
    try (Statement s = conn.createStatement()) {
      assertRefusedBeforeSqlite(sql, sqlFailure(() -> call.run(s, sql)));
    }
  }

  @ParameterizedTest(name = "PreparedStatement.{0}")
  @MethodSource("statementCalls")
  void preparedStatementChecksTextOfStatementMethodsFirst(String name, StatementCall call)
      throws SQLException {
    String sql = "create table forbidden_t(x)";
    try (PreparedStatement ps = conn.prepareStatement("select 1")) {
      db.gate.checked.clear();
      assertRefusedBeforeSqlite(sql, sqlFailure(() -> call.run(ps, sql)));
    }
  }

  @ParameterizedTest(name = "Connection.{0}")
  @MethodSource("connectionCalls")
  void connectionChecksTextBeforePreparing(String name, ConnectionCall call) throws SQLException {
    // Not even valid SQL: had sqlite-jdbc seen it first, it would fail with a syntax error.
    String sql = "create table forbidden_t(x) garbage";
    assertRefusedBeforeSqlite(sql, sqlFailure(() -> call.run(conn, sql)));
  }

  @ParameterizedTest(name = "Statement.{0}")
  @MethodSource("statementCalls")
  void nullTextIsRefusedBeforeTheGate(String name, StatementCall call) throws SQLException {
    try (Statement s = conn.createStatement()) {
      SQLException e = sqlFailure(() -> call.run(s, null));
      assertThat(e.getSQLState()).isEqualTo("HY009");
    }
    assertThat(db.gate.checked).isEmpty();
  }

  @ParameterizedTest(name = "Connection.{0}")
  @MethodSource("connectionCalls")
  void nullTextIsRefusedBeforePreparing(String name, ConnectionCall call) {
    SQLException e = sqlFailure(() -> call.run(conn, null));
    assertThat(e.getSQLState()).isEqualTo("HY009");
    assertThat(db.gate.checked).isEmpty();
  }

  @ParameterizedTest(name = "Statement.{0}")
  @MethodSource("statementCalls")
  void allowedTextReachesSqlite(String name, StatementCall call) throws SQLException {
    String sql = "create table allowed_t(x)";
    SQLException refusedBySqlite = null;
    try (Statement s = conn.createStatement()) {
      call.run(s, sql);
    } catch (SQLException e) {
      refusedBySqlite = e; // some overloads are not implemented by sqlite-jdbc
    }
    assertThat(db.gate.checked).containsExactly(sql);
    if (refusedBySqlite == null) {
      assertThat(db.tableExists("allowed_t")).isTrue();
    } else {
      assertThat(refusedBySqlite.getSQLState()).isNotEqualTo(RecordingGate.REFUSED);
    }
  }

  @ParameterizedTest(name = "Connection.{0}")
  @MethodSource("connectionCalls")
  void allowedTextIsCheckedOnceAtPrepare(String name, ConnectionCall call) throws SQLException {
    String sql = "select 1";
    try {
      call.run(conn, sql);
    } catch (SQLException e) {
      // sqlite-jdbc has no stored procedures: prepareCall fails after the gate let it through
      assertThat(name).startsWith("prepareCall");
      assertThat(e.getMessage()).contains("Stored Procedures");
    }
    assertThat(db.gate.checked).containsExactly(sql);
  }

  @Test
  void preparedStatementDoesNotCheckAgainWhenExecuted() throws SQLException {
    db.run("create table t(x)");
    try (PreparedStatement ps = conn.prepareStatement("insert into t values (?)")) {
      for (int i = 0; i < 3; i++) {
        ps.setInt(1, i);
        ps.executeUpdate();
      }
      ps.setInt(1, 3);
      ps.addBatch();
      ps.executeBatch();
      ps.setInt(1, 4);
      ps.execute();
    }
    try (Statement s = conn.createStatement();
        ResultSet rs = s.executeQuery("select count(*) from t")) {
      rs.next();
      assertThat(rs.getInt(1)).isEqualTo(5);
    }
    assertThat(db.gate.checked)
        .containsExactly("insert into t values (?)", "select count(*) from t");
  }

  @Test
  void nativeSqlIsNotChecked() throws SQLException {
    assertThat(conn.nativeSQL("select 'forbidden'")).isEqualTo("select 'forbidden'");
    assertThat(db.gate.checked).isEmpty();
  }
}
