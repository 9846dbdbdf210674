package dev.sharedschema.scheduler.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sharedschema.scheduler.FaultHooks;
import dev.sharedschema.scheduler.Fleet;
import dev.sharedschema.scheduler.JobState;
import dev.sharedschema.scheduler.Migration;
import dev.sharedschema.scheduler.Scheduler;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The scheduler fails at the k-th point between two durable steps (after the schema dry run, after
 * a batch is recorded, after a linked database committed but before the registry heard of it, after
 * each job move), then carries on from what the registry says, as a restarted process would. Every
 * database must end up with the migration exactly once. The migration cannot be applied twice
 * unnoticed: it increments a counter and adds a column.
 */
class FailBetweenStepsTest {
  @TempDir Path dir;

  static IntStream points() {
    return IntStream.rangeClosed(1, 22);
  }

  @ParameterizedTest(name = "fail at point {0}")
  @MethodSource("points")
  void everyDatabaseGetsTheMigrationExactlyOnce(int k) throws Exception {
    Fleet f =
        Fleet.create(dir, 3, "CREATE TABLE counter(n INTEGER)", "INSERT INTO counter VALUES (0)");
    AtomicInteger seen = new AtomicInteger();
    List<String> failedAt = new CopyOnWriteArrayList<>();
    FaultHooks faults =
        new FaultHooks() {
          @Override
          public void at(String point) {
            if (seen.incrementAndGet() == k) {
              failedAt.add(point);
              throw new FaultHooks.FaultInjected(point);
            }
          }
        };
    long id;
    try (Scheduler s =
        Scheduler.open(
            f.schema, Fleet.fastOptions().withBatchSize(1).withWorkers(2).withFaults(faults))) {
      id =
          s.submit(
              Migration.of(
                  "UPDATE counter SET n = n + 1", "ALTER TABLE counter ADD COLUMN c INTEGER"));
      s.await(id, Duration.ofSeconds(60));
      assertThat(s.registry().job(id).orElseThrow().state()).isEqualTo(JobState.RunSuccess);
    }
    assertThat(failedAt).as("the fault fired once").hasSize(seen.get() >= k ? 1 : 0);
    for (Path db : f.linked) {
      assertThat(Fleet.column(db, "SELECT n FROM counter"))
          .as(db + " after failing at " + failedAt)
          .containsExactly("1");
      assertThat(Fleet.hasColumn(db, "counter", "c")).isTrue();
      assertThat(Fleet.appliedJobs(db)).containsExactly(String.valueOf(id));
    }
    assertThat(Fleet.column(f.schema, "SELECT n FROM counter")).containsExactly("1");
  }
}
