package dev.sharedschema.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A database linked while a job is in flight ends up with that job exactly once, whichever phase
 * the job is in when the link happens (DESIGN.md §6 rule 6).
 */
class LinkDuringJobTest {
  @TempDir Path dir;

  /** When, during the job, the new database is linked. */
  enum Moment {
    DURING_DRY_RUN,
    BETWEEN_PHASES,
    DURING_RUN
  }

  @ParameterizedTest
  @EnumSource(Moment.class)
  void aDatabaseLinkedMidJobGetsItExactlyOnce(Moment moment) throws Exception {
    Fleet f =
        Fleet.create(dir, 4, "CREATE TABLE counter(n INTEGER)", "INSERT INTO counter VALUES (0)");
    Path late = dir.resolve("late.db");
    CountDownLatch linked = new CountDownLatch(1);
    AtomicBoolean fired = new AtomicBoolean();
    try (Scheduler s =
        Scheduler.open(f.schema, Fleet.fastOptions().withBatchSize(1).withWorkers(1))) {
      s.addListener(
          new MigrationListener() {
            @Override
            public void taskDone(long jobId, TaskOutcome o) {
              boolean now =
                  switch (moment) {
                    case DURING_DRY_RUN -> o.state() == TaskState.DryRunSuccess;
                    case DURING_RUN -> o.state() == TaskState.RunSuccess;
                    case BETWEEN_PHASES -> false;
                  };
              if (now) {
                link();
              }
            }

            @Override
            public void jobState(long jobId, JobState state) {
              if (moment == Moment.BETWEEN_PHASES && state == JobState.DryRunSuccess) {
                link();
              }
            }

            private void link() {
              if (fired.compareAndSet(false, true)) {
                // Linked from another thread, as another process or connection would.
                Thread t =
                    new Thread(
                        () -> {
                          try (Registry r = RegistryFile.open(f.schema, Clock.systemUTC())) {
                            new Linker(r, Clock.systemUTC()).link(late);
                            linked.countDown();
                          } catch (Exception e) {
                            throw new IllegalStateException(e);
                          }
                        });
                t.start();
              }
            }
          });
      long id =
          s.submit(
              Migration.of(
                  "UPDATE counter SET n = n + 1", "ALTER TABLE counter ADD COLUMN c INTEGER"));
      s.await(id, Duration.ofSeconds(60));
      assertThat(linked.await(30, TimeUnit.SECONDS)).isTrue();
      // A database linked after the job finished is a copy that already has it: no task, no second
      // apply.
      try (Registry r = RegistryFile.open(f.schema, Clock.systemUTC())) {
        new Linker(r, Clock.systemUTC()).link(dir.resolve("after.db"));
      }
      long next = s.submit(Migration.of("UPDATE counter SET n = n + 10"));
      s.await(next, Duration.ofSeconds(60));
    }
    for (Path db : java.util.List.of(f.linked.get(0), late, dir.resolve("after.db"), f.schema)) {
      assertThat(Fleet.column(db, "SELECT n FROM counter"))
          .as(db + " linked " + moment)
          .containsExactly("11");
      assertThat(Fleet.hasColumn(db, "counter", "c")).isTrue();
    }
  }
}
