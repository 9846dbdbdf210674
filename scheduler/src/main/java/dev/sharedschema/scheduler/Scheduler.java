package dev.sharedschema.scheduler;

import dev.sharedschema.scheduler.internal.BusyRetry;
import dev.sharedschema.scheduler.internal.CatchUp;
import dev.sharedschema.scheduler.internal.ChangeSignal;
import dev.sharedschema.scheduler.internal.CoordinatorStepper;
import dev.sharedschema.scheduler.internal.FailureReport;
import dev.sharedschema.scheduler.internal.FleetMarks;
import dev.sharedschema.scheduler.internal.JobStepper;
import dev.sharedschema.scheduler.internal.Lease;
import dev.sharedschema.scheduler.internal.Listeners;
import dev.sharedschema.scheduler.internal.NodeLoop;
import dev.sharedschema.scheduler.internal.NodeTasks;
import dev.sharedschema.scheduler.internal.PhaseRunner;
import dev.sharedschema.scheduler.internal.SchemaStep;
import dev.sharedschema.scheduler.internal.StatementFailedException;
import dev.sharedschema.scheduler.internal.Stepper;
import dev.sharedschema.scheduler.internal.TaskApplier;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * Runs the migration jobs of one schema database (DESIGN.md §6): one job at a time in submission
 * order, tasks on a bounded worker pool, state in the registry so that a new scheduler resumes
 * where a dead one stopped. Several JVMs may each run one; the lease decides which steps jobs, the
 * others submit and wait, and the lease's epoch fences every registry write of a stepper.
 */
