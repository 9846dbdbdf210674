package dev.sharedschema.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A propagated write that reads a table listed in {@code shared_schema_local_tables} through a
 * view, a trigger, a trigger's view, or a foreign-key action's trigger is refused {@code 42000}
 * before anything runs (issue 13 item 3): each linked database would read its own stale copy. Views
 * and triggers are resolved against the schema database's current schema, TEMP ones included.
 */
class LocalTablesReachedIndirectlyTest {
  @TempDir Path dir;

  private TestFleet fleet() throws SQLException {
    return TestFleet.create(
        dir,
        2,
        "CREATE TABLE lock(id INTEGER PRIMARY KEY, locked INTEGER NOT NULL)",
        "INSERT INTO lock VALUES (1, 0)",
        "CREATE TABLE t(v)",
        "CREATE TABLE audit(v)",
        "CREATE TABLE parent(id INTEGER PRIMARY KEY)",
        "CREATE TABLE child(id INTEGER PRIMARY KEY,"
            + " parent_id INTEGER REFERENCES parent(id) ON DELETE CASCADE)",
        "INSERT INTO parent VALUES (1)",
        "INSERT INTO child VALUES (1, 1)",
        "CREATE VIEW lock_view AS SELECT locked FROM lock",
        "CREATE VIEW lock_view2 AS SELECT * FROM lock_view",
        "CREATE VIEW \"Locked Ids\" AS SELECT id FROM lock");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "INSERT INTO t SELECT locked FROM lock_view | | view lock_view",
        "UPDATE t SET v = (SELECT max(locked) FROM lock_view2) | | view lock_view",
        "INSERT INTO t SELECT 1 WHERE 1 IN \"Locked Ids\" | | view Locked Ids",
        "CREATE TABLE copy AS SELECT * FROM lock_view | | view lock_view",
        "INSERT INTO t VALUES (1)"
            + " | CREATE TRIGGER t_ins AFTER INSERT ON t BEGIN"
            + " INSERT INTO audit SELECT locked FROM lock; END"
            + " | trigger t_ins",
        "INSERT INTO t VALUES (1)"
            + " | CREATE TRIGGER t_ins AFTER INSERT ON t BEGIN"
            + " INSERT INTO audit SELECT * FROM lock_view2; END"
            + " | trigger t_ins",
        "INSERT INTO t VALUES (1)"
            + " | CREATE TRIGGER t_ins AFTER INSERT ON t BEGIN INSERT INTO audit VALUES (1); END;"
            + " CREATE TRIGGER audit_ins AFTER INSERT ON audit"
            + " WHEN 0 IN lock_view BEGIN SELECT 1; END"
            + " | trigger audit_ins",
        "DELETE FROM parent"
            + " | CREATE TRIGGER child_del AFTER DELETE ON child BEGIN"
            + " UPDATE audit SET v = (SELECT locked FROM lock); END"
            + " | trigger child_del",
        "INSERT INTO t VALUES (1)"
            + " | CREATE TEMP TRIGGER t_temp AFTER INSERT ON main.t BEGIN"
            + " UPDATE audit SET v = (SELECT locked FROM lock); END"
            + " | trigger t_temp"
      })
  void aWriteReachingALocalTableIndirectlyIsRefusedBeforeAnythingRuns(
      String write, String setUp, String through) throws SQLException {
    TestFleet f = fleet();
    try (Connection c = f.schemaConnection("shared_schema_local_tables=lock")) {
      Sql.exec(c, "PRAGMA foreign_keys = ON");
      // In one transaction: the write is judged against the schema as this transaction left it
      // (TEMP triggers only live there on a schema connection).
      c.setAutoCommit(false);
      if (setUp != null) {
        Sql.exec(c, setUp);
      }
      assertThatThrownBy(() -> Sql.exec(c, write))
          .isInstanceOf(SQLException.class)
          .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("42000"))
          .hasMessageContaining("lock")
          .hasMessageContaining("shared_schema_local_tables")
          .hasMessageContaining(through)
          .hasMessageContaining("statement 1");
      c.commit();
      assertThat(f.jobCount()).as("jobs").isEqualTo(setUp == null ? 0 : 1);
    }
    for (Path db : f.all()) {
      assertThat(Sql.rawColumn(db, "SELECT count(*) FROM t")).containsExactly("0");
      assertThat(Sql.rawColumn(db, "SELECT count(*) FROM parent")).containsExactly("1");
    }
  }

  @Test
  void aPreparedWriteIsJudgedAgainstTheSchemaAtExecutionNotAtPreparation() throws SQLException {
    TestFleet f = fleet();
    try (Connection c = f.schemaConnection("shared_schema_local_tables=lock");
        PreparedStatement ps = c.prepareStatement("INSERT INTO t VALUES (?)")) {
      Sql.exec(
          c,
          "CREATE TRIGGER t_ins AFTER INSERT ON t BEGIN"
              + " INSERT INTO audit SELECT locked FROM lock; END");
      ps.setInt(1, 1);
      assertThatThrownBy(ps::executeUpdate)
          .isInstanceOf(SQLException.class)
          .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("42000"))
          .hasMessageContaining("trigger t_ins");
    }
  }

  @Test
  void writesThatReachNoLocalTablePropagateAndLocalWritesMayReadAnything() throws SQLException {
    TestFleet f = fleet();
    try (Connection c = f.schemaConnection("shared_schema_local_tables=lock")) {
      Sql.exec(
          c, "CREATE TRIGGER t_ins AFTER INSERT ON t BEGIN INSERT INTO audit VALUES (new.v); END");
      Sql.exec(c, "INSERT INTO t VALUES (1)");
      Sql.exec(c, "UPDATE lock SET locked = (SELECT count(*) FROM lock_view2)");
    }
    for (Path db : f.all()) {
      assertThat(Sql.rawColumn(db, "SELECT v FROM audit ORDER BY v"))
          .as(db.toString())
          .isEqualTo(List.of("1"));
    }
  }
}
