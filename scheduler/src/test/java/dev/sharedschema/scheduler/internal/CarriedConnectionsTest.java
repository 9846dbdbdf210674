package dev.sharedschema.scheduler.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sharedschema.scheduler.Fleet;
import dev.sharedschema.scheduler.JobRecord;
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
  void failedDryRunsAreNeverCarried() throws Exception {
    Fleet f = Fleet.create(dir, 4, "CREATE TABLE t(a)");
    Fleet.exec(f.linked.get(3), "ALTER TABLE t ADD COLUMN c INTEGER"); // drifted: dry run fails
    try (Registry r = RegistryFile.open(f.schema, Clock.systemUTC());
        CarriedConnections carry = new CarriedConnections(4)) {
      List<TaskState> states = dryRunAll(r, f.linked, carry);
      assertThat(states)
          .containsExactly(
              TaskState.DryRunSuccess,
              TaskState.DryRunSuccess,
              TaskState.DryRunSuccess,
              TaskState.DryRunFailure);
      assertThat(carry.size()).isEqualTo(3);
      assertThat(openHandlesTo(f.linked.get(3))).isZero();
      carry.close();
      assertThat(carry.size()).isZero();
      assertThat(openHandlesTo(f.linked.get(0))).isZero();
    }
  }

  /**
   * Every connection held makes each later open in the process dearer (SQLite's unix VFS looks a
   * file's lock state up among all the files the process holds open): a fleet larger than the bound
   * would pay that on each of its other files for a saving on a few. So the first passed dry run
   * past the bound closes what was kept, and the rest of the job carries nothing.
   */
  @Test
  void aFleetPastTheBoundCarriesNothingAtAll() throws Exception {
    Fleet f = Fleet.create(dir, 5, "CREATE TABLE t(a)");
    try (Registry r = RegistryFile.open(f.schema, Clock.systemUTC());
        CarriedConnections carry = new CarriedConnections(2)) {
      List<TaskState> states = dryRunAll(r, f.linked.subList(0, 2), carry);
      assertThat(states).containsOnly(TaskState.DryRunSuccess);
      assertThat(carry.size()).as("within the bound").isEqualTo(2);
      states = dryRunAll(r, f.linked.subList(2, 5), carry);
      assertThat(states).containsOnly(TaskState.DryRunSuccess);
      assertThat(carry.size()).as("past the bound").isZero();
      assertThat(carry.descriptors()).isZero();
      for (Path db : f.linked) {
        assertThat(openHandlesTo(db)).as(db.toString()).isZero();
      }
      // The next job starts afresh: close() ends the job's carrying, and with it the spill.
      carry.close();
      dryRunAll(r, f.linked.subList(0, 1), carry);
      assertThat(carry.size()).isEqualTo(1);
    }
  }

  @Test
  void aJobKnownToBeLargerThanTheBoundCarriesNothingFromItsFirstDatabase() throws Exception {
    Fleet f = Fleet.create(dir, 3, "CREATE TABLE t(a)");
    try (Registry r = RegistryFile.open(f.schema, Clock.systemUTC());
        CarriedConnections carry = new CarriedConnections(2)) {
      carry.expect(3);
      assertThat(dryRunAll(r, f.linked.subList(0, 1), carry)).containsOnly(TaskState.DryRunSuccess);
      assertThat(carry.size()).isZero();
      assertThat(openHandlesTo(f.linked.get(0))).isZero();
      carry.close();
      carry.expect(2);
      dryRunAll(r, f.linked.subList(0, 2), carry);
      assertThat(carry.size()).as("a job within the bound carries all").isEqualTo(2);
    }
  }

  private static List<TaskState> dryRunAll(Registry r, List<Path> dbs, CarriedConnections carry)
      throws Exception {
    TaskApplier applier = Stepping.applier(r);
    List<JobRecord> jobs = r.jobs(1);
    long id = jobs.isEmpty() ? r.submit(ADD, 0) : jobs.get(0).id();
    TaskApplier.Job job = Stepping.job(r, id);
    return dbs.stream()
        .map(
            db ->
                applier.dryRun(Stepping.ref(db), TaskState.Enqueued, db, job, carry, null).state())
        .toList();
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
