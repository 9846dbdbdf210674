package dev.sharedschema.scheduler.fencing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sharedschema.scheduler.Fleet;
import dev.sharedschema.scheduler.Migration;
import dev.sharedschema.scheduler.Registry;
import dev.sharedschema.scheduler.RegistryFile;
import dev.sharedschema.scheduler.Scheduler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, case 5: two JVMs linking new databases to one schema database at the same moment — one
 * failed with a bare SQLITE_BUSY (code 5, no SQLState). Three JVMs link at once here, while a
 * migration runs in this one; every link must succeed (waiting within the busy timeout), and every
 * database must hold every job once.
 */
@Tag("slow")
class ConcurrentLinkersTest {
  private static final int PER_CHILD = 120;

  @TempDir Path dir;

  @Test
  void threeJvmsLinkAtOnceWithoutABareBusyError() throws Exception {
    Fleet f = Fleet.create(dir, 4, "CREATE TABLE t(a)");
    List<Process> children = new ArrayList<>();
    for (String prefix : List.of("a", "b", "c")) {
      children.add(start(f.schema, prefix, PER_CHILD, 40));
    }
    long job;
    try (Scheduler s = f.scheduler()) {
      job =
          s.migrate(Migration.of("ALTER TABLE t ADD COLUMN b INTEGER"), Duration.ofSeconds(120))
              .jobId();
      for (Process p : children) {
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(out).as("child output").contains("linked " + PER_CHILD);
        assertThat(p.exitValue()).isZero();
      }
    } finally {
      children.forEach(Process::destroyForcibly);
    }
    try (Registry r = RegistryFile.open(f.schema, Clock.systemUTC())) {
      List<Path> links = r.links();
      assertThat(links).hasSize(4 + 3 * PER_CHILD);
      for (Path db : links) {
        assertThat(Fleet.hasColumn(db, "t", "b")).as(db.toString()).isTrue();
        assertThat(
                Fleet.column(
                    db, "SELECT count(*) FROM _sharedschema_applied WHERE job_id = " + job))
            .as("job %d in %s once (applied or as the baseline it was copied at)", job, db)
            .containsExactly("1");
      }
    }
  }

  private static Process start(Path schema, String prefix, int count, int batch)
      throws IOException {
    String cp =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(
            javaBin,
            "-cp",
            cp,
            LinkChild.class.getName(),
            schema.toString(),
            prefix,
            String.valueOf(count),
            String.valueOf(batch))
        .redirectErrorStream(true)
        .start();
  }
}
