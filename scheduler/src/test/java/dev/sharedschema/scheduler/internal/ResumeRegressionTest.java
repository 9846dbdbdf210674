package dev.sharedschema.scheduler.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sharedschema.scheduler.Fence;
import dev.sharedschema.scheduler.Fleet;
import dev.sharedschema.scheduler.JobState;
import dev.sharedschema.scheduler.LinkOutcome;
import dev.sharedschema.scheduler.Migration;
import dev.sharedschema.scheduler.MigrationFailedException;
import dev.sharedschema.scheduler.Registry;
import dev.sharedschema.scheduler.RegistryFile;
import dev.sharedschema.scheduler.Scheduler;
import dev.sharedschema.scheduler.TaskOutcome;
import dev.sharedschema.scheduler.TaskRef;
import dev.sharedschema.scheduler.TaskState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two states a kill -9 left behind in the crash harness, reproduced deterministically. */
class ResumeRegressionTest {
  @TempDir Path dir;

  @Test
  void aDryRunFailureRecordedByADeadProcessStillFailsTheJob() throws Exception {
    Fleet f = Fleet.create(dir, 3, "CREATE TABLE t(a)");
    Migration m = Migration.of("ALTER TABLE t ADD COLUMN b");
    long id;
    try (Registry r = RegistryFile.open(f.schema, Clock.systemUTC())) {
      id = r.submit(m, 0);
      TaskRef first = r.tasks(id, TaskState.Enqueued, "", 1).get(0);
      Fence fence = Stepping.fence(r);
      r.record(
          fence,
          id,
          List.of(
              new TaskOutcome(
                  first,
                  TaskState.Enqueued,
                  TaskState.DryRunFailure,
                  1,
                  "recorded before the crash",
                  1)),
          0);
      r.releaseLease(fence);
    }
    try (Scheduler s = f.scheduler()) {
      assertThatThrownBy(() -> s.await(id, Duration.ofSeconds(30)))
          .isInstanceOf(MigrationFailedException.class)
          .hasMessageContaining("recorded before the crash");
      assertThat(s.registry().job(id).orElseThrow().state()).isEqualTo(JobState.DryRunFailure);
    }
    for (Path db : f.linked) {
      assertThat(Fleet.hasColumn(db, "t", "b")).isFalse();
    }
    assertThat(Fleet.hasColumn(f.schema, "t", "b")).isFalse();
  }

  @Test
  void aMarkedButUnregisteredFileThatMissedAMigrationIsCaughtUpWhenLinked() throws Exception {
    Fleet f = Fleet.create(dir, 1, "CREATE TABLE t(a)");
    // What a kill during linking leaves: a file with our link mark that the registry never
    // recorded. It holds rows: it is never to be deleted, only brought up to date.
    Path orphan = dir.resolve("orphan.db");
    Files.copy(f.linked.get(0), orphan);
    Fleet.exec(orphan, "INSERT INTO t VALUES ('a row of its own')");
    try (Scheduler s = f.scheduler()) {
      long job =
          s.migrate(Migration.of("ALTER TABLE t ADD COLUMN b"), Duration.ofSeconds(30)).jobId();
      assertThat(s.registry().links()).doesNotContain(orphan);
      LinkOutcome done = s.linker().link(orphan);
      assertThat(done.how()).isEqualTo(LinkOutcome.How.RELINKED);
      assertThat(done.caughtUp()).isEqualTo(1);
      assertThat(s.registry().links()).contains(orphan);
      assertThat(Fleet.appliedJobs(orphan)).containsExactly(String.valueOf(job));
    }
    assertThat(Fleet.hasColumn(orphan, "t", "b")).isTrue();
    assertThat(Fleet.column(orphan, "SELECT a FROM t")).containsExactly("a row of its own");
  }
}
