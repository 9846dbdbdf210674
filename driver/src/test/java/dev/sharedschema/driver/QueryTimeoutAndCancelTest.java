package dev.sharedschema.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code Statement.setQueryTimeout} and {@code Statement.cancel()} stop a migration call's wait
 * (issue 13 item 7): a timeout throws {@code SQLTimeoutException}, a cancel {@code HY008},
 * promptly; the job goes on. A linked database held locked keeps the job from finishing meanwhile.
 */
class QueryTimeoutAndCancelTest {
  @TempDir Path dir;
  private TestFleet fleet;
  private Connection holder;
  private final ScheduledExecutorService canceller = Executors.newSingleThreadScheduledExecutor();

  @BeforeEach
  void fleetWithALockedTenant() throws SQLException {
    fleet = TestFleet.create(dir, 2, "CREATE TABLE t(a)");
    holder = DriverManager.getConnection("jdbc:sqlite:" + fleet.tenants.get(1));
    try (Statement st = holder.createStatement()) {
      st.execute("BEGIN EXCLUSIVE");
    }
  }

  @AfterEach
  void release() throws SQLException {
    canceller.shutdownNow();
    holder.close();
  }

  private Connection schema() throws SQLException {
    return fleet.schemaConnection("shared_schema_busy_timeout=20s");
  }

  @Test
  void aQueryTimeoutStopsTheWaitWithSqlTimeoutExceptionAndTheJobGoesOn() throws Exception {
    try (Connection c = schema();
        Statement st = c.createStatement()) {
      st.setQueryTimeout(1);
      long start = System.nanoTime();
      assertThatThrownBy(() -> st.execute("CREATE TABLE u(x)"))
          .isInstanceOf(SQLTimeoutException.class)
          .hasMessageContaining("goes on")
          .hasMessageContaining("sharedschema job");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO t VALUES (?)")) {
        ps.setQueryTimeout(1);
        ps.setInt(1, 1);
        assertThatThrownBy(ps::executeUpdate).isInstanceOf(SQLTimeoutException.class);
      }
      assertTheJobsGoOn(); // with the connection open: closing it stops the JVM's scheduler
    }
  }

  @Test
  void cancelStopsTheWaitWithHy008AndTheJobGoesOn() throws Exception {
    try (Connection c = schema();
        Statement st = c.createStatement();
        PreparedStatement ps = c.prepareStatement("INSERT INTO t VALUES (?)")) {
      canceller.schedule(() -> cancel(st), 300, TimeUnit.MILLISECONDS);
      long start = System.nanoTime();
      assertThatThrownBy(() -> st.execute("CREATE TABLE u(x)"))
          .isInstanceOfSatisfying(
              SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("HY008"))
          .hasMessageContaining("cancelled")
          .hasMessageContaining("goes on");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
      assertThat(Thread.currentThread().isInterrupted()).isFalse();

      ps.setInt(1, 1);
      canceller.schedule(() -> cancel(ps), 300, TimeUnit.MILLISECONDS);
      assertThatThrownBy(ps::executeUpdate)
          .isInstanceOfSatisfying(
              SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("HY008"));
      assertTheJobsGoOn();
    }
  }

  @Test
  void aCancelBeforeTheCallDoesNotStopTheNextOne() throws Exception {
    holder.createStatement().execute("ROLLBACK");
    try (Connection c = schema();
        Statement st = c.createStatement()) {
      st.cancel();
      st.execute("CREATE TABLE u(x)");
    }
    for (Path db : fleet.all()) {
      assertThat(TestFleet.hasTable(db, "u")).as(db.toString()).isTrue();
    }
  }

  private static void cancel(Statement st) {
    try {
      st.cancel();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private void assertTheJobsGoOn() throws SQLException {
    try (Statement st = holder.createStatement()) {
      st.execute("ROLLBACK");
    }
    try (SharedSchema s = SharedSchema.open(fleet.schema)) {
      assertThat(s.drain(Duration.ofSeconds(30))).isTrue();
    }
    for (Path db : fleet.all()) {
      assertThat(TestFleet.hasTable(db, "u")).as(db.toString()).isTrue();
      assertThat(Sql.rawColumn(db, "SELECT count(*) FROM t")).containsExactly("1");
    }
  }
}
