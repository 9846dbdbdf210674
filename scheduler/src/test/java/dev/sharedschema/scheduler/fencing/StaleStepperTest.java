package dev.sharedschema.scheduler.fencing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sharedschema.scheduler.FaultHooks;
import dev.sharedschema.scheduler.Fleet;
import dev.sharedschema.scheduler.JobState;
import dev.sharedschema.scheduler.Migration;
import dev.sharedschema.scheduler.MigrationResult;
import dev.sharedschema.scheduler.Scheduler;
import dev.sharedschema.scheduler.SchedulerOptions;
import dev.sharedschema.scheduler.TaskState;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, case 1: a lease holder that stalls past its lease (a GC pause, a stopped process, a
 * registry held busy) wakes up after another scheduler took over and finished its job. Before
 * fencing, its late dry runs failed with "duplicate column" on the tenants the new holder had
 * migrated, those DryRunFailure outcomes overwrote RunSuccess, and the job paused forever. Now the
 * stale stepper's writes are refused by its lease epoch and its late dry run sees the job applied.
 *
 * <p>The pause is made deterministic: stepper A blocks inside its first dry-run task; stepper B's
 * clock runs an hour ahead, so A's lease looks expired to B the moment B asks.
 */
class StaleStepperTest {
  @TempDir Path dir;

  @Test
  void aStepperThatWakesAfterATakeoverChangesNothingAndTheJobEndsRunSuccess() throws Exception {
    Fleet f = Fleet.create(dir, 6, "CREATE TABLE t(a)");
    CountDownLatch aBlocked = new CountDownLatch(1);
    CountDownLatch wakeA = new CountDownLatch(1);
    AtomicBoolean first = new AtomicBoolean(true);
    FaultHooks stallOnce =
        new FaultHooks() {
          @Override
          public void opened(Path database, Connection connection) {
            if (first.getAndSet(false)) {
              aBlocked.countDown();
              await(wakeA);
            }
          }
        };
    SchedulerOptions a = Fleet.fastOptions().withWorkers(1).withBatchSize(2).withFaults(stallOnce);
    SchedulerOptions b =
        Fleet.fastOptions().withClock(Clock.offset(Clock.systemUTC(), Duration.ofHours(1)));
    Migration add = Migration.of("ALTER TABLE t ADD COLUMN b INTEGER");
    try (Scheduler stale = Scheduler.open(f.schema, a)) {
      long id = stale.submit(add);
      assertThat(aBlocked.await(30, TimeUnit.SECONDS)).isTrue();
      try (Scheduler fresh = Scheduler.open(f.schema, b)) {
        MigrationResult done = fresh.await(id, Duration.ofSeconds(60));
        assertThat(done.jobId()).isEqualTo(id);
        wakeA.countDown(); // A's dry run now meets a tenant that already holds the job
        CompletableFuture<MigrationResult> aWaits =
            CompletableFuture.supplyAsync(() -> awaitQuietly(stale, id));
        assertThat(aWaits.get(30, TimeUnit.SECONDS).jobId()).isEqualTo(id);
        Thread.sleep(500); // give A's refused writes time to have happened
        assertThat(fresh.registry().job(id).orElseThrow().state()).isEqualTo(JobState.RunSuccess);
        assertThat(fresh.registry().taskCounts(id))
            .isEqualTo(Map.of(TaskState.RunSuccess, f.linked.size()));
      }
    } finally {
      wakeA.countDown();
    }
    for (Path db : f.linked) {
      assertThat(Fleet.hasColumn(db, "t", "b")).as(db.toString()).isTrue();
      assertThat(Fleet.appliedJobs(db)).as(db.toString()).hasSize(1);
    }
    assertThat(Fleet.hasColumn(f.schema, "t", "b")).isTrue();
  }

  private static MigrationResult awaitQuietly(Scheduler s, long id) {
    try {
      return s.await(id, Duration.ofSeconds(30));
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
