package dev.sharedschema.scheduler.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sharedschema.scheduler.Fleet;
import dev.sharedschema.scheduler.JobState;
import dev.sharedschema.scheduler.Migration;
import dev.sharedschema.scheduler.MigrationStatement;
import dev.sharedschema.scheduler.Registry;
import dev.sharedschema.scheduler.RegistryFile;
import dev.sharedschema.scheduler.TaskRef;
import dev.sharedschema.scheduler.TaskState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A schema-determined migration's dry run on a linked database with the schema database's exact
 * schema is proven instead of applied; anything else gets the full dry run. The migrations here are
 * vouched for by the test (the scheduler trusts its caller's flag; the driver sets it from the
 * parser), which makes the difference observable: a statement rows would fail passes by proof.
 */
class ProvenDryRunTest {
  /** Fails on any table holding a row with a = 0: not schema-determined, whatever its flag says. */
  private static final String ROW_CHECKED =
      "ALTER TABLE t ADD COLUMN c INTEGER NOT NULL DEFAULT 1 CHECK (a <> 0)";

  private static final TaskRef REF = new TaskRef("a", 0);

  @TempDir Path dir;

  @Test
  void anIdenticalSchemaProvesTheDryRunWithoutApplying() throws Exception {
    Fleet f = Fleet.create(dir, 1, "CREATE TABLE t(a)");
    Path db = f.linked.get(0);
    Fleet.exec(db, "INSERT INTO t VALUES (0)");
    try (Registry r = RegistryFile.open(f.schema, Clock.systemUTC());
        CarriedConnections carry = new CarriedConnections(0)) {
      String proof = schemaTextOf(f.schema);
      TaskApplier applier = Stepping.applier(r);
      TaskApplier.Job job = Stepping.job(r, r.submit(vouched(ROW_CHECKED), 0));
      assertThat(applier.dryRun(REF, TaskState.Enqueued, db, job, carry, proof).state())
          .as("proven: the statement was not applied, so the row could not fail it")
          .isEqualTo(TaskState.DryRunSuccess);
      assertThat(applier.dryRun(REF, TaskState.Enqueued, db, job, carry, null).state())
          .as("without a proof the statement is applied and fails on the row")
          .isEqualTo(TaskState.DryRunFailure);
      assertThat(Fleet.column(db, "SELECT count(*) FROM pragma_table_info('t')"))
          .as("nothing applied either way")
          .containsExactly("1");
    }
  }

  @Test
  void aDifferentSchemaGetsTheFullDryRun() throws Exception {
    Fleet f = Fleet.create(dir, 1, "CREATE TABLE t(a)");
    Path db = f.linked.get(0);
    Fleet.exec(db, "INSERT INTO t VALUES (0)");
    Fleet.exec(db, "CREATE INDEX drifted ON t(a)");
    try (Registry r = RegistryFile.open(f.schema, Clock.systemUTC());
        CarriedConnections carry = new CarriedConnections(0)) {
      TaskApplier.Job job = Stepping.job(r, r.submit(vouched(ROW_CHECKED), 0));
      assertThat(
              Stepping.applier(r)
                  .dryRun(REF, TaskState.Enqueued, db, job, carry, schemaTextOf(f.schema))
                  .state())
          .isEqualTo(TaskState.DryRunFailure);
    }
  }

  @Test
  void aLockHeldByAnotherConnectionIsWaitedForOrFailsAsBusy() throws Exception {
    Fleet f = Fleet.create(dir, 1, "CREATE TABLE t(a)");
    Path db = f.linked.get(0);
    try (Registry r = RegistryFile.open(f.schema, Clock.systemUTC());
        CarriedConnections carry = new CarriedConnections(0);
        Connection holder = DriverManager.getConnection("jdbc:sqlite:" + db)) {
      holder.createStatement().execute("BEGIN IMMEDIATE");
      TaskApplier impatient = Stepping.applier(r, Duration.ofMillis(200));
      TaskApplier.Job job = Stepping.job(r, r.submit(vouched("ALTER TABLE t ADD COLUMN c"), 0));
      var outcome =
          impatient.dryRun(REF, TaskState.Enqueued, db, job, carry, schemaTextOf(f.schema));
      assertThat(outcome.state()).isEqualTo(TaskState.DryRunFailure);
      assertThat(outcome.error()).contains("locked");
      holder.createStatement().execute("ROLLBACK");
    }
  }

