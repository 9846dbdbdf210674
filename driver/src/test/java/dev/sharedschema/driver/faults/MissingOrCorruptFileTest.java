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
import dev.sharedschema.scheduler.MigrationListener;
import dev.sharedschema.scheduler.MigrationPausedException;
import dev.sharedschema.scheduler.TaskFailure;
import dev.sharedschema.scheduler.TaskState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A linked database whose file went missing or was overwritten with garbage: a clear failure naming
 * the file, nothing applied anywhere on a dry-run failure, never a new empty file in its place, and
 * a queue that goes on after the file is restored or unlinked.
 */
class MissingOrCorruptFileTest {
  private static final System.Logger LOG =
      System.getLogger(MissingOrCorruptFileTest.class.getName());

  @TempDir Path dir;

  @Test
  void aDeletedLinkedFileFailsTheDryRunAndIsNotRecreated() throws Exception {
    FaultFleet f = FaultFleet.create(dir, "t1.db", "t2.db", "t3.db");
    Path gone = f.tenants.get(1);
    Path backup = Files.copy(gone, dir.resolve("t2.backup"));
    Files.delete(gone);
    try (Connection c = f.schemaConnection("shared_schema_busy_timeout=1s");
        SharedSchema s = SharedSchema.open(f.schema)) {
      assertThatThrownBy(() -> FaultFleet.exec(c, MIGRATION))
          .satisfies(e -> LOG.log(System.Logger.Level.INFO, "missing file: " + e.getMessage()))
          .isInstanceOfSatisfying(
              MigrationFailedException.class, e -> assertThat(e.getSQLState()).isEqualTo("40000"))
          .hasMessageContaining("nothing was applied anywhere")
          .hasMessageContaining(gone + ": database file " + gone + " does not exist")
          .hasMessageContaining("it is not recreated")
          .hasMessageContaining("restore it, or unlink it");
      assertThat(gone).as("a missing linked database is never created empty").doesNotExist();
      long job = s.jobs(1).get(0).id();
      JobSummary failed = s.job(job).orElseThrow();
      assertThat(failed.state()).isEqualTo(JobState.DryRunFailure);
      assertThat(failed.tasks())
          .containsEntry(TaskState.DryRunFailure, 1)
          .containsEntry(TaskState.DryRunSuccess, 2);
      assertThat(s.check())
          .extracting(Drift::database, Drift::differences)
          .containsExactly(tuple(gone, List.of("file does not exist")));
      for (Path db : List.of(f.tenants.get(0), f.tenants.get(2), f.schema)) {
        assertThat(FaultFleet.hasTag(db)).as(db.toString()).isFalse();
      }

      Files.copy(backup, gone);
      f.assertNotApplied(job);
      FaultFleet.exec(c, MIGRATION);
      long again = s.jobs(1).get(0).id();
      assertThat(s.job(again).orElseThrow().state()).isEqualTo(JobState.RunSuccess);
      f.assertAppliedOnce(again);
      assertThat(s.check()).isEmpty();
    }
  }

