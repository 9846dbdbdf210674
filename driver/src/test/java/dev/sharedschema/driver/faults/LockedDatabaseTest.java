package dev.sharedschema.driver.faults;

import static dev.sharedschema.driver.faults.FaultFleet.MIGRATION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sharedschema.driver.JobSummary;
import dev.sharedschema.driver.SharedSchema;
import dev.sharedschema.scheduler.JobState;
import dev.sharedschema.scheduler.MigrationFailedException;
import dev.sharedschema.scheduler.MigrationListener;
import dev.sharedschema.scheduler.MigrationPausedException;
import dev.sharedschema.scheduler.TaskFailure;
import dev.sharedschema.scheduler.TaskOutcome;
import dev.sharedschema.scheduler.TaskState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A linked database locked by another process that holds a write transaction on it (DESIGN.md §6
 * rule 4): waited for within {@code shared_schema_busy_timeout}, a clean dry-run failure past it, a
 * paused job when the lock comes between dry run and run.
 */
@Tag("slow")
class LockedDatabaseTest {
  private static final System.Logger LOG = System.getLogger(LockedDatabaseTest.class.getName());

  @TempDir Path dir;

  @Test
  void aLockReleasedWithinTheBusyTimeoutIsWaitedForAndTheMigrationAppliedOnce() throws Exception {
    FaultFleet f = FaultFleet.create(dir, "t1.db", "t2.db", "t3.db");
    Path locked = f.tenants.get(1);
    try (ChildJvm holder = lockHolder(locked);
        Connection c = f.schemaConnection("shared_schema_busy_timeout=60s");
        SharedSchema s = SharedSchema.open(f.schema)) {
      assertThat(holder.ask("lock")).isEqualTo("locked");
      CountDownLatch othersPassed = new CountDownLatch(2);
      s.addListener(
          new MigrationListener() {
            @Override
            public void taskDone(long jobId, TaskOutcome o) {
              if (o.state() == TaskState.DryRunSuccess && !o.path().equals("t2.db")) {
                othersPassed.countDown();
              }
            }
          });
      long started = System.nanoTime();
      CompletableFuture<Void> migration = runAsync(c, MIGRATION);
      assertThat(othersPassed.await(60, TimeUnit.SECONDS)).isTrue();
      Thread.sleep(300);
      JobSummary waiting = s.headOfQueue().orElseThrow();
      assertThat(waiting.state()).isEqualTo(JobState.WaitingDryRun);
      assertThat(s.taskStates(waiting.id())).containsEntry(locked, TaskState.Enqueued);
      assertThat(migration).isNotDone();

      assertThat(holder.ask("commit")).isEqualTo("committed");
      migration.get(60, TimeUnit.SECONDS);
      LOG.log(
          System.Logger.Level.INFO,
          "migration waited for the lock and finished after "
              + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)
              + " ms");
      assertThat(s.job(waiting.id()).orElseThrow().tasks()).containsExactly(entry(3));
      f.assertAppliedOnce(waiting.id());
      assertThat(s.check()).isEmpty();
    }
    assertThat(rowsOfTheOtherProcess(locked)).isEqualTo(1);
  }

  @Test
  void aLockHeldPastTheBusyTimeoutFailsTheDryRunAndNothingIsApplied() throws Exception {
    FaultFleet f = FaultFleet.create(dir, "t1.db", "t2.db", "t3.db");
    Path locked = f.tenants.get(1);
    try (ChildJvm holder = lockHolder(locked);
        Connection c = f.schemaConnection("shared_schema_busy_timeout=1s");
        SharedSchema s = SharedSchema.open(f.schema)) {
      assertThat(holder.ask("lock")).isEqualTo("locked");
      assertThatThrownBy(() -> FaultFleet.exec(c, MIGRATION))
          .isInstanceOfSatisfying(
              MigrationFailedException.class,
              e -> {
                assertThat(e.getSQLState()).isEqualTo("40000");
                assertThat(e.failures())
                    .singleElement()
                    .satisfies(x -> assertThat(x.database()).isEqualTo(locked));
              })
          .hasMessageContaining("failed its dry run; nothing was applied anywhere")
          .hasMessageContaining(locked + ": [SQLITE_BUSY]")
          .hasMessageContaining("database is locked")
          .hasMessageContaining("longer than the busy timeout (1 s)")
          .hasMessageContaining("end or close that connection's transaction")
          .hasMessageContaining("raise shared_schema_busy_timeout")
          .hasMessageContaining("send it again");
      long job = s.jobs(1).get(0).id();
      JobSummary failed = s.job(job).orElseThrow();
      assertThat(failed.state()).isEqualTo(JobState.DryRunFailure);
      assertThat(failed.tasks())
          .containsEntry(TaskState.DryRunFailure, 1)
          .containsEntry(TaskState.DryRunSuccess, 2);
      assertThat(failed.failures())
          .extracting(TaskFailure::database, TaskFailure::statement)
          .containsExactly(org.assertj.core.groups.Tuple.tuple(locked, 0));

      assertThat(holder.ask("commit")).isEqualTo("committed");
      f.assertNotApplied(job);
      assertThat(s.check()).isEmpty();

      // The queue is not wedged: sent again once the lock is gone, it applies everywhere.
      FaultFleet.exec(c, MIGRATION);
      long again = s.jobs(1).get(0).id();
      assertThat(s.job(again).orElseThrow().state()).isEqualTo(JobState.RunSuccess);
      f.assertAppliedOnce(again);
      assertThat(s.check()).isEmpty();
    }
    assertThat(rowsOfTheOtherProcess(locked)).isEqualTo(1);
  }

  @Test
  void aLockTakenBetweenDryRunAndRunPausesTheJobAndRetryFinishesIt() throws Exception {
    FaultFleet f = FaultFleet.create(dir, "t1.db", "t2.db", "t3.db");
    Path locked = f.tenants.get(1);
    try (ChildJvm holder = lockHolder(locked);
        Connection c = f.schemaConnection("shared_schema_busy_timeout=1s");
        SharedSchema s = SharedSchema.open(f.schema)) {
      AtomicBoolean once = new AtomicBoolean();
      s.addListener(
          new MigrationListener() {
            @Override
            public void jobState(long jobId, JobState state) {
              if (state == JobState.WaitingRun && once.compareAndSet(false, true)) {
                try {
                  // Runs on the scheduler's thread: the run starts only once the lock is held.
                  assertThat(holder.ask("lock")).isEqualTo("locked");
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              }
            }
          });
      assertThatThrownBy(() -> FaultFleet.exec(c, MIGRATION))
          .isInstanceOfSatisfying(
              MigrationPausedException.class,
              e -> {
                assertThat(e.getSQLState()).isEqualTo("40003");
                assertThat(e.failures())
                    .singleElement()
                    .satisfies(x -> assertThat(x.database()).isEqualTo(locked));
              })
          .hasMessageContaining("paused in RunFailure")
          .hasMessageContaining(locked + ": [SQLITE_BUSY]")
          .hasMessageContaining("database is locked")
          .hasMessageContaining("longer than the busy timeout (1 s)")
          .hasMessageContaining("sharedschema retry " + f.schema);
      assertThat(once).isTrue();
      long job = s.jobs(1).get(0).id();
      JobSummary paused = s.job(job).orElseThrow();
      assertThat(paused.state()).isEqualTo(JobState.RunFailure);
      assertThat(paused.error()).isEqualTo("1 database failed the run");
      assertThat(paused.tasks())
          .containsEntry(TaskState.RunFailure, 1)
          .containsEntry(TaskState.RunSuccess, 2);
      assertThat(paused.failures())
          .extracting(TaskFailure::database, TaskFailure::state)
          .containsExactly(org.assertj.core.groups.Tuple.tuple(locked, TaskState.RunFailure));
      assertThat(FaultFleet.hasTag(f.schema)).as("schema database is migrated last").isFalse();
      assertThat(FaultFleet.hasTag(locked)).isFalse();
      assertThat(FaultFleet.applied(locked, job)).isZero();
      List<Path> done = List.of(f.tenants.get(0), f.tenants.get(2));
      for (Path db : done) {
        assertThat(FaultFleet.hasTag(db)).isTrue();
      }
      // A later job waits behind the paused one.
      long later = s.submit("CREATE TABLE later(x)");
      assertThat(s.drain(Duration.ofSeconds(30))).isTrue();
      assertThat(s.job(later).orElseThrow().state()).isEqualTo(JobState.WaitingDryRun);

      assertThat(holder.ask("commit")).isEqualTo("committed");
      s.retry(job);
      assertThat(s.await(job, Duration.ofSeconds(60)).jobId()).isEqualTo(job);
      s.await(later, Duration.ofSeconds(60));
      assertThat(s.job(job).orElseThrow().state()).isEqualTo(JobState.RunSuccess);
      assertThat(s.job(job).orElseThrow().tasks()).containsExactly(entry(3));
      f.assertAppliedOnce(job);
      for (Path db : f.all()) {
        assertThat(FaultFleet.column(db, "SELECT name FROM sqlite_master WHERE name = 'later'"))
            .containsExactly("later");
      }
      assertThat(s.check()).isEmpty();
    }
    assertThat(rowsOfTheOtherProcess(locked)).isEqualTo(1);
  }

  private static ChildJvm lockHolder(Path db) throws IOException {
    ChildJvm holder =
        ChildJvm.start(List.of(), ChildJvm.testClassPath(), LockHolder.class, db.toString());
    assertThat(holder.answer()).isEqualTo("ready");
    return holder;
  }

  private static CompletableFuture<Void> runAsync(Connection c, String sql) {
    return CompletableFuture.runAsync(
        () -> {
          try {
            FaultFleet.exec(c, sql);
          } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
          }
        });
  }

  private static java.util.Map.Entry<TaskState, Integer> entry(int runSuccess) {
    return java.util.Map.entry(TaskState.RunSuccess, runSuccess);
  }

  /** The row the other process wrote inside its transaction: committed, never lost. */
  private static int rowsOfTheOtherProcess(Path db) throws java.sql.SQLException {
    return Integer.parseInt(
        FaultFleet.column(db, "SELECT count(*) FROM notes WHERE body = '" + LockHolder.ROW + "'")
            .get(0));
  }
}
