package dev.sharedschema.scheduler.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sharedschema.scheduler.Fleet;
import dev.sharedschema.scheduler.JobState;
import dev.sharedschema.scheduler.LinkRefusedException;
import dev.sharedschema.scheduler.Linker;
import dev.sharedschema.scheduler.Migration;
import dev.sharedschema.scheduler.MigrationFailedException;
import dev.sharedschema.scheduler.Registry;
import dev.sharedschema.scheduler.RegistryFile;
import dev.sharedschema.scheduler.Scheduler;
import dev.sharedschema.scheduler.TaskOutcome;
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
      String first = r.tasks(id, TaskState.Enqueued, "", 1).get(0);
      r.record(
          id,
          List.of(new TaskOutcome(first, TaskState.DryRunFailure, 1, "recorded before the crash")),
          0);
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
  void aMarkedButUnregisteredFileThatMissedAMigrationIsRefusedNotRegistered() throws Exception {
    Fleet f = Fleet.create(dir, 1, "CREATE TABLE t(a)");
    // What a kill during linking leaves: a file with our link mark that the registry never
    // recorded.
    Path orphan = dir.resolve("orphan.db");
    Files.copy(f.linked.get(0), orphan);
    try (Scheduler s = f.scheduler()) {
      s.migrate(Migration.of("ALTER TABLE t ADD COLUMN b"), Duration.ofSeconds(30));
      assertThatThrownBy(() -> new Linker(s.registry(), Clock.systemUTC()).link(orphan))
          .isInstanceOf(LinkRefusedException.class)
          .hasMessageContaining("different table t")
          .hasMessageContaining("delete it and link it again");
      assertThat(s.registry().links()).doesNotContain(orphan);
      Files.delete(orphan);
      new Linker(s.registry(), Clock.systemUTC()).link(orphan);
    }
    assertThat(Fleet.hasColumn(orphan, "t", "b"))
        .as("created afresh from the schema database")
        .isTrue();
  }
}
