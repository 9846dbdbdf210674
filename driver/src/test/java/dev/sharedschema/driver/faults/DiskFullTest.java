package dev.sharedschema.driver.faults;

import static dev.sharedschema.driver.faults.FaultFleet.MIGRATION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import dev.sharedschema.driver.JobSummary;
import dev.sharedschema.driver.SharedSchema;
import dev.sharedschema.scheduler.FaultHooks;
import dev.sharedschema.scheduler.JobState;
import dev.sharedschema.scheduler.MigrationListener;
import dev.sharedschema.scheduler.MigrationPausedException;
import dev.sharedschema.scheduler.SchedulerOptions;
import dev.sharedschema.scheduler.TaskFailure;
import dev.sharedschema.scheduler.TaskState;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The disk of one linked database fills up during the run phase (SQLITE_FULL): the job pauses in
 * RunFailure naming that database; after space is freed, retry applies it there exactly once.
 *
 * <p>A full disk is made with {@code PRAGMA max_page_count} at the database's current size, which
 * SQLite answers exactly as it answers ENOSPC ("database or disk is full"). The pragma lives in a
 * connection, not in the file, so it is set on the scheduler's own connection through {@link
 * FaultHooks#opened}, and only once the dry run has passed.
 */
class DiskFullTest {
  private static final System.Logger LOG = System.getLogger(DiskFullTest.class.getName());

  @TempDir Path dir;

  @Test
  void aDiskFillingDuringTheRunPausesTheJobAndRetryAfterTheFixAppliesItOnce() throws Exception {
    FaultFleet f = FaultFleet.create(dir, "t1.db", "t2.db", "t3.db", "t4.db");
    Path full = f.tenants.get(2);
    AtomicBoolean running = new AtomicBoolean();
    AtomicInteger filled = new AtomicInteger();
    AtomicBoolean diskFull = new AtomicBoolean(true);
    FaultHooks faults =
        new FaultHooks() {
          @Override
          public void opened(Path db, Connection c) throws java.sql.SQLException {
            if (diskFull.get() && running.get() && db.equals(full)) {
              try (Statement st = c.createStatement()) {
                st.execute("PRAGMA max_page_count = 1"); // clamped to the current size: no growth
              }
              filled.incrementAndGet();
            }
          }
        };
    // Opened first, so the JVM's shared scheduler (which the connection then uses) has the hook.
    try (SharedSchema s =
            SharedSchema.open(
                f.schema,
                SchedulerOptions.DEFAULTS
                    .withBusyTimeout(Duration.ofSeconds(1))
                    .withFaults(faults));
        Connection c = f.schemaConnection("shared_schema_busy_timeout=1s")) {
      s.addListener(
          new MigrationListener() {
            @Override
            public void jobState(long jobId, JobState state) {
              if (state == JobState.WaitingRun) {
                running.set(true);
              }
            }
          });
      assertThatThrownBy(() -> FaultFleet.exec(c, MIGRATION))
          .satisfies(e -> LOG.log(System.Logger.Level.INFO, "disk full: " + e.getMessage()))
          .isInstanceOfSatisfying(
              MigrationPausedException.class,
              e -> {
                assertThat(e.getSQLState()).isEqualTo("40003");
                assertThat(e.failures())
                    .extracting(TaskFailure::database, TaskFailure::statement)
                    .containsExactly(tuple(full, 2));
              })
          .hasMessageContaining("paused in RunFailure")
          .hasMessageContaining(
              full + ": statement 2 (CREATE INDEX notes_body ON notes(body, tag)): [SQLITE_FULL]")
          .hasMessageContaining("database or disk is full")
          .hasMessageContaining("free space on its disk, or unlink it")
          .hasMessageContaining("sharedschema retry " + f.schema);
      assertThat(filled).hasValue(1);
      long job = s.jobs(1).get(0).id();
      JobSummary paused = s.job(job).orElseThrow();
      assertThat(paused.state()).isEqualTo(JobState.RunFailure);
      assertThat(paused.tasks())
          .containsEntry(TaskState.RunFailure, 1)
          .containsEntry(TaskState.RunSuccess, 3)
          .hasSize(2);
      assertThat(paused.failures())
          .extracting(TaskFailure::database, TaskFailure::state, TaskFailure::statement)
          .containsExactly(tuple(full, TaskState.RunFailure, 2));
      // The failed transaction rolled back whole: neither statement 1 nor a bookkeeping row stuck.
      assertThat(FaultFleet.hasTag(full)).isFalse();
      assertThat(FaultFleet.applied(full, job)).isZero();
      assertThat(FaultFleet.tenantRows(full)).isEqualTo(FaultFleet.TENANT_ROWS);
      assertThat(FaultFleet.hasTag(f.schema)).as("schema database is migrated last").isFalse();
      for (Path db : List.of(f.tenants.get(0), f.tenants.get(1), f.tenants.get(3))) {
        assertThat(FaultFleet.applied(db, job)).as(db.toString()).isEqualTo(1);
      }

      diskFull.set(false); // space freed
      s.retry(job);
      s.await(job, Duration.ofSeconds(60));
      assertThat(s.job(job).orElseThrow().state()).isEqualTo(JobState.RunSuccess);
      assertThat(s.job(job).orElseThrow().tasks())
          .containsExactly(java.util.Map.entry(TaskState.RunSuccess, 4));
      f.assertAppliedOnce(job);
      assertThat(s.check()).isEmpty();
    }
  }
}
