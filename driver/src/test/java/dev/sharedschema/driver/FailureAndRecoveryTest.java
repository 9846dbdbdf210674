package dev.sharedschema.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sharedschema.scheduler.JobState;
import dev.sharedschema.scheduler.MigrationPausedException;
import dev.sharedschema.scheduler.TaskState;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Run-phase failures, recovery, and the writer's timeout, through the driver (DESIGN.md §4, §6.4).
 */
class FailureAndRecoveryTest {
  @TempDir Path dir;

  @Test
  void afterTheFixRetryAppliesTheJobEverywhereOnce() throws Exception {
    TestFleet f = TestFleet.create(dir, 2, "CREATE TABLE t(a)");
    Path locked = f.tenants.get(0);
    long job;
    try (Connection holder = DriverManager.getConnection("jdbc:sqlite:" + locked);
        Connection c = f.schemaConnection("shared_schema_busy_timeout=300");
        SharedSchema s = SharedSchema.open(f.schema)) {
      java.util.concurrent.atomic.AtomicBoolean once =
          new java.util.concurrent.atomic.AtomicBoolean();
      s.addListener(
          new dev.sharedschema.scheduler.MigrationListener() {
            @Override
            public void jobState(long jobId, JobState state) {
              if (state == JobState.WaitingRun && once.compareAndSet(false, true)) {
                try (Statement st = holder.createStatement()) {
                  st.execute("BEGIN EXCLUSIVE");
                } catch (java.sql.SQLException e) {
                  throw new IllegalStateException(e);
                }
              }
            }
          });
      assertThatThrownBy(() -> Sql.exec(c, "ALTER TABLE t ADD COLUMN b"))
          .isInstanceOfSatisfying(
              MigrationPausedException.class, e -> assertThat(e.getSQLState()).isEqualTo("40003"))
          .hasMessageContaining(locked.toString())
          .hasMessageContaining("sharedschema retry");
      job = f.lastJob();
      assertThat(TestFleet.hasColumn(f.schema, "t", "b"))
          .as("schema database is migrated last")
          .isFalse();
      JobSummary paused = s.job(job).orElseThrow();
      assertThat(paused.state()).isEqualTo(JobState.RunFailure);
      assertThat(paused.tasks())
          .containsEntry(TaskState.RunFailure, 1)
          .containsEntry(TaskState.RunSuccess, 1);
      assertThat(paused.failures())
          .singleElement()
          .satisfies(x -> assertThat(x.database()).isEqualTo(locked));
      try (Statement st = holder.createStatement()) {
        st.execute("ROLLBACK");
      }
      s.retry(job);
      assertThat(s.drain(java.time.Duration.ofSeconds(30))).isTrue();
      assertThat(s.job(job).orElseThrow().state()).isEqualTo(JobState.RunSuccess);
    }
    for (Path db : f.all()) {
      assertThat(TestFleet.hasColumn(db, "t", "b")).isTrue();
    }
    for (Path t : f.tenants) {
      assertThat(
              Sql.rawColumn(t, "SELECT count(*) FROM _sharedschema_applied WHERE job_id = " + job))
          .containsExactly("1");
    }
  }

  @Test
  void aWriterThatStopsWaitingGetsSQLTimeoutExceptionAndTheJobGoesOn() throws Exception {
    TestFleet f = TestFleet.create(dir, 2, "CREATE TABLE t(a)");
    Path locked = f.tenants.get(1);
    try (Connection holder = DriverManager.getConnection("jdbc:sqlite:" + locked)) {
      try (Statement st = holder.createStatement()) {
        st.execute("BEGIN EXCLUSIVE");
      }
      try (Connection c =
          f.schemaConnection("shared_schema_timeout=300ms&shared_schema_busy_timeout=20s")) {
        assertThatThrownBy(() -> Sql.exec(c, "CREATE TABLE u(x)"))
            .isInstanceOf(SQLTimeoutException.class)
            .hasMessageContaining("goes on")
            .hasMessageContaining("sharedschema job");
        try (Statement st = holder.createStatement()) {
          st.execute("ROLLBACK");
        }
        try (SharedSchema s = SharedSchema.open(f.schema)) {
          assertThat(s.drain(java.time.Duration.ofSeconds(30))).isTrue();
        }
      }
    }
    for (Path db : f.all()) {
      assertThat(TestFleet.hasTable(db, "u")).as(db.toString()).isTrue();
    }
  }
}
