package dev.sharedschema.scheduler;

import java.time.Clock;
import java.time.Duration;

/**
 * How a scheduler runs.
 *
 * @param workers threads applying tasks to linked databases
 * @param busyTimeout how long a task (or a link, or the final step) waits for a busy database
 *     before it fails
 * @param batchSize tasks read from the registry (and recorded back) at a time
 * @param leaseTtl how long the stepping lease lasts without a heartbeat
 * @param clock time source for deadlines, lease expiry and timestamps
 * @param registry where the fleet's state lives (the SQLite file beside the schema database unless
 *     told otherwise)
 * @param faults test seams; {@link FaultHooks#NONE} in production
 */
public record SchedulerOptions(
    int workers,
    Duration busyTimeout,
    int batchSize,
    Duration leaseTtl,
    Clock clock,
    RegistryProvider registry,
    FaultHooks faults) {
  public static final SchedulerOptions DEFAULTS =
      new SchedulerOptions(
          8,
          Duration.ofSeconds(30),
          256,
          Duration.ofSeconds(10),
          Clock.systemUTC(),
          RegistryFile.PROVIDER,
          FaultHooks.NONE);

  public SchedulerOptions {
    if (workers < 1 || batchSize < 1) {
      throw new IllegalArgumentException("workers and batchSize must be at least 1");
    }
    if (busyTimeout.isNegative() || leaseTtl.isNegative() || leaseTtl.isZero()) {
      throw new IllegalArgumentException("busyTimeout must be >= 0 and leaseTtl > 0");
    }
  }

  public SchedulerOptions withWorkers(int n) {
    return new SchedulerOptions(n, busyTimeout, batchSize, leaseTtl, clock, registry, faults);
  }

  public SchedulerOptions withBusyTimeout(Duration d) {
    return new SchedulerOptions(workers, d, batchSize, leaseTtl, clock, registry, faults);
  }

  public SchedulerOptions withBatchSize(int n) {
    return new SchedulerOptions(workers, busyTimeout, n, leaseTtl, clock, registry, faults);
  }

  public SchedulerOptions withLeaseTtl(Duration d) {
    return new SchedulerOptions(workers, busyTimeout, batchSize, d, clock, registry, faults);
  }

  public SchedulerOptions withClock(Clock c) {
    return new SchedulerOptions(workers, busyTimeout, batchSize, leaseTtl, c, registry, faults);
  }

  public SchedulerOptions withRegistry(RegistryProvider r) {
    return new SchedulerOptions(workers, busyTimeout, batchSize, leaseTtl, clock, r, faults);
  }

  public SchedulerOptions withFaults(FaultHooks f) {
    return new SchedulerOptions(workers, busyTimeout, batchSize, leaseTtl, clock, registry, f);
  }
}
