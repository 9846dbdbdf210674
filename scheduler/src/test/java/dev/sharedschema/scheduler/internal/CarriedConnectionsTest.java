package dev.sharedschema.scheduler.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sharedschema.scheduler.Fleet;
import dev.sharedschema.scheduler.Migration;
import dev.sharedschema.scheduler.Registry;
import dev.sharedschema.scheduler.RegistryFile;
import dev.sharedschema.scheduler.Scheduler;
import dev.sharedschema.scheduler.TaskState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A dry run's connection is carried to the run of the same database, within a bound, and never to a
 * file that replaced the one it was opened on; nothing stays open once a migration returns.
 */
class CarriedConnectionsTest {
  private static final Migration ADD = Migration.of("ALTER TABLE t ADD COLUMN c INTEGER");

  @TempDir Path dir;

  @Test
  void aPassedDryRunLeavesItsConnectionForTheRunWhichTakesIt() throws Exception {
    Fleet f = Fleet.create(dir, 1, "CREATE TABLE t(a)");
    Path db = f.linked.get(0);
    try (Registry r = RegistryFile.open(f.schema, Clock.systemUTC());
        CarriedConnections carry = new CarriedConnections(4)) {
      long id = r.submit(ADD, 0);
      TaskApplier applier = Stepping.applier(r);
      TaskApplier.Job job = Stepping.job(r, id);
      assertThat(applier.dryRun(Stepping.ref(db), TaskState.Enqueued, db, job, carry, null).state())
          .isEqualTo(TaskState.DryRunSuccess);
      assertThat(carry.size()).isEqualTo(1);
      assertThat(applier.run(Stepping.ref(db), TaskState.Run, db, job, carry).state())
          .isEqualTo(TaskState.RunSuccess);
      assertThat(carry.size()).isZero();
      assertThat(openHandlesTo(db)).isZero();
      assertThat(Fleet.column(db, "SELECT name FROM pragma_table_info('t')")).contains("c");
    }
  }

  @Test
  void theBoundIsKeptAndFailedDryRunsAreNeverCarried() throws Exception {
    Fleet f = Fleet.create(dir, 4, "CREATE TABLE t(a)");
    Fleet.exec(f.linked.get(3), "ALTER TABLE t ADD COLUMN c INTEGER"); // drifted: dry run fails
    try (Registry r = RegistryFile.open(f.schema, Clock.systemUTC());
        CarriedConnections carry = new CarriedConnections(2)) {
      TaskApplier applier = Stepping.applier(r);
      TaskApplier.Job job = Stepping.job(r, r.submit(ADD, 0));
      List<TaskState> states =
          f.linked.stream()
              .map(
                  db ->
                      applier
                          .dryRun(Stepping.ref(db), TaskState.Enqueued, db, job, carry, null)
                          .state())
              .toList();
      assertThat(states)
          .containsExactly(
              TaskState.DryRunSuccess,
              TaskState.DryRunSuccess,
              TaskState.DryRunSuccess,
              TaskState.DryRunFailure);
      assertThat(carry.size()).isEqualTo(2);
      assertThat(openHandlesTo(f.linked.get(2))).isZero();
      assertThat(openHandlesTo(f.linked.get(3))).isZero();
      carry.close();
      assertThat(carry.size()).isZero();
      assertThat(openHandlesTo(f.linked.get(0))).isZero();
    }
  }

  @Test
  void aFileReplacedBetweenThePhasesIsOpenedAfreshNotThroughTheOldHandle() throws Exception {
    Fleet f = Fleet.create(dir, 2, "CREATE TABLE t(a)");
    Path db = f.linked.get(0);
    try (Registry r = RegistryFile.open(f.schema, Clock.systemUTC());
        CarriedConnections carry = new CarriedConnections(4)) {
      long id = r.submit(ADD, 0);
      TaskApplier applier = Stepping.applier(r);
      TaskApplier.Job job = Stepping.job(r, id);
      assertThat(applier.dryRun(Stepping.ref(db), TaskState.Enqueued, db, job, carry, null).state())
          .isEqualTo(TaskState.DryRunSuccess);
      // An operator restores the tenant from a copy (a new file, same path) between the phases.
      Path restored = dir.resolve("restored.db");
      Files.copy(db, restored);
      Fleet.exec(restored, "INSERT INTO t VALUES ('restored row')");
      Files.move(restored, db, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      assertThat(applier.run(Stepping.ref(db), TaskState.Run, db, job, carry).state())
          .isEqualTo(TaskState.RunSuccess);
      assertThat(Fleet.column(db, "SELECT a FROM t")).containsExactly("restored row");
      assertThat(Fleet.column(db, "SELECT name FROM pragma_table_info('t')")).contains("c");
      assertThat(openHandlesTo(db)).isZero();
    }
  }

  @Test
  void noLinkedDatabaseStaysOpenAfterAMigrationReturnsOrFails() throws Exception {
    Fleet f = Fleet.create(dir, 20, "CREATE TABLE t(a)");
    try (Scheduler s = f.scheduler()) {
      s.migrate(ADD, Duration.ofSeconds(30));
      for (Path db : f.linked) {
        assertThat(openHandlesTo(db)).as(db.toString()).isZero();
      }
      Fleet.exec(f.linked.get(7), "ALTER TABLE t ADD COLUMN d INTEGER");
      try {
        s.migrate(Migration.of("ALTER TABLE t ADD COLUMN d INTEGER"), Duration.ofSeconds(30));
      } catch (java.sql.SQLException expected) {
        // the drifted database fails the dry run; what matters here is what stays open
      }
      for (Path db : f.linked) {
        assertThat(openHandlesTo(db)).as(db.toString()).isZero();
      }
    }
  }

  /** File descriptors of this process open on {@code db} (Linux: /proc/self/fd). */
  private static long openHandlesTo(Path db) throws IOException {
    Path target = db.toRealPath();
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.filter(
              fd -> {
                try {
                  return Files.readSymbolicLink(fd).equals(target);
                } catch (IOException e) {
                  return false; // closed while listing
                }
              })
          .count();
    }
  }
}