  @Test
  void theWholeJobRunsOnProofsAndAppliesOnceEverywhere() throws Exception {
    Fleet f = Fleet.create(dir, 30, "CREATE TABLE t(a)");
    Migration m = vouched("ALTER TABLE t ADD COLUMN c INTEGER");
    try (var s = f.scheduler()) {
      long id = s.migrate(m, Duration.ofSeconds(30)).jobId();
      assertThat(s.registry().job(id).orElseThrow().state()).isEqualTo(JobState.RunSuccess);
    }
    for (Path db : f.linked) {
      assertThat(Fleet.column(db, "SELECT name FROM pragma_table_info('t')"))
          .as(db.toString())
          .containsExactly("a", "c");
    }
    assertThat(Fleet.column(f.schema, "SELECT name FROM pragma_table_info('t')"))
        .containsExactly("a", "c");
  }

  @Test
  void aTenantRestoredFromABackupBeforeTheLastJobIsCaughtUpNotProven() throws Exception {
    Fleet f = Fleet.create(dir, 1, "CREATE TABLE t(a)");
    Path db = f.linked.get(0);
    Fleet.exec(db, "INSERT INTO t VALUES (0)");
    Path backup = dir.resolve("backup.db");
    Files.copy(db, backup);
    try (var s = f.scheduler()) {
      s.migrate(vouched("ALTER TABLE t ADD COLUMN b INTEGER"), Duration.ofSeconds(30));
    }
    Files.copy(backup, db, StandardCopyOption.REPLACE_EXISTING); // the operator restores it
    try (Registry r = RegistryFile.open(f.schema, Clock.systemUTC());
        CarriedConnections carry = new CarriedConnections(0)) {
      TaskApplier.Job job = Stepping.job(r, r.submit(vouched(ROW_CHECKED), 0));
      var outcome =
          Stepping.applier(r)
              .dryRun(REF, TaskState.Enqueued, db, job, carry, schemaTextOf(f.schema));
      assertThat(outcome.state())
          .as("behind: caught up, then applied and rolled back, and the row fails the statement")
          .isEqualTo(TaskState.DryRunFailure);
      assertThat(Fleet.column(db, "SELECT name FROM pragma_table_info('t')"))
          .as("caught up with the finished job it lacked; the new job's statement not applied")
          .containsExactly("a", "b");
    }
  }

  @Test
  void aTenantHoldingAnotherFleetsJobUnderTheSameIdIsNeverProven() throws Exception {
    Fleet f = Fleet.create(dir, 1, "CREATE TABLE t(a)");
    Path db = f.linked.get(0);
    try (var s = f.scheduler()) {
      s.migrate(vouched("ALTER TABLE t ADD COLUMN b INTEGER"), Duration.ofSeconds(30));
    }
    // Same schema, same job id, another token: a file copied in from a fleet that issued that id.
    Fleet.exec(db, "UPDATE _sharedschema_applied SET token = 'another-fleet' WHERE job_id > 0");
    try (Registry r = RegistryFile.open(f.schema, Clock.systemUTC());
        CarriedConnections carry = new CarriedConnections(0)) {
      TaskApplier.Job job = Stepping.job(r, r.submit(vouched("ALTER TABLE t ADD COLUMN c"), 0));
      var outcome =
          Stepping.applier(r)
              .dryRun(REF, TaskState.Enqueued, db, job, carry, schemaTextOf(f.schema));
      assertThat(outcome.state()).isEqualTo(TaskState.DryRunFailure);
      assertThat(outcome.error()).contains("does not know");
    }
  }

  private static Migration vouched(String sql) {
    return new Migration(List.of(MigrationStatement.of(sql)), Map.of(), true);
  }

  private static String schemaTextOf(Path db) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
      return SchemaText.read(c);
    }
  }
}
