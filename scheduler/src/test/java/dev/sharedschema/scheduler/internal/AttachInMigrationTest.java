package dev.sharedschema.scheduler.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sharedschema.scheduler.Fleet;
import dev.sharedschema.scheduler.Migration;
import dev.sharedschema.scheduler.Scheduler;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, case 5: an {@code ATTACH} inside a migration ({@code shared_schema_allow_attach=true})
 * passed the dry run and then failed on every tenant with "database side2 is already in use":
 * SQLite keeps an attachment past the ROLLBACK of the dry run, and the dry run's connection was
 * carried to the run. An attachment now never outlives the phase that made it.
 */
class AttachInMigrationTest {
  @TempDir Path dir;

  @Test
  void aMigrationThatAttachesADatabaseSucceedsEverywhere() throws Exception {
    Fleet f = Fleet.create(dir, 4, "CREATE TABLE t(x)");
    Path side = dir.resolve("side.db");
    Fleet.exec(side, "CREATE TABLE src(x)");
    Fleet.exec(side, "INSERT INTO src VALUES (1), (2)");
    try (Scheduler s = f.scheduler()) {
      long id =
          s.migrate(
                  Migration.of(
                      "ATTACH DATABASE '" + side + "' AS side2",
                      "INSERT INTO t SELECT x FROM side2.src"),
                  Duration.ofSeconds(30))
              .jobId();
      for (Path db : f.linked) {
        assertThat(Fleet.column(db, "SELECT x FROM t ORDER BY x"))
            .as(db.toString())
            .containsExactly("1", "2");
        assertThat(Fleet.appliedJobs(db)).containsExactly(String.valueOf(id));
      }
    }
    assertThat(Fleet.column(f.schema, "SELECT x FROM t ORDER BY x")).containsExactly("1", "2");
  }
}
