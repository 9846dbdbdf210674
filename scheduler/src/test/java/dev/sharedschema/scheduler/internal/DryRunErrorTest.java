package dev.sharedschema.scheduler.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sharedschema.scheduler.FaultHooks;
import dev.sharedschema.scheduler.Fleet;
import dev.sharedschema.scheduler.JobState;
import dev.sharedschema.scheduler.Migration;
import dev.sharedschema.scheduler.MigrationFailedException;
import dev.sharedschema.scheduler.Scheduler;
import dev.sharedschema.scheduler.TaskFailure;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, case 6: a ROLLBACK in {@code finally} hid the real error of a dry run once SQLite had
 * already rolled back (SQLITE_FULL): the task reported "cannot rollback - no transaction is
 * active". The dry run's own error must reach the operator, with SQLite's result code kept.
 */
class DryRunErrorTest {
  @TempDir Path dir;

  @Test
  void aDiskFullDuringTheDryRunIsReportedAsSuch() throws Exception {
    Fleet f = Fleet.create(dir, 2, "CREATE TABLE t(a TEXT)");
    Path full = f.linked.get(1);
    Fleet.exec(
        full,
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000)"
            + " INSERT INTO t SELECT hex(randomblob(64)) FROM n");
    FaultHooks diskFull =
        new FaultHooks() {
          @Override
          public void opened(Path database, Connection c) throws SQLException {
            if (database.equals(full)) {
              try (Statement st = c.createStatement()) {
                st.execute("PRAGMA max_page_count = 1"); // no room to grow
              }
            }
          }
        };
    try (Scheduler s = Scheduler.open(f.schema, Fleet.fastOptions().withFaults(diskFull))) {
      long id = -1;
      try {
        s.migrate(Migration.of("CREATE INDEX t_a ON t(a)"), Duration.ofSeconds(30));
      } catch (MigrationFailedException e) {
        id = e.jobId();
        assertThat(e.getMessage()).contains("full").doesNotContain("cannot rollback");
        assertThat(e.getErrorCode() & 0xff).as("SQLITE_FULL kept as the vendor code").isEqualTo(13);
        assertThat(e.failures()).extracting(TaskFailure::database).containsExactly(full);
        assertThat(e.failures().get(0).resultCode() & 0xff).isEqualTo(13);
      }
      assertThat(id).as("the dry run failed").isPositive();
      assertThat(s.registry().job(id).orElseThrow().state()).isEqualTo(JobState.DryRunFailure);
    }
  }
}