  @Test
  void aFileDeletedBetweenDryRunAndRunPausesTheJobUntilItIsRestored() throws Exception {
    FaultFleet f = FaultFleet.create(dir, "t1.db", "t2.db", "t3.db");
    Path gone = f.tenants.get(2);
    Path aside = dir.resolve("t3.aside");
    try (Connection c = f.schemaConnection("shared_schema_busy_timeout=1s");
        SharedSchema s = SharedSchema.open(f.schema)) {
      AtomicBoolean once = new AtomicBoolean();
      s.addListener(
          new MigrationListener() {
            @Override
            public void jobState(long jobId, JobState state) {
              if (state == JobState.WaitingRun && once.compareAndSet(false, true)) {
                try {
                  Files.move(gone, aside);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              }
            }
          });
      assertThatThrownBy(() -> FaultFleet.exec(c, MIGRATION))
          .satisfies(e -> LOG.log(System.Logger.Level.INFO, "missing in run: " + e.getMessage()))
          .isInstanceOfSatisfying(
              MigrationPausedException.class, e -> assertThat(e.getSQLState()).isEqualTo("40003"))
          .hasMessageContaining(gone + ": database file " + gone + " does not exist")
          .hasMessageContaining("sharedschema retry");
      assertThat(gone).doesNotExist();
      long job = s.jobs(1).get(0).id();
      JobSummary paused = s.job(job).orElseThrow();
      assertThat(paused.state()).isEqualTo(JobState.RunFailure);
      assertThat(paused.tasks())
          .containsEntry(TaskState.RunFailure, 1)
          .containsEntry(TaskState.RunSuccess, 2);
      assertThat(paused.failures())
          .extracting(TaskFailure::database, TaskFailure::state)
          .containsExactly(tuple(gone, TaskState.RunFailure));
      assertThat(FaultFleet.hasTag(f.schema)).isFalse();

      // Retried while still missing: paused again, still not created.
      s.retry(job);
      assertThatThrownBy(() -> s.await(job, Duration.ofSeconds(60)))
          .isInstanceOf(MigrationPausedException.class);
      assertThat(gone).doesNotExist();

      Files.move(aside, gone);
      s.retry(job);
      s.await(job, Duration.ofSeconds(60));
      assertThat(s.job(job).orElseThrow().tasks()).containsEntry(TaskState.RunSuccess, 3);
      f.assertAppliedOnce(job);
      assertThat(s.check()).isEmpty();
    }
  }

  @Test
  void aFileOverwrittenWithGarbageFailsTheDryRunNamingItAndUnlinkingItLetsTheFleetGoOn()
      throws Exception {
    FaultFleet f = FaultFleet.create(dir, "t1.db", "t2.db", "t3.db");
    Path corrupt = f.tenants.get(0);
    byte[] garbage = new byte[4096];
    new Random(5).nextBytes(garbage);
    try (FileChannel ch = FileChannel.open(corrupt, StandardOpenOption.WRITE)) {
      ch.write(java.nio.ByteBuffer.wrap(garbage), 0);
    }
    byte[] before = Files.readAllBytes(corrupt);
    List<Path> healthy = List.of(f.tenants.get(1), f.tenants.get(2));
    try (Connection c = f.schemaConnection("shared_schema_busy_timeout=1s");
        SharedSchema s = SharedSchema.open(f.schema)) {
      assertThatThrownBy(() -> FaultFleet.exec(c, MIGRATION))
          .satisfies(e -> LOG.log(System.Logger.Level.INFO, "corrupt file: " + e.getMessage()))
          .isInstanceOfSatisfying(
              MigrationFailedException.class, e -> assertThat(e.getSQLState()).isEqualTo("40000"))
          .hasMessageContaining("nothing was applied anywhere")
          .hasMessageContaining(corrupt + ": [SQLITE_NOTADB]")
          .hasMessageContaining("file is not a database")
          .hasMessageContaining("restore it from a backup, or unlink it");
      long job = s.jobs(1).get(0).id();
      assertThat(s.job(job).orElseThrow().tasks())
          .containsEntry(TaskState.DryRunFailure, 1)
          .containsEntry(TaskState.DryRunSuccess, 2);
      assertThat(Files.readAllBytes(corrupt))
          .as("the damaged file is left as it was")
          .isEqualTo(before);
      for (Path db : healthy) {
        assertThat(FaultFleet.hasTag(db)).as(db.toString()).isFalse();
        assertThat(FaultFleet.applied(db, job)).isZero();
        assertThat(FaultFleet.tenantRows(db)).isEqualTo(FaultFleet.TENANT_ROWS);
      }
      assertThat(FaultFleet.hasTag(f.schema)).isFalse();
      assertThat(s.check())
          .singleElement()
          .satisfies(
              d -> {
                assertThat(d.database()).isEqualTo(corrupt);
                assertThat(d.differences()).singleElement().asString().contains("cannot read it");
              });

      assertThat(s.unlink(corrupt)).isTrue();
      FaultFleet.exec(c, MIGRATION);
      long again = s.jobs(1).get(0).id();
      assertThat(s.job(again).orElseThrow().tasks())
          .containsExactly(java.util.Map.entry(TaskState.RunSuccess, 2));
      FaultFleet.assertAppliedOnce(again, healthy, f.schema);
      assertThat(s.links()).containsExactlyInAnyOrderElementsOf(healthy);
      assertThat(s.check()).isEmpty();
    }
    assertThat(Files.readAllBytes(corrupt)).isEqualTo(before);
  }

  @Test
  void garbageInATablesPageFailsTheDryRunAtTheStatementThatReadsItAndABackupRestoresIt()
      throws Exception {
    FaultFleet f = FaultFleet.create(dir, "t1.db", "t2.db", "t3.db");
    Path corrupt = f.tenants.get(1);
    Path backup = Files.copy(corrupt, dir.resolve("t2.backup"));
    // Page 2 is the root of notes (the schema's first table); page 1, the schema, stays intact.
    int pageSize = Integer.parseInt(FaultFleet.column(corrupt, "PRAGMA page_size").get(0));
    assertThat(
            FaultFleet.column(corrupt, "SELECT rootpage FROM sqlite_master WHERE name = 'notes'"))
        .containsExactly("2");
    byte[] garbage = new byte[pageSize];
    new Random(7).nextBytes(garbage);
    try (FileChannel ch = FileChannel.open(corrupt, StandardOpenOption.WRITE)) {
      ch.write(java.nio.ByteBuffer.wrap(garbage), pageSize);
    }
    byte[] before = Files.readAllBytes(corrupt);
    try (Connection c = f.schemaConnection("shared_schema_busy_timeout=1s");
        SharedSchema s = SharedSchema.open(f.schema)) {
      assertThatThrownBy(() -> FaultFleet.exec(c, MIGRATION))
          .satisfies(e -> LOG.log(System.Logger.Level.INFO, "corrupt page: " + e.getMessage()))
          .isInstanceOfSatisfying(
              MigrationFailedException.class, e -> assertThat(e.getSQLState()).isEqualTo("40000"))
          .hasMessageContaining("nothing was applied anywhere")
          .hasMessageContaining(
              corrupt
                  + ": statement 2 (CREATE INDEX notes_body ON notes(body, tag)): [SQLITE_CORRUPT")
          .hasMessageContaining("malformed")
          .hasMessageContaining("restore it from a backup, or unlink it");
      long job = s.jobs(1).get(0).id();
      assertThat(s.job(job).orElseThrow().failures())
          .extracting(TaskFailure::database, TaskFailure::statement)
          .containsExactly(tuple(corrupt, 2));
      assertThat(Files.readAllBytes(corrupt)).isEqualTo(before);
      for (Path db : List.of(f.tenants.get(0), f.tenants.get(2), f.schema)) {
        assertThat(FaultFleet.hasTag(db)).as(db.toString()).isFalse();
      }

      Files.copy(backup, corrupt, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      f.assertNotApplied(job);
      FaultFleet.exec(c, MIGRATION);
      long again = s.jobs(1).get(0).id();
      assertThat(s.job(again).orElseThrow().state()).isEqualTo(JobState.RunSuccess);
      f.assertAppliedOnce(again);
      assertThat(s.check()).isEmpty();
    }
  }

  @Test
  void aFileReplacedByAForeignDatabaseIsNotMigratedAsIfItWereLinked() throws Exception {
    FaultFleet f = FaultFleet.create(dir, "t1.db", "t2.db");
    Path replaced = f.tenants.get(1);
    Files.delete(replaced);
    FaultFleet.exec(replaced, "CREATE TABLE notes(id INTEGER PRIMARY KEY, body TEXT NOT NULL)");
    try (Connection c = f.schemaConnection("shared_schema_busy_timeout=1s");
        SharedSchema s = SharedSchema.open(f.schema)) {
      assertThatThrownBy(() -> FaultFleet.exec(c, MIGRATION))
          .isInstanceOfSatisfying(
              MigrationFailedException.class, e -> assertThat(e.getSQLState()).isEqualTo("40000"))
          .hasMessageContaining(replaced + " is not linked to " + f.schema)
          .hasMessageContaining("unlink it, or restore the linked file");
      assertThat(s.job(s.jobs(1).get(0).id()).orElseThrow().tasks())
          .containsEntry(TaskState.DryRunFailure, 1)
          .containsEntry(TaskState.DryRunSuccess, 1)
          .hasSize(2);
      assertThat(FaultFleet.hasTag(replaced)).isFalse();
      assertThat(FaultFleet.hasTag(f.tenants.get(0))).isFalse();
      assertThat(FaultFleet.hasTag(f.schema)).isFalse();
    }
  }

  @Test
  void aDeletedLinkedFileIsNotCreatedAfreshByItsLinkedUrlUntilUnlinked() throws Exception {
    FaultFleet f = FaultFleet.create(dir, "t1.db", "t2.db");
    Path gone = f.tenants.get(0);
    Files.delete(gone);
    String url = "jdbc:sharedschema:sqlite:" + gone + "?shared_schema_name=" + f.schema;
    assertThatThrownBy(() -> DriverManager.getConnection(url).close())
        .satisfies(e -> LOG.log(System.Logger.Level.INFO, "reopen missing: " + e.getMessage()))
        .isInstanceOfSatisfying(
            java.sql.SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("08004"))
        .hasMessageContaining("cannot link " + gone)
        .hasMessageContaining("its file does not exist")
        .hasMessageContaining("Restore the file, or unlink it first");
    assertThat(gone).as("no empty copy handed out under a lost tenant's name").doesNotExist();
    try (SharedSchema s = SharedSchema.open(f.schema)) {
      assertThatThrownBy(() -> s.link(gone)).hasMessageContaining("its file does not exist");
      assertThat(gone).doesNotExist();
      // Unlinked on purpose, the name may start anew as a copy of the schema database.
      assertThat(s.unlink(gone)).isTrue();
      DriverManager.getConnection(url).close();
      assertThat(s.links()).contains(gone);
      assertThat(FaultFleet.tenantRows(gone)).isZero();
      assertThat(s.check()).isEmpty();
    }
  }
}
