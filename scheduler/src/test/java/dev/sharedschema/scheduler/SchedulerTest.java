package dev.sharedschema.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchedulerTest {
  @TempDir Path dir;

  @Test
  void migrationReachesEveryLinkedDatabaseOnceAndTheSchemaDatabaseLast() throws Exception {
    Fleet f = Fleet.create(dir, 5, "CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT)");
    try (Scheduler s = f.scheduler()) {
      MigrationResult r =
          s.migrate(Migration.of("ALTER TABLE t ADD COLUMN w INTEGER"), Duration.ofSeconds(30));
      assertThat(r.jobId()).isEqualTo(1);
      for (Path db : f.linked) {
        assertThat(Fleet.hasColumn(db, "t", "w")).isTrue();
        assertThat(Fleet.appliedJobs(db)).containsExactly("1");
      }
      assertThat(Fleet.hasColumn(f.schema, "t", "w")).isTrue();
      JobRecord job = s.registry().job(1).orElseThrow();
      assertThat(job.state()).isEqualTo(JobState.RunSuccess);
      assertThat(job.finishedAt()).isNotNull();
      assertThat(s.registry().taskCounts(1)).isEqualTo(Map.of(TaskState.RunSuccess, 5));
      // The schema database's tables are untouched by us: no registry table inside it.
      assertThat(Fleet.column(f.schema, "SELECT name FROM sqlite_master")).containsExactly("t");
    }
  }

  @Test
  void theSchemaDatabasesResultComesBack() throws Exception {
    Fleet f = Fleet.create(dir, 2, "CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT)");
    try (Scheduler s = f.scheduler()) {
      Migration m =
          new Migration(
              List.of(
                  new MigrationStatement("INSERT INTO t(v) VALUES (?), (?)", List.of("a", "b")),
                  MigrationStatement.of("UPDATE t SET v = upper(v) RETURNING id, v")),
              Map.of());
      MigrationResult r = s.migrate(m, null);
      assertThat(r.statements().get(0).updateCount()).isEqualTo(2);
      assertThat(r.statements().get(0).lastInsertRowid()).isEqualTo(2);
      StatementResult returning = r.statements().get(1);
      assertThat(returning.columns()).containsExactly("id", "v");
      assertThat(returning.rows()).containsExactly(List.of(1L, "A"), List.of(2L, "B"));
      assertThat(returning.updateCount()).isEqualTo(2);
      for (Path db : f.linked) {
        assertThat(Fleet.column(db, "SELECT v FROM t ORDER BY id")).containsExactly("A", "B");
      }
    }
  }

  @Test
  void allParameterTypesTravel() throws Exception {
    Fleet f = Fleet.create(dir, 2, "CREATE TABLE v(n, i, r, t, b)");
    try (Scheduler s = f.scheduler()) {
      s.migrate(
          new Migration(
              List.of(
                  new MigrationStatement(
                      "INSERT INTO v VALUES (?, ?, ?, ?, ?)",
                      java.util.Arrays.asList(null, 42L, 2.5, "text", new byte[] {1, 2, 3}))),
              Map.of()),
          null);
      for (Path db : List.of(f.linked.get(0), f.linked.get(1), f.schema)) {
        assertThat(
                Fleet.column(
                    db,
                    "SELECT typeof(n)||typeof(i)||typeof(r)||typeof(t)||typeof(b)||':'||i||r||t||hex(b) FROM v"))
            .containsExactly("nullintegerrealtextblob:422.5text010203");
      }
    }
  }

  @Test
  void aDriftedDatabaseFailsTheDryRunAndNothingIsAppliedAnywhere() throws Exception {
    Fleet f = Fleet.create(dir, 4, "CREATE TABLE t(id INTEGER PRIMARY KEY)");
    Path drifted = f.linked.get(2);
    Fleet.exec(drifted, "ALTER TABLE t ADD COLUMN w TEXT");
    try (Scheduler s = f.scheduler()) {
      assertThatThrownBy(
              () ->
                  s.migrate(
                      Migration.of("CREATE TABLE u(a)", "ALTER TABLE t ADD COLUMN w INTEGER"),
                      null))
          .isInstanceOfSatisfying(
              MigrationFailedException.class,
              e -> {
                assertThat(e.getSQLState()).isEqualTo("40000");
                assertThat(e.jobId()).isEqualTo(1);
                assertThat(e.failures()).extracting(TaskFailure::database).containsExactly(drifted);
              })
          .hasMessageContaining("job 1")
          .hasMessageContaining(drifted.toString())
          .hasMessageContaining("statement 2 (ALTER TABLE t ADD COLUMN w INTEGER)")
          .hasMessageContaining("duplicate column name");
      assertThat(s.registry().job(1).orElseThrow().state()).isEqualTo(JobState.DryRunFailure);
    }
    for (Path db : f.linked) {
      assertThat(Fleet.column(db, "SELECT name FROM sqlite_master WHERE name = 'u'")).isEmpty();
      assertThat(Fleet.appliedJobs(db)).isEmpty();
    }
    assertThat(Fleet.column(f.schema, "SELECT name FROM sqlite_master WHERE name = 'u'")).isEmpty();
  }

  @Test
  void manyFailingDatabasesAreListedFirstFiveThenCounted() throws Exception {
    Fleet f = Fleet.create(dir, 8, "CREATE TABLE t(id INTEGER PRIMARY KEY)");
    for (Path db : f.linked) {
      Fleet.exec(db, "CREATE TABLE u(a)");
    }
    try (Scheduler s = f.scheduler()) {
      assertThatThrownBy(() -> s.migrate(Migration.of("CREATE TABLE u(a)"), null))
          .isInstanceOf(MigrationFailedException.class)
          .hasMessageContaining("… and 3 more")
          .hasMessageContaining("8 linked databases failed the dry run");
    }
  }

  @Test
  void aScriptThatFailsOnTheSchemaDatabaseFailsAtOnceWithoutAJob() throws Exception {
    Fleet f = Fleet.create(dir, 2, "CREATE TABLE t(id INTEGER PRIMARY KEY)");
    try (Scheduler s = f.scheduler()) {
      assertThatThrownBy(
              () ->
                  s.migrate(Migration.of("CREATE TABLE x(a)", "INSERT INTO nope VALUES (1)"), null))
          .isInstanceOfSatisfying(
              MigrationFailedException.class,
              e -> {
                assertThat(e.getSQLState()).isEqualTo("40000");
                assertThat(e.jobId()).isZero();
                assertThat(e.getErrorCode()).isEqualTo(1); // SQLITE_ERROR kept as the vendor code
              })
          .hasMessageContaining("statement 2 (INSERT INTO nope VALUES (1))")
          .hasMessageContaining("no such table: nope")
          .hasMessageContaining(f.schema.toString());
      assertThat(s.registry().jobs(10)).isEmpty();
    }
  }

  @Test
  void aRunFailurePausesTheQueueUntilRetry() throws Exception {
    Fleet f = Fleet.create(dir, 3, "CREATE TABLE t(id INTEGER PRIMARY KEY)");
    Path locked = f.linked.get(1);
    SchedulerOptions opts = Fleet.fastOptions().withBusyTimeout(Duration.ofMillis(300));
    try (Scheduler s = Scheduler.open(f.schema, opts);
        Connection holder = DriverManager.getConnection("jdbc:sqlite:" + locked)) {
      CountDownLatch lockTaken = new CountDownLatch(1);
      s.addListener(
          new MigrationListener() {
            @Override
            public void jobState(long jobId, JobState state) {
              if (state == JobState.WaitingRun && lockTaken.getCount() > 0) {
                try (Statement st = holder.createStatement()) {
                  st.execute("BEGIN IMMEDIATE");
                  lockTaken.countDown();
                } catch (SQLException e) {
                  throw new IllegalStateException(e);
                }
              }
            }
          });
      assertThatThrownBy(() -> s.migrate(Migration.of("ALTER TABLE t ADD COLUMN w"), null))
          .isInstanceOfSatisfying(
              MigrationPausedException.class, e -> assertThat(e.getSQLState()).isEqualTo("40003"))
          .hasMessageContaining(locked.toString())
          .hasMessageContaining("RunFailure")
          .hasMessageContaining("sharedschema retry " + f.schema + " 1")
          .hasMessageContaining("unlink");
      assertThat(Fleet.hasColumn(f.schema, "t", "w")).isFalse();
      // A later job waits behind the paused one.
      long second = s.submit(Migration.of("ALTER TABLE t ADD COLUMN z"));
      assertThatThrownBy(() -> s.await(second, Duration.ofMillis(300)))
          .isInstanceOf(MigrationTimeoutException.class)
          .hasMessageContaining("goes on");
      try (Statement st = holder.createStatement()) {
        st.execute("ROLLBACK");
      }
      s.retry(1);
      s.await(1, Duration.ofSeconds(30));
      s.await(second, Duration.ofSeconds(30));
    }
    for (Path db : f.linked) {
      assertThat(Fleet.hasColumn(db, "t", "w")).isTrue();
      assertThat(Fleet.hasColumn(db, "t", "z")).isTrue();
      assertThat(Fleet.appliedJobs(db)).containsExactly("1", "2");
    }
    assertThat(Fleet.hasColumn(f.schema, "t", "z")).isTrue();
  }

  @Test
  void unlinkingTheFailingDatabaseLetsAPausedJobFinish() throws Exception {
    Fleet f = Fleet.create(dir, 3, "CREATE TABLE t(id INTEGER PRIMARY KEY)");
    Path broken = f.linked.get(0);
    SchedulerOptions opts = Fleet.fastOptions().withBusyTimeout(Duration.ofMillis(200));
    try (Scheduler s = Scheduler.open(f.schema, opts);
        Connection holder = DriverManager.getConnection("jdbc:sqlite:" + broken)) {
      s.addListener(
          new MigrationListener() {
            @Override
            public void jobState(long jobId, JobState state) {
              if (state == JobState.WaitingRun) {
                try (Statement st = holder.createStatement()) {
                  st.execute("BEGIN EXCLUSIVE");
                } catch (SQLException e) {
                  throw new IllegalStateException(e);
                }
              }
            }
          });
      assertThatThrownBy(() -> s.migrate(Migration.of("CREATE TABLE u(a)"), null))
          .isInstanceOf(MigrationPausedException.class);
      try (Statement st = holder.createStatement()) {
        st.execute("ROLLBACK");
      }
      assertThat(s.unlink(broken)).isTrue();
      s.await(1, Duration.ofSeconds(30));
      assertThat(s.registry().links()).doesNotContain(broken);
    }
    assertThat(Fleet.column(broken, "SELECT name FROM sqlite_master WHERE name = 'u'")).isEmpty();
    assertThat(Fleet.column(f.linked.get(1), "SELECT name FROM sqlite_master WHERE name = 'u'"))
        .containsExactly("u");
    assertThat(Fleet.column(f.schema, "SELECT name FROM sqlite_master WHERE name = 'u'"))
        .containsExactly("u");
  }

  @Test
  void concurrentSubmittersAreServedInOrderAndBothSucceed() throws Exception {
    Fleet f = Fleet.create(dir, 4, "CREATE TABLE log(n INTEGER)");
    try (Scheduler s = f.scheduler()) {
      ExecutorService pool = Executors.newFixedThreadPool(2);
      CountDownLatch go = new CountDownLatch(1);
      Future<MigrationResult> a =
          pool.submit(
              () -> {
                go.await();
                return s.migrate(Migration.of("INSERT INTO log VALUES (1)"), null);
              });
      Future<MigrationResult> b =
          pool.submit(
              () -> {
                go.await();
                return s.migrate(Migration.of("INSERT INTO log VALUES (2)"), null);
              });
      go.countDown();
      long ja = a.get().jobId();
      long jb = b.get().jobId();
      pool.shutdown();
      String expected = ja < jb ? "1,2" : "2,1";
      for (Path db : f.linked) {
        assertThat(
                Fleet.column(
                    db, "SELECT group_concat(n, ',') FROM (SELECT n FROM log ORDER BY rowid)"))
            .containsExactly(expected);
        assertThat(Fleet.appliedJobs(db)).containsExactly("1", "2");
      }
      assertThat(
              Fleet.column(
                  f.schema, "SELECT group_concat(n, ',') FROM (SELECT n FROM log ORDER BY rowid)"))
          .containsExactly(expected);
    }
  }

  @Test
  void aJobRecordedButNeverSteppedIsResumedByTheNextScheduler() throws Exception {
    Fleet f = Fleet.create(dir, 3, "CREATE TABLE t(id INTEGER PRIMARY KEY)");
    long id;
    try (Registry r = RegistryFile.open(f.schema, java.time.Clock.systemUTC())) {
      id = r.submit(Migration.of("ALTER TABLE t ADD COLUMN w"), 0);
    }
    try (Scheduler s = f.scheduler()) {
      s.await(id, Duration.ofSeconds(30));
    }
    for (Path db : f.linked) {
      assertThat(Fleet.appliedJobs(db)).containsExactly(String.valueOf(id));
    }
    assertThat(Fleet.hasColumn(f.schema, "t", "w")).isTrue();
  }

  @Test
  void sessionPragmasTravelSoTheTableRebuildProcedureKeepsEveryRow() throws Exception {
    Fleet f =
        Fleet.create(
            dir,
            3,
            "PRAGMA foreign_keys = ON",
            "CREATE TABLE parent(id INTEGER PRIMARY KEY, name TEXT)",
            "CREATE TABLE child(id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent(id) ON DELETE CASCADE)");
    for (Path db : f.linked) {
      Fleet.exec(db, "INSERT INTO parent VALUES (1, 'p1'), (2, 'p2')");
      Fleet.exec(db, "INSERT INTO child VALUES (10, 1), (11, 2), (12, 2)");
    }
    Migration rebuild =
        new Migration(
            List.of(
                MigrationStatement.of(
                    "CREATE TABLE parent_new(id INTEGER PRIMARY KEY, name TEXT NOT NULL DEFAULT '')"),
                MigrationStatement.of(
                    "INSERT INTO parent_new SELECT id, coalesce(name, '') FROM parent"),
                MigrationStatement.of("DROP TABLE parent"),
                MigrationStatement.of("ALTER TABLE parent_new RENAME TO parent"),
                MigrationStatement.of("PRAGMA foreign_key_check")),
            Map.of("foreign_keys", "OFF"));
    try (Scheduler s = f.scheduler()) {
      // foreign_keys=ON travels: the cascade happens on every database, not only where it was set.
      s.migrate(
          new Migration(
              List.of(MigrationStatement.of("DELETE FROM parent WHERE id = 1")),
              Map.of("foreign_keys", "ON")),
          null);
      for (Path db : f.linked) {
        assertThat(Fleet.column(db, "SELECT id FROM child ORDER BY id"))
            .containsExactly("11", "12");
      }
      Fleet.exec(f.schema, "INSERT INTO parent VALUES (1, 'p1')");
      for (Path db : f.linked) {
        Fleet.exec(db, "INSERT INTO parent VALUES (1, 'p1')");
        Fleet.exec(db, "INSERT INTO child VALUES (10, 1)");
      }
      // foreign_keys=OFF travels too, so dropping the parent table does not cascade anywhere.
      s.migrate(rebuild, null);
    }
    for (Path db : f.linked) {
      assertThat(Fleet.column(db, "SELECT count(*) FROM child")).containsExactly("3");
      assertThat(Fleet.column(db, "SELECT count(*) FROM parent")).containsExactly("2");
    }
  }
}
