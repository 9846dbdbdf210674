package dev.sharedschema.scheduler.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sharedschema.scheduler.FaultHooks;
import dev.sharedschema.scheduler.Fleet;
import dev.sharedschema.scheduler.JobState;
import dev.sharedschema.scheduler.Migration;
import dev.sharedschema.scheduler.Registry;
import dev.sharedschema.scheduler.RegistryFile;
import dev.sharedschema.scheduler.Scheduler;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The schema database's change and its job's RunSuccess commit together or not at all: a failure
 * after both writes but before COMMIT leaves neither, and the next attempt applies the change once.
 */
class FinalStepAtomicityTest {
  @TempDir Path dir;

  @Test
  void aFailureBetweenTheSchemaApplyAndTheRegistryUpdateLeavesNeither() throws Exception {
    Fleet f =
        Fleet.create(dir, 2, "CREATE TABLE counter(n INTEGER)", "INSERT INTO counter VALUES (0)");
    AtomicInteger crashes = new AtomicInteger();
    FaultHooks crashOnce =
        new FaultHooks() {
          @Override
          public void insideFinalStep() {
            if (crashes.getAndIncrement() == 0) {
              // What the schema database holds inside the transaction is invisible outside it.
              throw new IllegalStateException("simulated crash inside the final transaction");
            }
          }
        };
    try (Scheduler s = Scheduler.open(f.schema, Fleet.fastOptions().withFaults(crashOnce))) {
      long id =
          s.submit(
              Migration.of("UPDATE counter SET n = n + 1", "ALTER TABLE counter ADD COLUMN m"));
      // The scheduler logs the crash, retries the step, and the second attempt commits both.
      s.await(id, Duration.ofSeconds(30));
      assertThat(crashes.get()).isGreaterThanOrEqualTo(2);
    }
    assertThat(Fleet.column(f.schema, "SELECT n FROM counter")).containsExactly("1");
    for (Path db : f.linked) {
      assertThat(Fleet.column(db, "SELECT n FROM counter")).containsExactly("1");
    }
  }

  @Test
  void afterTheCrashTheRegistryStillSaysWaitingRunAndTheSchemaIsUntouched() throws Exception {
    Fleet f =
        Fleet.create(dir, 1, "CREATE TABLE counter(n INTEGER)", "INSERT INTO counter VALUES (0)");
    FaultHooks crashAlways =
        new FaultHooks() {
          @Override
          public void insideFinalStep() {
            throw new IllegalStateException("simulated crash inside the final transaction");
          }
        };
    long id;
    try (Scheduler s = Scheduler.open(f.schema, Fleet.fastOptions().withFaults(crashAlways))) {
      id = s.submit(Migration.of("UPDATE counter SET n = n + 1"));
      try (Registry r = RegistryFile.open(f.schema, Clock.systemUTC())) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        // The tenant has it (its run committed); the schema database's step keeps failing.
        while (!Fleet.column(f.linked.get(0), "SELECT n FROM counter").equals(List.of("1"))
            && System.nanoTime() < deadline) {
          Thread.sleep(20);
        }
        Thread.sleep(200);
        assertThat(r.job(id).orElseThrow().state()).isEqualTo(JobState.WaitingRun);
      }
    }
    assertThat(Fleet.column(f.schema, "SELECT n FROM counter")).containsExactly("0");
    assertThat(Fleet.column(f.linked.get(0), "SELECT n FROM counter")).containsExactly("1");
    try (Scheduler s = f.scheduler()) {
      s.await(id, Duration.ofSeconds(30));
    }
    assertThat(Fleet.column(f.schema, "SELECT n FROM counter")).containsExactly("1");
    assertThat(Fleet.column(f.linked.get(0), "SELECT n FROM counter"))
        .as("applied once, not again on resume")
        .containsExactly("1");
  }
}
