package dev.sharedschema.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A statement after which SQLite has ended the manual transaction itself (issue 13 item 1): it
 * throws SQLite's error, the pending migration is discarded, every later statement throws {@code
 * 25000} until {@code rollback()}, {@code commit()} submits nothing, and no write ever reaches the
 * schema database except through a finished migration.
 */
class TransactionEndedBySqliteTest {
  @TempDir Path dir;

  /** The statements that make SQLite roll back a whole transaction, each meeting a conflict. */
  enum Ending {
    INSERT_OR_ROLLBACK("INSERT OR ROLLBACK INTO t(v) VALUES (1)", "UNIQUE constraint failed"),
    COLUMN_ON_CONFLICT_ROLLBACK("INSERT INTO r(v) VALUES (1)", "UNIQUE constraint failed"),
    TRIGGER_RAISE_ROLLBACK("INSERT INTO g(x) VALUES (-1)", "negative");

    final String sql;
    final String error;

    Ending(String sql, String error) {
      this.sql = sql;
      this.error = error;
    }
  }

  /** The ways the ending statement reaches the connection. */
  enum Way {
    STATEMENT,
    PREPARED,
    BATCH,
    PREPARED_BATCH,
    MULTI_STATEMENT_TEXT
  }

  private TestFleet fleet() throws SQLException {
    return TestFleet.create(
        dir,
        2,
        "CREATE TABLE t(id INTEGER PRIMARY KEY, v UNIQUE)",
        "CREATE TABLE r(id INTEGER PRIMARY KEY, v UNIQUE ON CONFLICT ROLLBACK)",
        "CREATE TABLE g(x)",
        "CREATE TRIGGER g_negative BEFORE INSERT ON g WHEN new.x < 0"
            + " BEGIN SELECT RAISE(ROLLBACK, 'negative'); END",
        "INSERT INTO t(v) VALUES (1)",
        "INSERT INTO r(v) VALUES (1)");
  }

