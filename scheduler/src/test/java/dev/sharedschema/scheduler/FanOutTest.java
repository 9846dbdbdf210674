package dev.sharedschema.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One migration across a thousand linked databases, each applied exactly once. */
@Tag("slow")
class FanOutTest {
  private static final System.Logger LOG = System.getLogger(FanOutTest.class.getName());
  @TempDir Path dir;

  @Test
  void aThousandDatabases() throws Exception {
    Fleet f = Fleet.create(dir, 1000, "CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT)");
    try (Scheduler s = f.scheduler()) {
      long start = System.nanoTime();
      MigrationResult r =
          s.migrate(Migration.of("ALTER TABLE t ADD COLUMN w INTEGER"), Duration.ofMinutes(5));
      long ms = (System.nanoTime() - start) / 1_000_000;
      LOG.log(System.Logger.Level.INFO, "fan-out to 1000 databases took " + ms + " ms");
      assertThat(s.registry().taskCounts(r.jobId()))
          .containsEntry(TaskState.RunSuccess, 1000)
          .hasSize(1);
    }
    for (Path db : f.linked) {
      assertThat(Fleet.hasColumn(db, "t", "w")).as(db.toString()).isTrue();
      assertThat(Fleet.appliedJobs(db)).containsExactly("1");
    }
    assertThat(Fleet.hasColumn(f.schema, "t", "w")).isTrue();
  }
}
