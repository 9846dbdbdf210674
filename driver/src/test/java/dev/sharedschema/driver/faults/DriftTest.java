package dev.sharedschema.driver.faults;

import static dev.sharedschema.driver.faults.FaultFleet.MIGRATION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import dev.sharedschema.driver.Drift;
import dev.sharedschema.driver.JobSummary;
import dev.sharedschema.driver.SharedSchema;
import dev.sharedschema.scheduler.JobState;
import dev.sharedschema.scheduler.MigrationFailedException;
import dev.sharedschema.scheduler.TaskFailure;
import dev.sharedschema.scheduler.TaskState;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A linked database whose schema was changed behind sharedschema's back with plain sqlite-jdbc:
 * {@code check()} shows the drift, a migration it breaks fails its dry run with nothing applied
 * anywhere, and once the drift is undone the same migration goes through. (SchedulerTest covers the
 * scheduler's side; this is the operator's, through the driver.)
 */
class DriftTest {
  private static final System.Logger LOG = System.getLogger(DriftTest.class.getName());

  @TempDir Path dir;

  @Test
  void aDriftedDatabaseFailsTheDryRunAndTheMigrationPassesOnceTheDriftIsUndone() throws Exception {
    FaultFleet f = FaultFleet.create(dir, "t1.db", "t2.db", "t3.db");
    Path drifted = f.tenants.get(2);
    FaultFleet.exec(drifted, "ALTER TABLE notes ADD COLUMN tag INTEGER");
    List<Path> others = List.of(f.tenants.get(0), f.tenants.get(1), f.schema);
    try (Connection c = f.schemaConnection("shared_schema_busy_timeout=1s");
        SharedSchema s = SharedSchema.open(f.schema)) {
      assertThat(s.check())
          .singleElement()
          .satisfies(
              d -> {
                assertThat(d.database()).isEqualTo(drifted);
                assertThat(String.join("\n", d.differences())).contains("tag");
              });
      assertThatThrownBy(() -> FaultFleet.exec(c, MIGRATION))
          .satisfies(e -> LOG.log(System.Logger.Level.INFO, "drift: " + e.getMessage()))
          .isInstanceOfSatisfying(
              MigrationFailedException.class,
              e -> {
                assertThat(e.getSQLState()).isEqualTo("40000");
                assertThat(e.failures())
                    .extracting(TaskFailure::database, TaskFailure::statement)
                    .containsExactly(tuple(drifted, 1));
              })
          .hasMessageContaining("nothing was applied anywhere")
          .hasMessageContaining(
              drifted + ": statement 1 (ALTER TABLE notes ADD COLUMN tag TEXT): [SQLITE_ERROR]")
          .hasMessageContaining("duplicate column name: tag")
          .hasMessageContaining("compare them with `sharedschema check " + f.schema + "`");
      long job = s.jobs(1).get(0).id();
      JobSummary failed = s.job(job).orElseThrow();
      assertThat(failed.state()).isEqualTo(JobState.DryRunFailure);
      assertThat(failed.tasks())
          .containsEntry(TaskState.DryRunFailure, 1)
          .containsEntry(TaskState.DryRunSuccess, 2)
          .hasSize(2);
      for (Path db : others) {
        assertThat(FaultFleet.hasTag(db)).as(db.toString()).isFalse();
      }
      for (Path db : f.tenants) {
        assertThat(FaultFleet.applied(db, job)).isZero();
        assertThat(
                FaultFleet.column(db, "SELECT name FROM sqlite_master WHERE name = 'notes_body'"))
            .isEmpty();
        assertThat(FaultFleet.tenantRows(db)).isEqualTo(FaultFleet.TENANT_ROWS);
      }

      FaultFleet.exec(drifted, "ALTER TABLE notes DROP COLUMN tag");
      assertThat(s.check()).extracting(Drift::database).isEmpty();
      FaultFleet.exec(c, MIGRATION);
      long again = s.jobs(1).get(0).id();
      assertThat(s.job(again).orElseThrow().state()).isEqualTo(JobState.RunSuccess);
      f.assertAppliedOnce(again);
      assertThat(s.check()).isEmpty();
    }
  }
}