  private static void run(Connection c, Way path, String sql) throws SQLException {
    switch (path) {
      case STATEMENT -> Sql.exec(c, sql);
      case PREPARED -> {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
          ps.executeUpdate();
        }
      }
      case BATCH -> {
        try (Statement st = c.createStatement()) {
          st.addBatch("INSERT INTO t(v) VALUES (20)");
          st.addBatch(sql);
          st.executeBatch();
        }
      }
      case PREPARED_BATCH -> {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
          ps.addBatch();
          ps.executeBatch();
        }
      }
      case MULTI_STATEMENT_TEXT -> Sql.exec(c, "INSERT INTO t(v) VALUES (21); " + sql);
    }
  }

  static Stream<Arguments> cases() {
    return Stream.of(Ending.values())
        .flatMap(e -> Stream.of(Way.values()).map(w -> Arguments.of(e, w)));
  }

  @ParameterizedTest(name = "{0} via {1}")
  @MethodSource("cases")
  void theEndingStatementThrowsAndEveryLaterStatementThrows25000UntilRollback(
      Ending ending, Way way) throws SQLException {
    TestFleet f = fleet();
    try (Connection c = f.schemaConnection()) {
      c.setAutoCommit(false);
      Sql.exec(c, "INSERT INTO t(v) VALUES (2)");
      assertThatThrownBy(() -> run(c, way, ending.sql))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining(ending.error)
          .satisfies(e -> assertThat(((SQLException) e).getErrorCode()).isNotZero());
      assertEnded(() -> Sql.exec(c, "INSERT INTO t(v) VALUES (3)"))
          .hasMessageContaining("rolled back by statement");
      assertEnded(() -> Sql.exec(c, "ALTER TABLE t ADD COLUMN z"));
      assertEnded(() -> Sql.exec(c, "SELECT 1"));
      assertEnded(() -> c.prepareStatement("INSERT INTO t(v) VALUES (?)"));
      assertEnded(c::commit);
      assertEnded(c::setSavepoint);
      assertThat(f.jobCount()).as("jobs after the commit").isZero();
      assertSameEverywhere(f, List.of("1"));

      c.rollback();
      Sql.exec(c, "INSERT INTO t(v) VALUES (4)");
      assertThat(Sql.column(c, "SELECT v FROM t ORDER BY v")).containsExactly("1", "4");
      c.commit();
      assertThat(f.jobCount()).as("jobs after a commit following rollback()").isEqualTo(1);
      assertSameEverywhere(f, List.of("1", "4"));
      c.setAutoCommit(true);
      Sql.exec(c, "INSERT INTO t(v) VALUES (5)");
    }
    assertSameEverywhere(f, List.of("1", "4", "5"));
    assertThat(f.jobCount()).isEqualTo(2);
  }

  @Test
  void aTransactionEndedBetweenWritesIsNoticedBeforeTheNextWriteRuns() throws SQLException {
    TestFleet f = fleet();
    try (Connection c = f.schemaConnection();
        PreparedStatement ps = c.prepareStatement("INSERT INTO t(v) VALUES (?)")) {
      c.setAutoCommit(false);
      ps.setInt(1, 2);
      ps.executeUpdate();
      assertThatThrownBy(() -> Sql.exec(c, "INSERT INTO g(x) VALUES (-5)"))
          .hasMessageContaining("negative");
      ps.setInt(1, 3);
      assertEnded(ps::executeUpdate).hasMessageContaining("statement 2");
      assertEnded(() -> c.rollback(c.setSavepoint()));
    }
    assertSameEverywhere(f, List.of("1"));
    assertThat(f.jobCount()).isZero();
  }

  @Test
  void aFailingStatementThatLeavesTheTransactionOpenChangesNothing() throws SQLException {
    TestFleet f = fleet();
    try (Connection c = f.schemaConnection()) {
      c.setAutoCommit(false);
      Sql.exec(c, "INSERT INTO t(v) VALUES (2)");
      assertThatThrownBy(() -> Sql.exec(c, "INSERT INTO t(v) VALUES (1)"))
          .hasMessageContaining("UNIQUE");
      Sql.exec(c, "INSERT INTO t(v) VALUES (3)");
      c.commit();
    }
    assertSameEverywhere(f, List.of("1", "2", "3"));
  }

  /**
   * Found by the differential test: {@code OR FAIL} (or {@code RAISE(FAIL)}) keeps the rows the
   * failed statement changed before failing, but commit() replays only statements that succeeded,
   * so it would submit something else than the transaction holds.
   */
  @ParameterizedTest
  @ValueSource(
      strings = {"INSERT OR FAIL INTO t(v) VALUES (5), (1)", "INSERT INTO g(x) VALUES (1)"})
  void aFailedStatementThatKeptChangesMakesTheTransactionUncommittable(String failing)
      throws SQLException {
    TestFleet f = fleet();
    Sql.exec(
        f.schemaConnection(),
        "CREATE TRIGGER g_fail AFTER INSERT ON g WHEN new.x = 1"
            + " BEGIN INSERT INTO t(v) VALUES (9); SELECT RAISE(FAIL, 'one'); END");
    int jobs = f.jobCount();
    try (Connection c = f.schemaConnection()) {
      c.setAutoCommit(false);
      Sql.exec(c, "INSERT INTO t(v) VALUES (2)");
      assertThatThrownBy(() -> Sql.exec(c, failing)).isInstanceOf(SQLException.class);
      assertEnded(() -> Sql.exec(c, "INSERT INTO t(v) VALUES (3)"))
          .hasMessageContaining("cannot be committed")
          .hasMessageContaining("statement 2");
      assertEnded(c::commit);
      c.rollback();
      Sql.exec(c, "INSERT INTO t(v) VALUES (4)");
      c.commit();
    }
    assertSameEverywhere(f, List.of("1", "4"));
    assertThat(f.jobCount()).isEqualTo(jobs + 1);
  }

  @Test
  void aSavepointInAutocommitIsRefusedInsteadOfOpeningATransactionNoCommitSubmits()
      throws SQLException {
    TestFleet f = fleet();
    try (Connection c = f.schemaConnection()) {
      assertThatThrownBy(c::setSavepoint)
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("setAutoCommit(false)");
      Sql.exec(c, "INSERT INTO t(v) VALUES (2)");
    }
    assertSameEverywhere(f, List.of("1", "2"));
  }

  @Test
  void localWritesInAutocommitThatSqliteRollsBackLeaveTheConnectionInAutocommit()
      throws SQLException {
    TestFleet f =
        TestFleet.create(
            dir,
            1,
            "CREATE TABLE lock(id INTEGER PRIMARY KEY, locked INTEGER)",
            "INSERT INTO lock VALUES (1, 0)",
            "CREATE TABLE t(v)");
    try (Connection c = f.schemaConnection("shared_schema_local_tables=lock")) {
      assertThatThrownBy(
              () ->
                  Sql.exec(
                      c,
                      "INSERT INTO lock VALUES (2, 1); INSERT OR ROLLBACK INTO lock VALUES (1, 1)"))
          .hasMessageContaining("UNIQUE");
      assertThat(c.getAutoCommit()).isTrue();
      Sql.exec(c, "INSERT INTO t VALUES ('x')");
    }
    assertThat(f.jobCount()).as("the later write is a migration").isEqualTo(1);
    for (Path db : f.all()) {
      assertThat(Sql.rawColumn(db, "SELECT v FROM t")).as(db.toString()).containsExactly("x");
    }
    assertThat(Sql.rawColumn(f.schema, "SELECT count(*) FROM lock")).containsExactly("1");
  }

  private static void assertSameEverywhere(TestFleet f, List<String> values) throws SQLException {
    for (Path db : f.all()) {
      assertThat(Sql.rawColumn(db, "SELECT v FROM t ORDER BY v"))
          .as(db.toString())
          .containsExactlyElementsOf(values);
      assertThat(TestFleet.hasColumn(db, "t", "z")).isFalse();
    }
  }

  private static org.assertj.core.api.AbstractThrowableAssert<?, ? extends Throwable> assertEnded(
      ThrowingCallable call) {
    return assertThatThrownBy(call)
        .isInstanceOf(SQLException.class)
        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("25000"))
        .hasMessageContaining("call rollback()");
  }
}
