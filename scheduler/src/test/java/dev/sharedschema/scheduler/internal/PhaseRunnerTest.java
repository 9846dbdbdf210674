package dev.sharedschema.scheduler.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sharedschema.scheduler.FaultHooks;
import dev.sharedschema.scheduler.Fence;
import dev.sharedschema.scheduler.Fleet;
import dev.sharedschema.scheduler.LeaseLostException;
import dev.sharedschema.scheduler.Migration;
import dev.sharedschema.scheduler.MutableClock;
import dev.sharedschema.scheduler.Registry;
import dev.sharedschema.scheduler.RegistryFile;
import dev.sharedschema.scheduler.TaskOutcome;
import dev.sharedschema.scheduler.TaskState;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, case 6 (a batch abandoned when recording throws kept running beside the retried step)
 * and case 1 (a holder that lost its lease must not start more work): when a phase stops, nothing
 * it started is still running, and no batch starts without the lease.
 */
class PhaseRunnerTest {
  @TempDir Path dir;

  @Test
  void whenRecordingIsRefusedNoTaskOfThePassIsStillRunningAfterwards() throws Exception {
    Fleet f = Fleet.create(dir, 12, "CREATE TABLE t(a)");
    MutableClock clock = new MutableClock(1_000_000);
    ExecutorService workers = Executors.newFixedThreadPool(2);
    try (Registry r = RegistryFile.open(f.schema, clock)) {
      long id = r.submit(Migration.of("ALTER TABLE t ADD COLUMN b"), 0);
      Fence mine = r.acquireLease("mine", clock.millis(), 10_000).orElseThrow();
      AtomicInteger running = new AtomicInteger();
      AtomicInteger started = new AtomicInteger();
      FaultHooks takeoverBeforeRecording =
          new FaultHooks() {
            @Override
            public void at(String point) {
              if (point.equals("before recording")) {
                clock.advance(Duration.ofSeconds(11));
                try {
                  r.acquireLease("another", clock.millis(), 10_000).orElseThrow();
                } catch (java.sql.SQLException e) {
                  throw new IllegalStateException(e);
                }
              }
            }
          };
      PhaseRunner phases = new PhaseRunner(r, workers, 4, clock, takeoverBeforeRecording);
      assertThatThrownBy(
              () ->
                  phases.run(
                      mine,
                      id,
                      TaskState.Enqueued,
                      (t, p) -> {
                        started.incrementAndGet();
                        running.incrementAndGet();
                        try {
                          Thread.sleep(50);
                        } catch (InterruptedException e) {
                          Thread.currentThread().interrupt();
                        }
                        running.decrementAndGet();
                        return new TaskOutcome(
                            t, TaskState.Enqueued, TaskState.DryRunSuccess, 0, null, 0);
                      },
                      o -> {},
                      () -> false))
          .isInstanceOf(LeaseLostException.class);
      assertThat(running).as("no task of the abandoned pass still running").hasValue(0);
      int afterwards = started.get();
      Thread.sleep(200);
      assertThat(started).as("and none started since").hasValue(afterwards);
      assertThat(afterwards).as("the queued second batch was cancelled, not run").isLessThan(12);
      assertThat(r.taskCounts(id)).containsEntry(TaskState.Enqueued, 12);
    } finally {
      workers.shutdownNow();
    }
  }

  @Test
  void aHolderWithoutTheLeaseStartsNoBatch() throws Exception {
    Fleet f = Fleet.create(dir, 3, "CREATE TABLE t(a)");
    MutableClock clock = new MutableClock(1_000_000);
    ExecutorService workers = Executors.newFixedThreadPool(2);
    try (Registry r = RegistryFile.open(f.schema, clock)) {
      long id = r.submit(Migration.of("ALTER TABLE t ADD COLUMN b"), 0);
      Fence stale = r.acquireLease("paused", clock.millis(), 10_000).orElseThrow();
      clock.advance(Duration.ofSeconds(11));
      r.acquireLease("took over", clock.millis(), 10_000).orElseThrow();
      AtomicInteger started = new AtomicInteger();
      PhaseRunner phases = new PhaseRunner(r, workers, 4, clock, FaultHooks.NONE);
      assertThatThrownBy(
              () ->
                  phases.run(
                      stale,
                      id,
                      TaskState.Enqueued,
                      (t, p) -> {
                        started.incrementAndGet();
                        return new TaskOutcome(
                            t, TaskState.Enqueued, TaskState.DryRunSuccess, 0, null, 0);
                      },
                      o -> {},
                      () -> false))
          .isInstanceOf(LeaseLostException.class);
      assertThat(started).hasValue(0);
    } finally {
      workers.shutdownNow();
    }
  }

  @Test
  void theCarriedConnectionCountStaysRightForAFileThatCannotBeIdentified() throws Exception {
    Fleet f = Fleet.create(dir, 1, "CREATE TABLE t(a)");
    try (CarriedConnections carry = new CarriedConnections(3);
        var c = SqliteFiles.openExisting(f.linked.get(0))) {
      assertThat(carry.offer(dir.resolve("gone.db"), c)).isFalse();
      assertThat(carry.descriptors()).isZero();
      assertThat(carry.size()).isZero();
      assertThat(carry.offer(f.linked.get(0), c)).isTrue();
      assertThat(carry.descriptors()).isEqualTo(1);
    }
  }
}
