package dev.sharedschema.scheduler.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sharedschema.scheduler.Fence;
import dev.sharedschema.scheduler.Fleet;
import dev.sharedschema.scheduler.JobState;
import dev.sharedschema.scheduler.LeaseLostException;
import dev.sharedschema.scheduler.Migration;
import dev.sharedschema.scheduler.MutableClock;
import dev.sharedschema.scheduler.Registry;
import dev.sharedschema.scheduler.RegistryFile;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stepping lease: one holder at a time, taken over when it expires, fenced by its epoch. */
class LeaseTest {
  @TempDir Path dir;

  @Test
  void oneHolderAtATimeAndADeadHoldersLeaseIsTakenOverInANewEpoch() throws Exception {
    Fleet f = Fleet.create(dir, 0, "CREATE TABLE t(a)");
    MutableClock clock = new MutableClock(1_000_000);
    try (Registry r1 = RegistryFile.open(f.schema, clock);
        Registry r2 = RegistryFile.open(f.schema, clock)) {
      Lease a = new Lease(r1, clock, Duration.ofSeconds(10));
      Lease b = new Lease(r2, clock, Duration.ofSeconds(10));
      Fence first = a.acquire();
      assertThat(first).isNotNull();
      assertThat(b.acquire()).isNull();
      clock.advance(Duration.ofSeconds(9));
      a.heartbeat();
      assertThat(a.isHeld()).as("heartbeat extends the lease").isTrue();
      clock.advance(Duration.ofSeconds(9));
      assertThat(b.acquire()).as("still within the renewed lease").isNull();
      // a pauses: no more heartbeats
      clock.advance(Duration.ofSeconds(2));
      Fence second = b.acquire();
      assertThat(second).as("expired lease is taken over").isNotNull();
      assertThat(second.epoch()).as("in a new epoch").isGreaterThan(first.epoch());
      assertThat(r1.holdsLease(first)).as("the old holder's fence is gone").isFalse();
      a.heartbeat();
      assertThat(a.isHeld()).as("a refused renewal is a loss").isFalse();
      b.release();
      Fence third = a.acquire();
      assertThat(third).as("a released lease is free at once").isNotNull();
      assertThat(third.epoch()).isGreaterThan(second.epoch());
    }
  }

  @Test
  void aStaleFenceCannotWriteAnything() throws Exception {
    Fleet f = Fleet.create(dir, 1, "CREATE TABLE t(a)");
    MutableClock clock = new MutableClock(1_000_000);
    try (Registry r = RegistryFile.open(f.schema, clock)) {
      long id = r.submit(Migration.of("ALTER TABLE t ADD COLUMN b"), clock.millis());
      Fence stale = r.acquireLease("a", clock.millis(), 10_000).orElseThrow();
      clock.advance(Duration.ofSeconds(11));
      Fence fresh = r.acquireLease("b", clock.millis(), 10_000).orElseThrow();
      assertThatThrownBy(
              () ->
                  r.moveJob(stale, id, JobState.WaitingDryRun, JobState.DryRunFailure, "stale", 0))
          .isInstanceOf(LeaseLostException.class);
      assertThat(r.renewLease(stale, clock.millis(), 10_000)).isFalse();
      assertThat(r.job(id).orElseThrow().state()).isEqualTo(JobState.WaitingDryRun);
      assertThat(r.moveJob(fresh, id, JobState.WaitingDryRun, JobState.DryRunSuccess, null, 0))
          .isTrue();
    }
  }
}