public final class Scheduler implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger("dev.sharedschema.scheduler");
  private static final Map<Path, Scheduler> SHARED = new HashMap<>();

  /** How often an idle scheduler looks for jobs submitted by other JVMs. */
  private static final long IDLE_POLL_MS = 250;

  /**
   * How often a waiting writer re-reads its job when no in-JVM signal comes (job stepped
   * elsewhere).
   */
  private static final long WAIT_POLL_MS = 50;

  /** Migrations kept in memory for catching up databases that missed jobs. */
  private static final int MIGRATIONS_CACHED = 1024;

  private final Path schemaDatabase;
  private final SchedulerOptions options;
  private final Clock clock;
  private final Registry registry;
  private final SchemaStep schemaStep;
  private final Lease lease;
  private final Stepper stepper;
  private final NodeLoop nodeLoop;
  private final ExecutorService workers;
  private final ScheduledExecutorService heartbeat;
  private final Thread loop;
  private final Listeners listeners;
  private final ChangeSignal signal = new ChangeSignal();
  private final Map<Long, Migration> migrations = new ConcurrentHashMap<>();
  private volatile boolean closed;
  private int references;

  private Scheduler(Path schemaDatabase, SchedulerOptions options) throws SQLException {
    this.schemaDatabase = schemaDatabase;
    this.options = options;
    this.clock = options.clock();
    this.registry = options.registry().open(schemaDatabase, options);
    this.listeners = new Listeners(schemaDatabase.toString());
    BusyRetry retry = new BusyRetry(clock, options.busyTimeout());
    this.schemaStep = new SchemaStep(schemaDatabase, retry);
    this.lease = new Lease(registry, clock, options.leaseTtl());
    String name = schemaDatabase.getFileName().toString();
    AtomicInteger n = new AtomicInteger();
    this.workers =
        Executors.newFixedThreadPool(
            options.workers(),
            r -> daemon(r, "sharedschema-worker-" + name + "-" + n.incrementAndGet()));
    this.heartbeat =
        Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "sharedschema-lease-" + name));
    CatchUp catchUp = new CatchUp(registry.id(), this::migration, clock);
    PhaseRunner phases =
        new PhaseRunner(registry, workers, options.batchSize(), clock, options.faults());
    long beat = Math.max(1, options.leaseTtl().toMillis() / 3);
    if (registry instanceof NodeRegistry nodes) {
      // Scale-out (DESIGN.md §10): the lease holder coordinates; this JVM's workers do the
      // schema node's own share of the tasks, like every other node's.
      this.stepper =
          new CoordinatorStepper(nodes, schemaStep, clock, options.faults(), this::jobState);
      NodeTasks mine =
          new NodeTasks(
              nodes,
              phases,
              new TaskApplier(
                  registry.id(),
                  schemaDatabase,
                  FleetMarks.nodeMark(nodes),
                  clock,
                  retry,
                  options.faults(),
                  catchUp),
              clock,
              UUID.randomUUID().toString());
      heartbeat.scheduleWithFixedDelay(() -> beat(mine), 0, beat, TimeUnit.MILLISECONDS);
      this.nodeLoop =
          new NodeLoop(mine, signal, listeners::taskDone, nodes.node() + "-" + name).start();
    } else {
      this.stepper =
          new JobStepper(
              registry,
              phases,
              new TaskApplier(
                  registry.id(), schemaDatabase, clock, retry, options.faults(), catchUp),
              schemaStep,
              clock,
              options.faults(),
              listeners::taskDone,
              this::jobState);
      this.nodeLoop = null;
    }
    heartbeat.scheduleWithFixedDelay(lease::heartbeat, beat, beat, TimeUnit.MILLISECONDS);
    this.loop = daemon(this::runLoop, "sharedschema-scheduler-" + name);
    loop.start();
  }

  /** A member's heartbeat; a failure is retried at the next beat (claims outlive a few). */
  private static void beat(NodeTasks member) {
    try {
      member.heartbeat();
    } catch (SQLException | RuntimeException e) {
      LOG.log(Level.DEBUG, () -> "node heartbeat failed; trying again: " + e);
    }
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  /**
   * A scheduler of its own for {@code schemaDatabase}, closed by the caller (CLI, tools, tests).
   */
  public static Scheduler open(Path schemaDatabase, SchedulerOptions options) throws SQLException {
    return new Scheduler(CanonicalPath.of(schemaDatabase), options);
  }

  /**
   * The JVM's shared scheduler for {@code schemaDatabase} (any spelling of it), started on first
   * use; every call needs a matching {@link #release()}. The first caller's options win.
   */
  public static Scheduler acquire(Path schemaDatabase, SchedulerOptions options)
      throws SQLException {
    Path schema = CanonicalPath.of(schemaDatabase);
    synchronized (SHARED) {
      Scheduler s = SHARED.get(schema);
      if (s == null) {
        s = open(schema, options);
        SHARED.put(schema, s);
      }
      s.references++;
      return s;
    }
  }

  /** Gives back a scheduler from {@link #acquire}; the last release stops it. */
  public void release() {
    synchronized (SHARED) {
      if (--references > 0) {
        return;
      }
      SHARED.remove(schemaDatabase, this);
    }
    close();
  }

  public Path schemaDatabase() {
    return schemaDatabase;
  }

  /** True while this scheduler holds the stepping lease, i.e. steps (coordinates) the jobs. */
  public boolean holdsLease() {
    return lease.isHeld();
  }

  public Registry registry() {
    return registry;
  }

  public SchedulerOptions options() {
    return options;
  }

  public void addListener(MigrationListener listener) {
    listeners.add(listener);
  }

  public void removeListener(MigrationListener listener) {
    listeners.remove(listener);
  }

  /** A linker for this scheduler's registry, with its options (busy timeout, clock). */
  public Linker linker() {
    return new Linker(registry, options);
  }

  private Migration migration(long jobId) throws SQLException {
    Migration m = migrations.get(jobId);
    if (m == null) {
      if (migrations.size() >= MIGRATIONS_CACHED) {
        migrations.clear();
      }
      m = registry.migration(jobId);
      migrations.put(jobId, m);
    }
    return m;
  }

  /** Submits {@code migration} and waits for it; {@code timeout} null waits as long as it takes. */
  public MigrationResult migrate(Migration migration, Duration timeout) throws SQLException {
    return await(submit(migration), timeout);
  }

  /**
   * As {@link #migrate(Migration, Duration)}, and the wait also ends when {@code cancelled} turns
   * true (checked at every wake-up; call {@link #wakeWaiters()} after setting it).
   */
  public MigrationResult migrate(Migration migration, Duration timeout, BooleanSupplier cancelled)
      throws SQLException {
    return await(submit(migration), timeout, cancelled);
  }

  /** Wakes every thread waiting in this scheduler, so that it re-checks its cancellation. */
  public void wakeWaiters() {
    signal.wake();
  }

  /**
   * Records a job for {@code migration} and returns its id. When no other job is queued, the
   * migration is first checked on the schema database, so that a script that fails there fails at
   * once, before any job is recorded (and so does a schema database stuck in WAL mode, {@code
   * 0A000}).
   */
  public long submit(Migration migration) throws SQLException {
    checkOpen();
    SchemaStep.Checked checked = null;
    if (registry.headOfQueue().isEmpty()) {
      try {
        checked = schemaStep.check(migration);
      } catch (StatementFailedException e) {
        throw FailureReport.schemaFailed(schemaDatabase, migration, e);
      } catch (SQLException e) {
        if ("0A000".equals(e.getSQLState())) {
          throw e;
        }
        throw FailureReport.schemaFailed(schemaDatabase, migration, e);
      }
    }
    long id = registry.submit(migration, clock.millis());
    if (checked != null) {
      schemaStep.remember(id, checked);
    }
    int tasks = registry.job(id).map(JobRecord::taskCount).orElse(0);
    listeners.jobSubmitted(id, tasks);
    signal.wake();
    return id;
  }

  /**
   * Waits until job {@code jobId} is terminal or paused.
   *
   * @throws MigrationFailedException the dry run failed (40000): nothing applied anywhere
   * @throws MigrationPausedException the run failed (40003): the job is paused in {@code
   *     RunFailure}
   * @throws MigrationTimeoutException {@code timeout} passed; the job goes on
   */
  public MigrationResult await(long jobId, Duration timeout) throws SQLException {
    return await(jobId, timeout, () -> false);
  }

  /**
   * As {@link #await(long, Duration)}; also stops waiting, with {@code HY008}, when {@code
   * cancelled} turns true or the thread is interrupted (its interrupt flag is kept). The job goes
   * on either way. Deadlines are read from the scheduler's clock.
   */
  public MigrationResult await(long jobId, Duration timeout, BooleanSupplier cancelled)
      throws SQLException {
    long deadline = timeout == null ? Long.MAX_VALUE : clock.millis() + timeout.toMillis();
    while (true) {
      long seen = signal.version();
      JobRecord job =
          registry
              .job(jobId)
              .orElseThrow(() -> new SQLException("no job " + jobId + " in " + registry, "02000"));
      switch (job.state()) {
        case RunSuccess:
          return new MigrationResult(jobId, registry.result(jobId).orElse(List.of()));
        case DryRunFailure:
          throw FailureReport.dryRunFailed(registry, job);
        case RunFailure:
          throw FailureReport.runFailed(registry, job);
        default:
          break;
      }
      long left = deadline - clock.millis();
      if (left <= 0) {
        throw new MigrationTimeoutException(
            "gave up waiting for migration job "
                + jobId
                + " ("
                + job.summary()
                + ") after "
                + timeout
                + "; it is in state "
                + job.state()
                + " and goes on without you. Watch it with `sharedschema job "
                + schemaDatabase
                + " "
                + jobId
                + "` or SharedSchema.job("
                + jobId
                + ").",
            jobId);
      }
      if (cancelled.getAsBoolean()) {
        throw stoppedWaiting(job, "the wait was cancelled", null);
      }
      try {
        signal.awaitChange(seen, Math.min(left, WAIT_POLL_MS));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw stoppedWaiting(job, "the waiting thread was interrupted", e);
      }
    }
  }

  private SQLException stoppedWaiting(JobRecord job, String why, Throwable cause) {
    return new SQLException(
        "stopped waiting for migration job "
            + job.id()
            + " ("
            + job.summary()
            + "): "
            + why
            + ". The job is in state "
            + job.state()
            + " and goes on without you; watch it with `sharedschema job "
            + schemaDatabase
            + " "
            + job.id()
            + "`.",
        "HY008",
        cause);
  }

  /** Re-drives a job paused in {@code RunFailure}, after the failing databases were fixed. */
  public void retry(long jobId) throws SQLException {
    JobRecord job =
        registry
            .job(jobId)
            .orElseThrow(
                () ->
                    new SQLException(
                        "no job " + jobId + " in the registry of " + schemaDatabase, "02000"));
    if (job.state() != JobState.RunFailure || !registry.retry(jobId, clock.millis())) {
      throw new SQLException(
          "job "
              + jobId
              + " is "
              + registry.job(jobId).map(JobRecord::state).orElse(job.state())
              + "; only a job paused in RunFailure can be retried",
          "55000");
    }
    jobState(jobId, JobState.WaitingRun);
  }

  /**
   * Stops propagating to {@code database} (any spelling); the file stays, without its link mark. A
   * job paused only because of it goes on.
   */
  public boolean unlink(Path database) throws SQLException {
    Path file = CanonicalPath.of(database);
    boolean was = registry.unlink(file, clock.millis());
    Linker.forgetLink(file, registry);
    Optional<JobRecord> head = registry.headOfQueue();
    if (head.isPresent()
        && head.get().state() == JobState.RunFailure
        && registry.failures(head.get().id(), 1).isEmpty()) {
      retry(head.get().id());
    }
    signal.wake();
    return was;
  }

  /**
   * Waits until no job is runnable (all terminal, or the head paused); false if {@code timeout}
   * passed first (on the scheduler's clock).
   */
  public boolean drain(Duration timeout) throws SQLException {
    long deadline = clock.millis() + timeout.toMillis();
    while (true) {
      long seen = signal.version();
      Optional<JobRecord> head = registry.headOfQueue();
      if (head.isEmpty() || head.get().state() == JobState.RunFailure) {
        return true;
      }
      long left = deadline - clock.millis();
      if (left <= 0) {
        return false;
      }
      try {
        signal.awaitChange(seen, Math.min(left, WAIT_POLL_MS));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SQLException("interrupted while waiting for jobs to finish", "HY008", e);
      }
    }
  }

  private void runLoop() {
    long pause = IDLE_POLL_MS;
    while (!closed) {
      long seen = signal.version();
      Fence fence = null;
      try {
        fence = lease.acquire();
        if (fence == null) {
          signal.pause(seen, Math.max(IDLE_POLL_MS, lease.ttlMillis() / 2));
          continue;
        }
        Optional<JobRecord> head = registry.headOfQueue();
        if (head.isPresent() && stepper.step(head.get(), fence, () -> closed)) {
          pause = IDLE_POLL_MS;
          continue;
        }
        signal.pause(seen, head.isPresent() ? stepper.pauseMillis() : IDLE_POLL_MS);
      } catch (LeaseLostException e) {
        lease.lost(fence);
        LOG.log(
            Level.INFO, "scheduler of " + schemaDatabase + " stopped stepping: " + e.getMessage());
      } catch (SQLException | RuntimeException e) {
        if (closed) {
          break;
        }
        LOG.log(
            Level.WARNING, "scheduler of " + schemaDatabase + " hit an error and retries: " + e, e);
        signal.pause(seen, pause);
        pause = Math.min(pause * 2, 5_000);
      }
    }
    stepper.close();
    lease.release();
  }

  private void jobState(long jobId, JobState state) {
    LOG.log(Level.DEBUG, () -> "job " + jobId + " of " + schemaDatabase + " is now " + state);
    listeners.jobState(jobId, state);
    signal.wake();
  }

  private void checkOpen() throws SQLException {
    if (closed) {
      throw new SQLException("the scheduler of " + schemaDatabase + " is closed", "08003");
    }
  }

  /**
   * Stops stepping: the step under way ends at its next batch boundary (work in flight finishes,
   * nothing new starts), and only then do the heartbeat and the workers stop, so the lease stays
   * renewed while anything of this scheduler still runs.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    signal.close();
    try {
      loop.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (nodeLoop != null) {
      nodeLoop.close();
    }
    heartbeat.shutdownNow();
    workers.shutdownNow();
    schemaStep.close();
    try {
      registry.close();
    } catch (SQLException e) {
      LOG.log(Level.WARNING, "closing the registry of " + schemaDatabase + " failed", e);
    }
  }

  @Override
  public String toString() {
    return "Scheduler[" + schemaDatabase + "]";
  }
}
