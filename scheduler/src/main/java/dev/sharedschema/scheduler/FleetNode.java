package dev.sharedschema.scheduler;

import dev.sharedschema.scheduler.internal.BusyRetry;
import dev.sharedschema.scheduler.internal.CatchUp;
import dev.sharedschema.scheduler.internal.ChangeSignal;
import dev.sharedschema.scheduler.internal.FleetMarks;
import dev.sharedschema.scheduler.internal.Listeners;
import dev.sharedschema.scheduler.internal.NodeLoop;
import dev.sharedschema.scheduler.internal.NodeTasks;
import dev.sharedschema.scheduler.internal.NodeTemplate;
import dev.sharedschema.scheduler.internal.PhaseRunner;
import dev.sharedschema.scheduler.internal.TaskApplier;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One JVM's part of a node of a fleet spread over several machines (DESIGN.md §10), on a node that
 * need not hold the schema database: it heartbeats in the registry and does the node's share of
 * every job (claiming the node's tasks in batches), while the coordinator on the schema node steps
 * the jobs. Linking on such a node copies the node's template. Started by a tenant connection with
 * {@code shared_schema_registry}, or by {@code sharedschema agent}.
 */
public final class FleetNode implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger("dev.sharedschema.scheduler");
  private static final Map<String, FleetNode> SHARED = new HashMap<>();
  private static final long WAIT_POLL_MS = 50;

  private final NodeSettings settings;
  private final SchedulerOptions options;
  private final NodeRegistry registry;
  private final NodeTasks tasks;
  private final ExecutorService workers;
  private final ScheduledExecutorService heartbeat;
  private final ChangeSignal signal = new ChangeSignal();
  private final Listeners listeners;
  private final NodeLoop loop;
  private int references;
  private boolean closed;

  private FleetNode(NodeSettings settings, SchedulerOptions options) throws SQLException {
    this.settings = settings;
    this.options = options;
    this.registry = settings.openNode(options);
    this.listeners = new Listeners(settings.node());
    AtomicInteger n = new AtomicInteger();
    this.workers =
        Executors.newFixedThreadPool(
            options.workers(),
            r -> daemon(r, "sharedschema-worker-" + settings.node() + "-" + n.incrementAndGet()));
    this.heartbeat =
        Executors.newSingleThreadScheduledExecutor(
            r -> daemon(r, "sharedschema-heartbeat-" + settings.node()));
    BusyRetry retry = new BusyRetry(options.clock(), options.busyTimeout());
    this.tasks =
        new NodeTasks(
            registry,
            new PhaseRunner(
                registry, workers, options.batchSize(), options.clock(), options.faults()),
            new TaskApplier(
                registry.id(),
                registry.schemaDatabase(),
                FleetMarks.nodeMark(registry),
                options.clock(),
                retry,
                options.faults(),
                new CatchUp(registry.id(), registry::migration, options.clock())),
            options.clock(),
            UUID.randomUUID().toString());
    tasks.heartbeat();
    long beat = Math.max(1, options.leaseTtl().toMillis() / 3);
    heartbeat.scheduleWithFixedDelay(this::beat, beat, beat, TimeUnit.MILLISECONDS);
    this.loop = new NodeLoop(tasks, signal, listeners::taskDone, settings.node()).start();
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  private void beat() {
    try {
      tasks.heartbeat();
    } catch (SQLException | RuntimeException e) {
      LOG.log(Level.DEBUG, () -> "heartbeat of node " + settings.node() + " failed: " + e);
    }
  }

  /** A node of its own, closed by the caller (the agent, tools, tests). */
  public static FleetNode open(NodeSettings settings, SchedulerOptions options)
      throws SQLException {
    return new FleetNode(settings, options);
  }

  /**
   * The JVM's shared node for {@code settings} (registry and node), started on first use; every
   * call needs a matching {@link #release()}. The first caller's options win.
   */
  public static FleetNode acquire(NodeSettings settings, SchedulerOptions options)
      throws SQLException {
    String key = settings.registryUrl() + "\n" + settings.node();
    synchronized (SHARED) {
      FleetNode node = SHARED.get(key);
      if (node == null) {
        node = open(settings, options);
        SHARED.put(key, node);
      }
      node.references++;
      return node;
    }
  }

  /** Gives back a node from {@link #acquire}; the last release stops it. */
  public void release() {
    synchronized (SHARED) {
      if (--references > 0) {
        return;
      }
      SHARED.values().remove(this);
    }
    close();
  }

  public String node() {
    return settings.node();
  }

  public NodeSettings settings() {
    return settings;
  }

  public NodeRegistry registry() {
    return registry;
  }

  /** A linker for this node: new tenants are copies of the node's template. */
  public Linker linker() {
    return new Linker(registry, options);
  }

  /** The node's template, made in {@code directory} first if the node has none. */
  public Path template(Path directory) throws SQLException {
    return NodeTemplate.ensure(registry, linker()::linkExisting, directory, options.clock());
  }

  public void addListener(MigrationListener listener) {
    listeners.add(listener);
  }

  public void removeListener(MigrationListener listener) {
    listeners.remove(listener);
  }

  /**
   * Stops propagating to {@code database} (a file of this node); the file stays, without its link
   * mark. A job paused only because of it goes on.
   */
  public boolean unlink(Path database) throws SQLException {
    Path file = CanonicalPath.of(database);
    boolean was = registry.unlink(file, options.clock().millis());
    Linker.forgetLink(file, registry);
    Optional<JobRecord> head = registry.headOfQueue();
    if (head.isPresent()
        && head.get().state() == JobState.RunFailure
        && registry.failures(head.get().id(), 1).isEmpty()) {
      registry.retry(head.get().id(), options.clock().millis());
    }
    signal.wake();
    return was;
  }

  /** Re-drives job {@code jobId}, paused in {@code RunFailure}, after its databases were fixed. */
  public void retry(long jobId) throws SQLException {
    if (!registry.retry(jobId, options.clock().millis())) {
      throw new SQLException(
          "job "
              + jobId
              + " is "
              + registry.job(jobId).map(JobRecord::state).map(Enum::name).orElse("unknown")
              + "; only a job paused in RunFailure can be retried",
          "55000");
    }
    signal.wake();
  }

  /**
   * Waits until no job is under way (all terminal, or the head paused); false if {@code timeout}
   * passed first.
   */
  public boolean drain(Duration timeout) throws SQLException {
    long deadline = options.clock().millis() + timeout.toMillis();
    while (true) {
      long seen = signal.version();
      Optional<JobRecord> head = registry.headOfQueue();
      if (head.isEmpty() || head.get().state() == JobState.RunFailure) {
        return true;
      }
      if (options.clock().millis() >= deadline) {
        return false;
      }
      signal.pause(seen, WAIT_POLL_MS);
    }
  }

  /** Stops after the batch under way; its claims pass to the node's other JVMs when they lapse. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    loop.close();
    heartbeat.shutdownNow();
    workers.shutdownNow();
    try {
      registry.close();
    } catch (SQLException e) {
      LOG.log(Level.WARNING, "closing the registry of " + this + " failed", e);
    }
  }

  @Override
  public String toString() {
    return "node " + settings.node() + " of " + settings.shownUrl();
  }
}
