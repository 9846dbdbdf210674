package dev.sharedschema.scheduler.fencing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatObject;

import dev.sharedschema.scheduler.Fence;
import dev.sharedschema.scheduler.Fleet;
import dev.sharedschema.scheduler.Migration;
import dev.sharedschema.scheduler.Registry;
import dev.sharedschema.scheduler.RegistryFile;
import dev.sharedschema.scheduler.Scheduler;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, case 4: an interrupted writer re-set its interrupt flag and polled the registry in a
 * tight loop (1.8 s of CPU per 2 s) until its job ended. Now the wait ends at once with {@code
 * HY008}, the flag kept, and a cancelled wait ends the same way; the job goes on.
 */
class InterruptedWaiterTest {
  @TempDir Path dir;

  @Test
  void anInterruptedWriterStopsWaitingAtOnceWithoutSpinning() throws Exception {
    Fleet f = Fleet.create(dir, 1, "CREATE TABLE t(a)");
    // Another "process" holds the lease: the job is recorded but nobody steps it.
    try (Registry other = RegistryFile.open(f.schema, Clock.systemUTC());
        Held held = Held.lease(other);
        Scheduler s = f.scheduler()) {
      assertThat(held.fence().holder()).isEqualTo("another process");
      long id = s.submit(Migration.of("ALTER TABLE t ADD COLUMN b"));
      AtomicReference<SQLException> thrown = new AtomicReference<>();
      AtomicBoolean flagKept = new AtomicBoolean();
      AtomicLong cpuNanos = new AtomicLong();
      CountDownLatch waiting = new CountDownLatch(1);
      ThreadMXBean threads = ManagementFactory.getThreadMXBean();
      Thread writer =
          new Thread(
              () -> {
                long cpu0 = threads.getCurrentThreadCpuTime();
                waiting.countDown();
                try {
                  s.await(id, null);
                } catch (SQLException e) {
                  thrown.set(e);
                }
                flagKept.set(Thread.currentThread().isInterrupted());
                cpuNanos.set(threads.getCurrentThreadCpuTime() - cpu0);
              });
      writer.start();
      waiting.await();
      Thread.sleep(300);
      long interruptedAt = System.nanoTime();
      writer.interrupt();
      writer.join(5_000);
      long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - interruptedAt);
      assertThat(writer.isAlive()).as("the wait ended").isFalse();
      assertThatObject(thrown.get()).isNotNull();
      assertThat(thrown.get().getSQLState()).isEqualTo("HY008");
      assertThat(thrown.get().getMessage()).contains("job " + id).contains("goes on");
      assertThat(flagKept).as("interrupt flag kept").isTrue();
      assertThat(tookMs).as("ended promptly").isLessThan(1_000);
      assertThat(TimeUnit.NANOSECONDS.toMillis(cpuNanos.get()))
          .as("CPU the writer used in 300 ms of waiting and its interrupt")
          .isLessThan(200);
      assertThat(s.registry().job(id)).isPresent();
    }
  }

  @Test
  void aCancelledWaitEndsWithHy008AndTheJobGoesOn() throws Exception {
    Fleet f = Fleet.create(dir, 1, "CREATE TABLE t(a)");
    try (Registry other = RegistryFile.open(f.schema, Clock.systemUTC());
        Held held = Held.lease(other);
        Scheduler s = f.scheduler()) {
      AtomicBoolean cancelled = new AtomicBoolean();
      long id = s.submit(Migration.of("ALTER TABLE t ADD COLUMN b"));
      CompletableFuture<SQLException> waiter =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  s.await(id, Duration.ofMinutes(5), cancelled::get);
                  return null;
                } catch (SQLException e) {
                  return e;
                }
              });
      Thread.sleep(200);
      cancelled.set(true);
      s.wakeWaiters();
      SQLException e = waiter.get(2, TimeUnit.SECONDS);
      assertThatObject(e).isNotNull();
      assertThat(e.getSQLState()).isEqualTo("HY008");
      assertThat(e.getMessage()).contains("cancelled");
      held.close();
      assertThat(s.await(id, Duration.ofSeconds(30)).jobId()).as("the job went on").isEqualTo(id);
    }
  }

  /** The lease held by "another process", so that nobody steps the job until it is released. */
  private record Held(Registry registry, Fence fence) implements AutoCloseable {
    static Held lease(Registry r) throws SQLException {
      return new Held(
          r, r.acquireLease("another process", System.currentTimeMillis(), 600_000).orElseThrow());
    }

    @Override
    public void close() throws SQLException {
      registry.releaseLease(fence);
    }
  }
}
