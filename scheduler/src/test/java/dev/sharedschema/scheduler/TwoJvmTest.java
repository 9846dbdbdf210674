package dev.sharedschema.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two JVMs on one schema database: one steps jobs under the lease, the other submits and waits. */
@Tag("slow")
class TwoJvmTest {
  @TempDir Path dir;

  @Test
  void jobsFromBothJvmsAreAppliedOnceInOrder() throws Exception {
    Fleet f = Fleet.create(dir, 4, "CREATE TABLE log(n INTEGER)");
    try (Scheduler parent = f.scheduler()) {
      long first =
          parent
              .migrate(Migration.of("INSERT INTO log VALUES (1)"), Duration.ofSeconds(30))
              .jobId();
      Process child = ChildScheduler.start(f.schema.toString(), "INSERT INTO log VALUES (2)");
      String out = readAll(child);
      assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(child.exitValue()).as(out).isZero();
      assertThat(out).contains("done 2");
      long third =
          parent
              .migrate(Migration.of("INSERT INTO log VALUES (3)"), Duration.ofSeconds(30))
              .jobId();
      assertThat(first).isEqualTo(1);
      assertThat(third).isEqualTo(3);
    }
    for (Path db : f.linked) {
      assertThat(Fleet.column(db, "SELECT group_concat(n) FROM (SELECT n FROM log ORDER BY rowid)"))
          .containsExactly("1,2,3");
      assertThat(Fleet.appliedJobs(db)).containsExactly("1", "2", "3");
    }
    assertThat(
            Fleet.column(
                f.schema, "SELECT group_concat(n) FROM (SELECT n FROM log ORDER BY rowid)"))
        .containsExactly("1,2,3");
  }

  @Test
  void aKilledLeaseHoldersJobsAreTakenOver() throws Exception {
    Fleet f = Fleet.create(dir, 3, "CREATE TABLE log(n INTEGER)");
    // The child becomes the lease holder (no other scheduler is running), finishes one job, then
    // dies.
    Process child = ChildScheduler.start(f.schema.toString(), "INSERT INTO log VALUES (1)", "hold");
    BufferedReader reader =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
    String line;
    StringBuilder seen = new StringBuilder();
    while ((line = reader.readLine()) != null && !line.startsWith("done")) {
      seen.append(line).append('\n');
    }
    assertThat(line).as(seen.toString()).isEqualTo("done 1");
    child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    // Its lease is still in the registry; ours is taken only after it expires.
    try (Scheduler parent = f.scheduler()) {
      parent.migrate(Migration.of("INSERT INTO log VALUES (2)"), Duration.ofSeconds(60));
    }
    for (Path db : f.linked) {
      assertThat(Fleet.column(db, "SELECT group_concat(n) FROM (SELECT n FROM log ORDER BY rowid)"))
          .containsExactly("1,2");
    }
  }

  private static String readAll(Process p) throws java.io.IOException {
    return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
  }
}
