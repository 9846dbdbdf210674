package dev.sharedschema.driver;

import static dev.sharedschema.driver.SchemaConnectionRulesTest.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sharedschema.scheduler.MigrationFailedException;
import java.nio.file.Path;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every row of DESIGN.md §4 that propagates, end to end through the driver on real files. */
class SchemaConnectionPropagationTest {
  @TempDir Path dir;

  @Test
  void anAutocommitSchemaChangeReachesEveryDatabaseBeforeTheCallReturns() throws SQLException {
    TestFleet f = TestFleet.create(dir, 3, "CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT)");
    try (Connection c = f.schemaConnection();
        Statement st = c.createStatement()) {
      assertThat(st.executeUpdate("ALTER TABLE t ADD COLUMN w INTEGER")).isZero();
    }
    for (Path db : f.all()) {
      assertThat(TestFleet.hasColumn(db, "t", "w")).as(db.toString()).isTrue();
    }
    for (Path t : f.tenants) {
      assertThat(
              Sql.rawColumn(
                  t, "SELECT job_id FROM _sharedschema_applied WHERE state = 'RunSuccess'"))
          .containsExactly(String.valueOf(f.lastJob()));
    }
    assertThat(f.jobCount()).isEqualTo(1);
  }

  @Test
  void referenceRowsReachEveryDatabaseWithTheSchemaDatabasesUpdateCountAndKeys()
      throws SQLException {
    TestFleet f = TestFleet.create(dir, 2, "CREATE TABLE plan(id INTEGER PRIMARY KEY, name TEXT)");
    try (Connection c = f.schemaConnection();
        Statement st = c.createStatement()) {
      assertThat(
              st.executeUpdate(
                  "INSERT INTO plan(name) VALUES ('free'), ('pro')",
                  Statement.RETURN_GENERATED_KEYS))
          .isEqualTo(2);
      try (ResultSet keys = st.getGeneratedKeys()) {
        assertThat(keys.getStatement()).isSameAs(st);
        assertThat(keys.next()).isTrue();
        assertThat(keys.getLong(1)).isEqualTo(2);
      }
      assertThat(st.getUpdateCount()).isEqualTo(2);
    }
    for (Path db : f.all()) {
      assertThat(Sql.rawColumn(db, "SELECT name FROM plan ORDER BY id"))
          .containsExactly("free", "pro");
    }
  }

