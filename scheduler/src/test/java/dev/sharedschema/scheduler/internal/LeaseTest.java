package dev.sharedschema.scheduler.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sharedschema.scheduler.Fleet;
import dev.sharedschema.scheduler.MutableClock;
import dev.sharedschema.scheduler.Registry;
import dev.sharedschema.scheduler.RegistryFile;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LeaseTest {
  @TempDir Path dir;

  @Test
  void oneHolderAtATimeAndADeadHoldersLeaseIsTakenOver() throws Exception {
    Fleet f = Fleet.create(dir, 0, "CREATE TABLE t(a)");
    MutableClock clock = new MutableClock(1_000_000);
    try (Registry r1 = RegistryFile.open(f.schema, clock);
        Registry r2 = RegistryFile.open(f.schema, clock)) {
      Lease a = new Lease(r1, clock, Duration.ofSeconds(10));
      Lease b = new Lease(r2, clock, Duration.ofSeconds(10));
      assertThat(a.renew()).isTrue();
      assertThat(b.renew()).isFalse();
      clock.advance(Duration.ofSeconds(9));
      assertThat(a.renew()).as("heartbeat extends the lease").isTrue();
      clock.advance(Duration.ofSeconds(9));
      assertThat(b.renew()).as("still within the renewed lease").isFalse();
      // a dies: no more heartbeats
      clock.advance(Duration.ofSeconds(2));
      assertThat(b.renew()).as("expired lease is taken over").isTrue();
      assertThat(a.renew()).as("the old holder has lost it").isFalse();
      b.release();
      assertThat(a.renew()).as("a released lease is free at once").isTrue();
    }
  }
}
