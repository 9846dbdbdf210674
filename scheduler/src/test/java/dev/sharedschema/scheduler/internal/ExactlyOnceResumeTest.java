package dev.sharedschema.scheduler.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sharedschema.scheduler.Fence;
import dev.sharedschema.scheduler.Fleet;
import dev.sharedschema.scheduler.JobState;
import dev.sharedschema.scheduler.Migration;
import dev.sharedschema.scheduler.Registry;
import dev.sharedschema.scheduler.RegistryFile;
import dev.sharedschema.scheduler.Scheduler;
import dev.sharedschema.scheduler.TaskOutcome;
import dev.sharedschema.scheduler.TaskRef;
import dev.sharedschema.scheduler.TaskState;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process that died after applying a task but before recording it in the registry (the gap
 * between the linked database's commit and the registry's) must not apply the task twice when
 * resumed.
 */
class ExactlyOnceResumeTest {
  @TempDir Path dir;

  @Test
  void tasksAppliedButNotRecordedAreSkippedOnResume() throws Exception {
    Fleet f =
        Fleet.create(dir, 4, "CREATE TABLE counter(n INTEGER)", "INSERT INTO counter VALUES (0)");
    Migration m = Migration.of("UPDATE counter SET n = n + 1");
    long id;
    try (Registry r = RegistryFile.open(f.schema, Clock.systemUTC())) {
      id = r.submit(m, 0);
      Fence fence = Stepping.fence(r);
      // Dry run passed everywhere and the run began: the state a crash leaves behind.
      for (TaskRef t : r.tasks(id, TaskState.Enqueued, "", 100)) {
        r.record(
            fence,
            id,
            List.of(new TaskOutcome(t, TaskState.Enqueued, TaskState.DryRunSuccess, 0, null, 0)),
            0);
      }
      r.moveJob(fence, id, JobState.WaitingDryRun, JobState.DryRunSuccess, null, 0);
      r.moveTasks(fence, id, TaskState.DryRunSuccess, TaskState.Run, 0);
      r.moveJob(fence, id, JobState.DryRunSuccess, JobState.WaitingRun, null, 0);
      r.releaseLease(fence);
      // Two databases got the change committed, but the registry never heard of it.
      TaskApplier applier = Stepping.applier(r);
      TaskApplier.Job job = Stepping.job(r, id);
      for (Path db : f.linked.subList(0, 2)) {
        assertThat(
                applier
                    .run(Stepping.ref(db), TaskState.Run, db, job, new CarriedConnections(0))
                    .state())
            .isEqualTo(TaskState.RunSuccess);
      }
    }
    try (Scheduler s = f.scheduler()) {
      s.await(id, Duration.ofSeconds(30));
    }
    for (Path db : f.linked) {
      assertThat(Fleet.column(db, "SELECT n FROM counter")).as(db.toString()).containsExactly("1");
    }
    assertThat(Fleet.column(f.schema, "SELECT n FROM counter")).containsExactly("1");
  }
}
