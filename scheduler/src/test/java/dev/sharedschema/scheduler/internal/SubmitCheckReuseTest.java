package dev.sharedschema.scheduler.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sharedschema.scheduler.Fence;
import dev.sharedschema.scheduler.Fleet;
import dev.sharedschema.scheduler.JobState;
import dev.sharedschema.scheduler.Migration;
import dev.sharedschema.scheduler.MigrationFailedException;
import dev.sharedschema.scheduler.Registry;
import dev.sharedschema.scheduler.RegistryFile;
import dev.sharedschema.scheduler.Scheduler;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The schema database's dry run made when a job is submitted stands for the job's own only while
 * nothing was committed to the schema database in between (SQLite's {@code data_version}). A commit
 * in between — here a row that makes the migration fail — must be seen by the job's dry run.
 */
class SubmitCheckReuseTest {
  @TempDir Path dir;

  @Test
  void aCommitBetweenSubmissionAndDryRunIsSeen() throws Exception {
    Fleet f = Fleet.create(dir, 2, "CREATE TABLE t(id INTEGER PRIMARY KEY)");
    try (Registry other = RegistryFile.open(f.schema, Clock.systemUTC())) {
      Fence held =
          other.acquireLease("another process", System.currentTimeMillis(), 600_000).orElseThrow();
      try (Scheduler s = f.scheduler()) {
        long id = s.submit(Migration.of("INSERT INTO t(id) VALUES (7)")); // passes now
        Fleet.exec(f.schema, "INSERT INTO t(id) VALUES (7)"); // a local write commits
        other.releaseLease(held);
        assertThatThrownBy(() -> s.await(id, Duration.ofSeconds(30)))
            .isInstanceOf(MigrationFailedException.class)
            .hasMessageContaining("schema database " + f.schema)
            .hasMessageContaining("UNIQUE");
        assertThat(s.registry().job(id).orElseThrow().state()).isEqualTo(JobState.DryRunFailure);
      }
    }
    for (Path db : f.linked) {
      assertThat(Fleet.column(db, "SELECT count(*) FROM t")).containsExactly("0");
    }
  }

  @Test
  void withoutACommitInBetweenTheJobGoesThroughOnTheSubmissionsCheck() throws Exception {
    Fleet f = Fleet.create(dir, 2, "CREATE TABLE t(id INTEGER PRIMARY KEY)");
    try (Scheduler s = f.scheduler()) {
      for (int i = 0; i < 5; i++) {
        s.migrate(Migration.of("INSERT INTO t(id) VALUES (" + i + ")"), Duration.ofSeconds(30));
      }
    }
    for (Path db : f.linked) {
      assertThat(Fleet.column(db, "SELECT count(*) FROM t")).containsExactly("5");
    }
    assertThat(Fleet.column(f.schema, "SELECT count(*) FROM t")).containsExactly("5");
  }
}
