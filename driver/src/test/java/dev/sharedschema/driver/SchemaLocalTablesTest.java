package dev.sharedschema.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code shared_schema_local_tables}: data writes to a listed table stay on the schema database (no
 * job when alone; the schema database's step of the job when mixed), its schema changes still
 * propagate, and a propagated write may not read it.
 */
class SchemaLocalTablesTest {
  @TempDir Path dir;

  private TestFleet fleet() throws SQLException {
    return TestFleet.create(
        dir,
        3,
        "CREATE TABLE lock(id INTEGER PRIMARY KEY, locked INTEGER NOT NULL)",
        "INSERT INTO lock VALUES (1, 0)",
        "CREATE TABLE t(v TEXT)");
  }

  private static List<String> locked(Path db) throws SQLException {
    return Sql.rawColumn(db, "SELECT locked FROM lock WHERE id = 1");
  }

  @Test
  void anAutocommitWriteToALocalTableMakesNoJobAndChangesTheSchemaDatabaseOnly()
      throws SQLException {
    TestFleet f = fleet();
    try (Connection c = f.schemaConnection("shared_schema_local_tables=LOCK");
        Statement st = c.createStatement()) {
      // Listed in upper case, written in mixed case: names match case-insensitively.
      assertThat(st.executeUpdate("UPDATE Lock SET locked = 1 WHERE id = 1 AND locked = 0"))
          .isEqualTo(1);
      assertThat(st.executeUpdate("UPDATE lock SET locked = 1 WHERE id = 1 AND locked = 0"))
          .as("the second acquire finds the lock taken: a real compare-and-set on the schema file")
          .isZero();
      try (PreparedStatement ps = c.prepareStatement("UPDATE lock SET locked = ? WHERE id = ?")) {
        ps.setInt(1, 2);
        ps.setInt(2, 1);
        assertThat(ps.executeUpdate()).isEqualTo(1);
        ps.setInt(1, 3);
        ps.addBatch();
        assertThat(ps.executeBatch()).containsExactly(1);
      }
    }
    assertThat(f.jobCount()).isZero();
    assertThat(locked(f.schema)).containsExactly("3");
    for (Path t : f.tenants) {
      assertThat(locked(t)).as(t.toString()).containsExactly("0");
    }
    try (SharedSchema s = SharedSchema.open(f.schema)) {
      assertThat(s.check()).isEmpty();
    }
  }

  @Test
  void aTransactionOfOnlyLocalWritesCommitsOnTheSchemaDatabaseWithoutAJob() throws SQLException {
    TestFleet f = fleet();
    try (Connection c = f.schemaConnection("shared_schema_local_tables=lock")) {
      c.setAutoCommit(false);
      Sql.exec(c, "UPDATE lock SET locked = 1 WHERE id = 1");
      Sql.exec(c, "INSERT INTO lock VALUES (2, 1)");
      c.rollback();
      assertThat(Sql.column(c, "SELECT count(*) FROM lock WHERE locked = 1")).containsExactly("0");
      Sql.exec(c, "UPDATE lock SET locked = 1 WHERE id = 1");
      c.commit();
    }
    assertThat(f.jobCount()).isZero();
    assertThat(locked(f.schema)).containsExactly("1");
    for (Path t : f.tenants) {
      assertThat(locked(t)).containsExactly("0");
    }
  }

  @Test
  void aMixedTransactionIsOneJobAndTheLocalRowReachesTheSchemaDatabaseOnly() throws SQLException {
    TestFleet f = fleet();
    try (Connection c = f.schemaConnection("shared_schema_local_tables=lock")) {
      c.setAutoCommit(false);
      Sql.exec(c, "INSERT INTO t VALUES ('everywhere')");
      try (PreparedStatement ps = c.prepareStatement("UPDATE lock SET locked = ? WHERE id = 1")) {
        ps.setLong(1, 7);
        ps.executeUpdate();
      }
      Sql.exec(c, "INSERT INTO t VALUES ('too')");
      c.commit();
    }
    assertThat(f.jobCount()).isEqualTo(1);
    for (Path db : f.all()) {
      assertThat(Sql.rawColumn(db, "SELECT v FROM t")).containsExactly("everywhere", "too");
    }
    assertThat(locked(f.schema)).containsExactly("7");
    for (Path t : f.tenants) {
      assertThat(locked(t)).containsExactly("0");
      assertThat(
              Sql.rawColumn(
                  t, "SELECT count(*) FROM _sharedschema_applied WHERE state = 'RunSuccess'"))
          .as("the tenants were copied after the set-up jobs: only the mixed job was applied there")
          .containsExactly("1");
    }
  }

  @Test
  void aMixedAutocommitTextIsOneJobAndSeveralLocalWritesAreAllOrNothing() throws SQLException {
    TestFleet f = fleet();
    try (Connection c = f.schemaConnection("shared_schema_local_tables=lock");
        Statement st = c.createStatement()) {
      st.execute("INSERT INTO t VALUES ('a'); UPDATE lock SET locked = 5 WHERE id = 1");
      assertThat(f.jobCount()).isEqualTo(1);
      // The second statement breaks the primary key: the first must not stay applied.
      assertThatThrownBy(
              () ->
                  st.execute(
                      "UPDATE lock SET locked = 6 WHERE id = 1; INSERT INTO lock VALUES (1, 0)"))
          .isInstanceOf(SQLException.class);
      assertThat(Sql.column(c, "SELECT locked FROM lock")).containsExactly("5");
      st.execute("UPDATE lock SET locked = locked + 1; INSERT INTO lock VALUES (2, 0)");
      assertThat(Sql.column(c, "SELECT locked FROM lock ORDER BY id")).containsExactly("6", "0");
      st.addBatch("UPDATE lock SET locked = 10 WHERE id = 2");
      st.addBatch("DELETE FROM lock WHERE id = 1");
      assertThat(st.executeBatch()).containsExactly(1, 1);
    }
    assertThat(f.jobCount()).isEqualTo(1);
    assertThat(Sql.rawColumn(f.schema, "SELECT id || ':' || locked FROM lock"))
        .containsExactly("2:10");
    for (Path db : f.all()) {
      assertThat(Sql.rawColumn(db, "SELECT v FROM t")).containsExactly("a");
    }
    for (Path t : f.tenants) {
      assertThat(Sql.rawColumn(t, "SELECT id || ':' || locked FROM lock")).containsExactly("1:0");
    }
  }

  @Test
  void aLocalWriteReturnsItsRowsAloneButNotAtTheEndOfASeveralStatementText() throws SQLException {
    TestFleet f = fleet();
    try (Connection c = f.schemaConnection("shared_schema_local_tables=lock");
        Statement st = c.createStatement()) {
      try (ResultSet rs = st.executeQuery("UPDATE lock SET locked = 9 RETURNING locked")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getInt(1)).isEqualTo(9);
      }
      assertThatThrownBy(
              () ->
                  st.execute(
                      "UPDATE lock SET locked = 1; UPDATE lock SET locked = 2 RETURNING locked"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("Send the RETURNING statement on its own")
          .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("0A000"));
    }
    assertThat(f.jobCount()).isZero();
    assertThat(locked(f.schema)).containsExactly("9");
  }

  @Test
  void schemaChangesOfALocalTableStillReachEveryDatabase() throws SQLException {
    TestFleet f = fleet();
    try (Connection c = f.schemaConnection("shared_schema_local_tables=lock")) {
      Sql.exec(c, "ALTER TABLE lock ADD COLUMN owner TEXT");
      Sql.exec(c, "CREATE INDEX lock_by_owner ON lock(owner)");
      Sql.exec(c, "UPDATE lock SET owner = 'me'");
    }
    assertThat(f.jobCount()).isEqualTo(2);
    for (Path db : f.all()) {
      assertThat(TestFleet.hasColumn(db, "lock", "owner")).as(db.toString()).isTrue();
    }
    assertThat(Sql.rawColumn(f.schema, "SELECT owner FROM lock")).containsExactly("me");
    assertThat(Sql.rawColumn(f.tenants.get(0), "SELECT owner FROM lock")).containsNull();
    try (SharedSchema s = SharedSchema.open(f.schema)) {
      assertThat(s.check()).isEmpty();
    }
  }

  @Test
  void aPropagatedWriteThatReadsALocalTableIsRefusedBeforeAnythingRuns() throws SQLException {
    TestFleet f = fleet();
    try (Connection c = f.schemaConnection("shared_schema_local_tables=lock")) {
      for (String sql :
          List.of(
              "INSERT INTO t SELECT locked FROM lock",
              "UPDATE t SET v = (SELECT max(locked) FROM main.lock)",
              "WITH x AS (SELECT id FROM lock) DELETE FROM t WHERE v IN (SELECT id FROM x)",
              "CREATE TABLE copy AS SELECT * FROM lock")) {
        assertThatThrownBy(() -> Sql.exec(c, sql))
            .as(sql)
            .isInstanceOf(SQLException.class)
            .hasMessageContaining("lock")
            .hasMessageContaining("shared_schema_local_tables")
            .hasMessageContaining("pass the values as parameters")
            .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("42000"));
      }
      assertThatThrownBy(() -> c.prepareStatement("INSERT INTO t SELECT locked FROM lock"))
          .isInstanceOf(SQLException.class);
      // A local write may read anything: it runs where every table is current.
      Sql.exec(c, "INSERT INTO lock SELECT 2, count(*) FROM t");
    }
    assertThat(f.jobCount()).isZero();
    for (Path db : f.all()) {
      assertThat(Sql.rawColumn(db, "SELECT count(*) FROM t")).containsExactly("0");
    }
  }

  @Test
  void withoutThePropertyEveryWritePropagatesAsBefore() throws SQLException {
    TestFleet f = fleet();
    try (Connection c = f.schemaConnection()) {
      Sql.exec(c, "UPDATE lock SET locked = 1");
      Sql.exec(c, "INSERT INTO t SELECT locked FROM lock");
    }
    assertThat(f.jobCount()).isEqualTo(2);
    for (Path db : f.all()) {
      assertThat(locked(db)).containsExactly("1");
    }
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "lock,,t                    | entry 2 is empty",
        "lock,                      | entry 2 is empty",
        "'\"lock\"'                  | is quoted",
        "[lock]                     | is quoted",
        "main.lock                  | schema qualifier",
        "_sharedschema_applied      | reserved"
      })
  void badValuesAreRefusedSayingWhatIsWrong(String value, String reason) {
    Properties p = new Properties();
    p.setProperty("shared_schema_local_tables", value);
    assertThatThrownBy(() -> DriverManager.getConnection(Sql.schemaUrl(dir.resolve("s.db")), p))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("shared_schema_local_tables")
        .hasMessageContaining(reason)
        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("08001"));
  }

  @Test
  void theKeyIsListedByGetPropertyInfo() throws SQLException {
    DriverPropertyInfo[] info =
        new SharedSchemaDriver().getPropertyInfo("jdbc:sharedschema:sqlite:x.db", null);
    assertThat(Arrays.stream(info).filter(i -> i.name.equals("shared_schema_local_tables")))
        .singleElement()
        .satisfies(i -> assertThat(i.description).contains("DATABASECHANGELOGLOCK"));
  }
}
