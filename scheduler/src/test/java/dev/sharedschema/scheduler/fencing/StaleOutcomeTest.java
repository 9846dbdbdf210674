package dev.sharedschema.scheduler.fencing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sharedschema.scheduler.FaultHooks;
import dev.sharedschema.scheduler.Fleet;
import dev.sharedschema.scheduler.Migration;
import dev.sharedschema.scheduler.MigrationListener;
import dev.sharedschema.scheduler.Scheduler;
import dev.sharedschema.scheduler.TaskOutcome;
import dev.sharedschema.scheduler.TaskState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, case 2: an outcome computed for a link that was unlinked and linked again since — here
 * a new file under the same name — must not land on the new link's task. Before link generations,
 * the old batch's RunSuccess was recorded over the new task, the job ended RunSuccess and the new
 * file never got the migration.
 */
class StaleOutcomeTest {
  @TempDir Path dir;

  @Test
  void aRunSuccessOfTheOldFileIsNotRecordedForTheNewFileUnderTheSameName() throws Exception {
    Fleet f = Fleet.create(dir, 3, "CREATE TABLE t(a)");
    Path t2 = f.linked.get(1);
    CountDownLatch runBatchDone = new CountDownLatch(1);
    CountDownLatch goOn = new CountDownLatch(1);
    AtomicBoolean running = new AtomicBoolean();
    AtomicBoolean stalled = new AtomicBoolean();
    FaultHooks stallBeforeRecordingTheRun =
        new FaultHooks() {
          @Override
          public void at(String point) {
            if (point.equals("before recording") && running.get() && !stalled.getAndSet(true)) {
              runBatchDone.countDown();
              try {
                goOn.await(60, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            }
          }
        };
    try (Scheduler s =
        Scheduler.open(f.schema, Fleet.fastOptions().withFaults(stallBeforeRecordingTheRun))) {
      s.addListener(
          new MigrationListener() {
            @Override
            public void taskDone(long jobId, TaskOutcome o) {
              if (o.state() == TaskState.RunSuccess) {
                running.set(true);
              }
            }
          });
      long id = s.submit(Migration.of("ALTER TABLE t ADD COLUMN b INTEGER"));
      assertThat(runBatchDone.await(30, TimeUnit.SECONDS)).isTrue();
      // The run applied the job to every tenant, its outcomes are not recorded yet. Now t2 is
      // unlinked, deleted, and linked again: a new copy of the schema database, without the job.
      assertThat(Fleet.hasColumn(t2, "t", "b")).isTrue();
      s.unlink(t2);
      Files.delete(t2);
      s.linker().link(t2);
      assertThat(Fleet.hasColumn(t2, "t", "b")).isFalse();
      goOn.countDown();
      s.await(id, Duration.ofSeconds(60));
    } finally {
      goOn.countDown();
    }
    assertThat(Fleet.hasColumn(t2, "t", "b")).as("the new file got the job").isTrue();
    for (Path db : f.linked) {
      assertThat(Fleet.appliedJobs(db)).as(db.toString()).hasSize(1);
    }
  }
}