  @Test
  void returningRowsComeFromTheSchemaDatabase() throws SQLException {
    TestFleet f =
        TestFleet.create(
            dir, 2, "CREATE TABLE plan(id INTEGER PRIMARY KEY, name TEXT, price REAL, logo BLOB)");
    try (Connection c = f.schemaConnection();
        Statement st = c.createStatement()) {
      try (ResultSet rs =
          st.executeQuery(
              "INSERT INTO plan(name, price, logo) VALUES ('pro', 9.5, x'CAFE'), ('max', NULL, NULL) RETURNING id, name, price, logo")) {
        assertThat(rs.getStatement()).isSameAs(st);
        assertThat(rs.getMetaData().getColumnLabel(2)).isEqualTo("name");
        assertThat(rs.next()).isTrue();
        assertThat(rs.getLong("id")).isEqualTo(1);
        assertThat(rs.getString("name")).isEqualTo("pro");
        assertThat(rs.getDouble("price")).isEqualTo(9.5);
        assertThat(rs.getBytes("logo")).containsExactly(0xCA, 0xFE);
        assertThat(rs.next()).isTrue();
        assertThat(rs.getObject("price")).isNull();
        assertThat(rs.next()).isFalse();
      }
      assertThat(st.execute("UPDATE plan SET name = upper(name) RETURNING name")).isTrue();
      try (ResultSet rs = st.getResultSet()) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isIn("PRO", "MAX");
      }
      assertThat(st.getMoreResults()).isFalse();
      assertThat(st.getUpdateCount()).isEqualTo(-1);
    }
    for (Path db : f.all()) {
      assertThat(Sql.rawColumn(db, "SELECT name FROM plan ORDER BY id"))
          .containsExactly("PRO", "MAX");
    }
  }

  @Test
  void executeQueryOfAWriteWithoutReturningIsRefusedBeforeAnythingRuns() throws SQLException {
    TestFleet f = TestFleet.create(dir, 1, "CREATE TABLE t(a)");
    try (Connection c = f.schemaConnection();
        Statement st = c.createStatement()) {
      assertRefused(() -> st.executeQuery("INSERT INTO t VALUES (1)"), "07000")
          .hasMessageContaining("executeUpdate");
    }
    assertThat(f.jobCount()).isZero();
    assertThat(Sql.rawColumn(f.schema, "SELECT count(*) FROM t")).containsExactly("0");
  }

  @Test
  void aMultiStatementTextIsOneMigrationOfEveryStatement() throws SQLException {
    TestFleet f = TestFleet.create(dir, 2, "CREATE TABLE t(a)");
    try (Connection c = f.schemaConnection();
        Statement st = c.createStatement()) {
      st.execute("CREATE TABLE u(b); INSERT INTO u VALUES (1); CREATE INDEX ub ON u(b)");
    }
    for (Path db : f.all()) {
      assertThat(
              Sql.rawColumn(
                  db, "SELECT name FROM sqlite_master WHERE name IN ('u', 'ub') ORDER BY name"))
          .containsExactly("u", "ub");
      assertThat(Sql.rawColumn(db, "SELECT b FROM u")).containsExactly("1");
    }
    assertThat(f.jobCount()).isEqualTo(1);
  }

  @Test
  void aManualTransactionRunsAtOnceLocallyAndCommitsAsOneMigration() throws SQLException {
    TestFleet f = TestFleet.create(dir, 2, "CREATE TABLE t(a)");
    try (Connection c = f.schemaConnection()) {
      c.setAutoCommit(false);
      try (Statement st = c.createStatement()) {
        st.execute("CREATE TABLE u(b)");
        assertThat(st.executeUpdate("INSERT INTO u VALUES (1), (2)")).isEqualTo(2);
        assertThat(Sql.column(c, "SELECT count(*) FROM u"))
            .as("reads see the transaction's writes")
            .containsExactly("2");
        assertRefused(() -> st.execute("INSERT INTO nope VALUES (1)"), null)
            .hasMessageContaining("no such table");
      }
      assertThat(TestFleet.hasTable(f.tenants.get(0), "u"))
          .as("nothing propagates before commit")
          .isFalse();
      c.commit();
      assertThat(Sql.column(c, "SELECT count(*) FROM u")).containsExactly("2");
    }
    for (Path db : f.all()) {
      assertThat(Sql.rawColumn(db, "SELECT b FROM u ORDER BY b")).containsExactly("1", "2");
    }
    assertThat(f.jobCount()).isEqualTo(1);
  }

  @Test
  void aCommitWithoutWritesMakesNoJobAndRollbackDiscards() throws SQLException {
    TestFleet f = TestFleet.create(dir, 1, "CREATE TABLE t(a)");
    try (Connection c = f.schemaConnection()) {
      c.setAutoCommit(false);
      Sql.column(c, "SELECT count(*) FROM t");
      c.commit();
      Sql.exec(c, "INSERT INTO t VALUES (1)");
      c.rollback();
      c.commit();
    }
    assertThat(f.jobCount()).isZero();
    for (Path db : f.all()) {
      assertThat(Sql.rawColumn(db, "SELECT count(*) FROM t")).containsExactly("0");
    }
  }

  @Test
  void rollbackToASavepointDropsTheStatementsAfterIt() throws SQLException {
    TestFleet f = TestFleet.create(dir, 2, "CREATE TABLE t(a)");
    try (Connection c = f.schemaConnection()) {
      c.setAutoCommit(false);
      Sql.exec(c, "INSERT INTO t VALUES (1)");
      Savepoint sp = c.setSavepoint("sp");
      Sql.exec(c, "INSERT INTO t VALUES (2)");
      Sql.exec(c, "CREATE TABLE dropped(x)");
      c.rollback(sp);
      Sql.exec(c, "INSERT INTO t VALUES (3)");
      c.commit();
    }
    for (Path db : f.all()) {
      assertThat(Sql.rawColumn(db, "SELECT a FROM t ORDER BY a")).containsExactly("1", "3");
      assertThat(TestFleet.hasTable(db, "dropped")).isFalse();
    }
  }

  @Test
  void aFailedCommitThrowsDiscardsTheWritesAndLeavesAFreshTransaction() throws SQLException {
    TestFleet f = TestFleet.create(dir, 3, "CREATE TABLE t(a)");
    Sql.rawExec(f.tenants.get(1), "CREATE TABLE u(x)"); // drift
    try (Connection c = f.schemaConnection()) {
      c.setAutoCommit(false);
      Sql.exec(c, "INSERT INTO t VALUES (1)");
      Sql.exec(c, "CREATE TABLE u(b)");
      assertThatThrownBy(c::commit)
          .isInstanceOf(MigrationFailedException.class)
          .hasMessageContaining(f.tenants.get(1).toString())
          .hasMessageContaining("statement 2 (CREATE TABLE u(b))")
          .hasMessageContaining("already exists");
      assertThat(Sql.column(c, "SELECT count(*) FROM t")).containsExactly("0");
      Sql.exec(c, "INSERT INTO t VALUES (7)");
      c.commit();
    }
    for (Path db : f.all()) {
      assertThat(Sql.rawColumn(db, "SELECT a FROM t")).containsExactly("7");
    }
    assertThat(TestFleet.hasTable(f.tenants.get(0), "u")).isFalse();
  }

  @Test
  void aStatementBatchIsOneMigration() throws SQLException {
    TestFleet f = TestFleet.create(dir, 2, "CREATE TABLE t(a)");
    try (Connection c = f.schemaConnection();
        Statement st = c.createStatement()) {
      st.addBatch("INSERT INTO t VALUES (1)");
      st.addBatch("INSERT INTO t VALUES (2), (3)");
      st.addBatch("CREATE INDEX ta ON t(a)");
      assertThat(st.executeBatch()).containsExactly(1, 2, 0);
    }
    assertThat(f.jobCount()).isEqualTo(1);
    for (Path db : f.all()) {
      assertThat(Sql.rawColumn(db, "SELECT a FROM t ORDER BY a")).containsExactly("1", "2", "3");
    }
  }

  @Test
  void preparedParametersOfEverySqliteTypeTravel() throws SQLException {
    TestFleet f = TestFleet.create(dir, 2, "CREATE TABLE v(n, i, r, t, b, flag, big)");
    try (Connection c = f.schemaConnection();
        PreparedStatement ps = c.prepareStatement("INSERT INTO v VALUES (?, ?, ?, ?, ?, ?, ?)")) {
      ps.setNull(1, java.sql.Types.VARCHAR);
      ps.setInt(2, 42);
      ps.setDouble(3, 2.5);
      ps.setString(4, "it's");
      ps.setBytes(5, new byte[] {0, 1, (byte) 255});
      ps.setBoolean(6, true);
      ps.setBigDecimal(7, new java.math.BigDecimal("12.50"));
      ps.addBatch();
      ps.setLong(2, Long.MAX_VALUE);
      ps.setObject(4, "second");
      ps.addBatch();
      assertThat(ps.executeBatch()).containsExactly(1, 1);
      ps.setInt(2, 7);
      assertThat(ps.executeUpdate()).isEqualTo(1);
    }
    assertThat(f.jobCount()).isEqualTo(2);
    for (Path db : f.all()) {
      assertThat(
              Sql.rawColumn(
                  db,
                  "SELECT typeof(n)||typeof(i)||typeof(r)||typeof(t)||typeof(b)||':'||i||'|'||r||'|'||t||'|'||hex(b)||'|'||flag||'|'||big FROM v ORDER BY rowid"))
          .containsExactly(
              "nullintegerrealtextblob:42|2.5|it's|0001FF|1|12.50",
              "nullintegerrealtextblob:9223372036854775807|2.5|second|0001FF|1|12.50",
              "nullintegerrealtextblob:7|2.5|second|0001FF|1|12.50");
    }
  }

  @Test
  void aPreparedWriteInAManualTransactionRunsHereAndTravelsAtCommit() throws SQLException {
    TestFleet f = TestFleet.create(dir, 2, "CREATE TABLE t(a, b)");
    try (Connection c = f.schemaConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO t VALUES (?, ?)")) {
        ps.setInt(1, 1);
        ps.setString(2, "x");
        ps.executeUpdate();
        ps.setInt(1, 2);
        ps.executeUpdate();
      }
      assertThat(Sql.column(c, "SELECT count(*) FROM t")).containsExactly("2");
      c.commit();
    }
    for (Path db : f.all()) {
      assertThat(Sql.rawColumn(db, "SELECT a || b FROM t ORDER BY a")).containsExactly("1x", "2x");
    }
  }

  @Test
  void unsetParametersAndBadIndexesAreRefusedBeforeAnythingRuns() throws SQLException {
    TestFleet f = TestFleet.create(dir, 1, "CREATE TABLE t(a, b)");
    try (Connection c = f.schemaConnection();
        PreparedStatement ps = c.prepareStatement("INSERT INTO t VALUES (?, ?)")) {
      ps.setInt(1, 1);
      assertRefused(ps::executeUpdate, "07001").hasMessageContaining("parameter 2 is not set");
      assertRefused(() -> ps.setInt(3, 1), "07009");
    }
    assertThat(f.jobCount()).isZero();
  }

  @Test
  void aBatchThatFailsThrowsBatchUpdateExceptionWithTheMigrationState() throws SQLException {
    TestFleet f = TestFleet.create(dir, 1, "CREATE TABLE t(a)");
    try (Connection c = f.schemaConnection();
        Statement st = c.createStatement()) {
      st.addBatch("INSERT INTO t VALUES (1)");
      st.addBatch("INSERT INTO nope VALUES (1)");
      assertThatThrownBy(st::executeBatch)
          .isInstanceOfSatisfying(
              BatchUpdateException.class, e -> assertThat(e.getSQLState()).isEqualTo("40000"))
          .hasMessageContaining("statement 2");
    }
    assertThat(Sql.rawColumn(f.schema, "SELECT count(*) FROM t")).containsExactly("0");
  }

  @Test
  void userVersionPropagatesAndVacuumStaysLocal() throws SQLException {
    TestFleet f = TestFleet.create(dir, 2, "CREATE TABLE t(a)");
    try (Connection c = f.schemaConnection()) {
      Sql.exec(c, "PRAGMA user_version = 9");
      Sql.exec(c, "VACUUM");
    }
    for (Path db : f.all()) {
      assertThat(Sql.rawColumn(db, "PRAGMA user_version")).containsExactly("9");
    }
    assertThat(f.jobCount()).isEqualTo(1);
  }

  @Test
  void analyzePropagatesAsAWrite() throws SQLException {
    TestFleet f = TestFleet.create(dir, 2, "CREATE TABLE t(a)", "CREATE INDEX ta ON t(a)");
    try (Connection c = f.schemaConnection()) {
      Sql.exec(c, "ANALYZE");
    }
    for (Path db : f.all()) {
      assertThat(TestFleet.hasTable(db, "sqlite_stat1")).as(db.toString()).isTrue();
    }
  }

  @Test
  void theTableRebuildProcedureKeepsEveryTenantsRows() throws SQLException {
    TestFleet f =
        TestFleet.create(
            dir,
            3,
            "CREATE TABLE parent(id INTEGER PRIMARY KEY, name TEXT)",
            "CREATE TABLE child(id INTEGER PRIMARY KEY, parent_id INTEGER NOT NULL REFERENCES parent(id) ON DELETE CASCADE)");
    int n = 0;
    for (Path t : f.tenants) {
      n++;
      try (Connection c = Sql.open(Sql.linkedUrl(t, f.schema) + "&foreign_keys=on")) {
        Sql.exec(c, "INSERT INTO parent VALUES (1, 'a" + n + "'), (2, 'b" + n + "')");
        Sql.exec(c, "INSERT INTO child VALUES (10, 1), (11, 2), (12, 2)");
      }
    }
    // SQLite's documented procedure: foreign keys off, then the rebuild in one transaction.
    try (Connection c = f.schemaConnection("foreign_keys=on")) {
      Sql.exec(c, "PRAGMA foreign_keys = OFF");
      c.setAutoCommit(false);
      Sql.exec(
          c,
          "CREATE TABLE parent_new(id INTEGER PRIMARY KEY, name TEXT NOT NULL DEFAULT '', created INTEGER)");
      Sql.exec(c, "INSERT INTO parent_new(id, name) SELECT id, coalesce(name, '') FROM parent");
      Sql.exec(c, "DROP TABLE parent");
      Sql.exec(c, "ALTER TABLE parent_new RENAME TO parent");
      Sql.exec(c, "PRAGMA foreign_key_check");
      c.commit();
      c.setAutoCommit(true);
      Sql.exec(c, "PRAGMA foreign_keys = ON");
    }
    n = 0;
    for (Path t : f.tenants) {
      n++;
      assertThat(Sql.rawColumn(t, "SELECT name FROM parent ORDER BY id"))
          .containsExactly("a" + n, "b" + n);
      assertThat(Sql.rawColumn(t, "SELECT count(*) FROM child")).containsExactly("3");
      assertThat(TestFleet.hasColumn(t, "parent", "created")).isTrue();
    }
  }

  @Test
  void theTempCopyRecipeInAManualTransactionKeepsEachTenantsOwnRows() throws SQLException {
    TestFleet f =
        TestFleet.create(
            dir, 3, "CREATE TABLE item(id INTEGER PRIMARY KEY, name TEXT, legacy TEXT)");
    int n = 0;
    for (Path t : f.tenants) {
      n++;
      try (Connection c = Sql.open(Sql.linkedUrl(t, f.schema))) {
        Sql.exec(c, "INSERT INTO item VALUES (1, 'tenant" + n + "', 'x')");
      }
    }
    try (Connection c = f.schemaConnection()) {
      assertRefused(
          () -> Sql.exec(c, "CREATE TEMP TABLE item_backup AS SELECT * FROM item"), "0A000");
      c.setAutoCommit(false);
      Sql.exec(c, "CREATE TEMP TABLE item_backup AS SELECT id, name FROM item");
      Sql.exec(c, "DROP TABLE item");
      Sql.exec(c, "CREATE TABLE item(id INTEGER PRIMARY KEY, name TEXT)");
      Sql.exec(c, "INSERT INTO item SELECT id, name FROM temp.item_backup");
      Sql.exec(c, "DROP TABLE temp.item_backup");
      c.commit();
    }
    n = 0;
    for (Path t : f.tenants) {
      n++;
      assertThat(Sql.rawColumn(t, "SELECT name FROM item")).containsExactly("tenant" + n);
      assertThat(TestFleet.hasColumn(t, "item", "legacy")).isFalse();
    }
  }

  @Test
  void twoSchemaConnectionsSubmittingAtOnceBothSucceedInOrder() throws Exception {
    TestFleet f = TestFleet.create(dir, 3, "CREATE TABLE log(n INTEGER)");
    try (Connection a = f.schemaConnection();
        Connection b = f.schemaConnection()) {
      var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
      var latch = new java.util.concurrent.CountDownLatch(1);
      var fa =
          pool.submit(
              () -> {
                latch.await();
                Sql.exec(a, "INSERT INTO log VALUES (1)");
                return null;
              });
      var fb =
          pool.submit(
              () -> {
                latch.await();
                Sql.exec(b, "INSERT INTO log VALUES (2)");
                return null;
              });
      latch.countDown();
      fa.get();
      fb.get();
      pool.shutdown();
    }
    List<String> order =
        Sql.rawColumn(f.schema, "SELECT group_concat(n) FROM (SELECT n FROM log ORDER BY rowid)");
    assertThat(order.get(0)).isIn("1,2", "2,1");
    for (Path t : f.tenants) {
      assertThat(Sql.rawColumn(t, "SELECT group_concat(n) FROM (SELECT n FROM log ORDER BY rowid)"))
          .isEqualTo(order);
    }
  }
}
