package dev.sharedschema.scheduler;

import java.time.Clock;
import java.time.Duration;

/**
 * How a scheduler runs.
 *
 * @param workers threads applying tasks to linked databases
 * @param busyTimeout how long a task waits for a busy database before it fails
 * @param batchSize tasks read from the registry (and recorded back) at a time
 * @param leaseTtl how long the stepping lease lasts without a heartbeat
 * @param clock time source for deadlines, lease expiry and timestamps
 */
public record SchedulerOptions(
    int workers, Duration busyTimeout, int batchSize, Duration leaseTtl, Clock clock) {
  public static final SchedulerOptions DEFAULTS =
      new SchedulerOptions(
          8, Duration.ofSeconds(30), 256, Duration.ofSeconds(10), Clock.systemUTC());

  public SchedulerOptions {
    if (workers < 1 || batchSize < 1) {
      throw new IllegalArgumentException("workers and batchSize must be at least 1");
    }
  }

  public SchedulerOptions withWorkers(int n) {
    return new SchedulerOptions(n, busyTimeout, batchSize, leaseTtl, clock);
  }

  public SchedulerOptions withBusyTimeout(Duration d) {
    return new SchedulerOptions(workers, d, batchSize, leaseTtl, clock);
  }

  public SchedulerOptions withBatchSize(int n) {
    return new SchedulerOptions(workers, busyTimeout, n, leaseTtl, clock);
  }

  public SchedulerOptions withLeaseTtl(Duration d) {
    return new SchedulerOptions(workers, busyTimeout, batchSize, d, clock);
  }

  public SchedulerOptions withClock(Clock c) {
    return new SchedulerOptions(workers, busyTimeout, batchSize, leaseTtl, c);
  }
}
