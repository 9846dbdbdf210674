package dev.sharedschema.scheduler.internal;

import dev.sharedschema.scheduler.FaultHooks;
import dev.sharedschema.scheduler.Fence;
import dev.sharedschema.scheduler.FinalStep;
import dev.sharedschema.scheduler.JobRecord;
import dev.sharedschema.scheduler.JobState;
import dev.sharedschema.scheduler.LeaseLostException;
import dev.sharedschema.scheduler.Migration;
import dev.sharedschema.scheduler.NodeRegistry;
import dev.sharedschema.scheduler.NodeStatus;
import dev.sharedschema.scheduler.TaskState;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;

/**
 * Steps jobs of a fleet spread over several machines (DESIGN.md §10) as the lease holder on the
 * schema node; the nodes' workers ({@link NodeTasks}) apply the tasks. It checks the schema
 * database first and records that (the nodes start then); the dry run passes when every node
 * reported every task; in the run the nodes take their tasks on from the dry run (no move of every
 * task in between), and it waits until every task is {@code RunSuccess}; then the schema database's
 * own step. Every write is fenced by the lease epoch. A node that stops heartbeating holds the dry
 * run until {@code shared_schema_node_timeout}, which fails it naming the node; in the run its
 * tasks simply wait for it.
 */
public final class CoordinatorStepper implements Stepper {
  /**
   * How often the coordinator looks at the nodes' progress while they work: every 20 ms, less often
   * for a large job (counting its tasks costs the registry more), at most every 100 ms. Its own
   * node's progress wakes it at once.
   */
  private static final long POLL_MS = 20;

  private static final long POLL_MAX_MS = 100;

  private final NodeRegistry registry;
  private final SchemaStep schema;
  private final Clock clock;
  private final FaultHooks faults;
  private final BiConsumer<Long, JobState> onState;

  /** Tasks are counted again at least this often, whatever the nodes' progress says. */
  private static final long RECOUNT_MS = 1_000;

  private long waitingFor;
  private long waitingSince;
  private volatile int taskCount;
  private long countedFor;
  private long countedAt;
  private long countedProgress = -1;

  public CoordinatorStepper(
      NodeRegistry registry,
      SchemaStep schema,
      Clock clock,
      FaultHooks faults,
      BiConsumer<Long, JobState> onState) {
    this.registry = registry;
    this.schema = schema;
    this.clock = clock;
    this.faults = faults;
    this.onState = onState;
  }

  @Override
  public boolean step(JobRecord job, Fence fence, BooleanSupplier stopping) throws SQLException {
    long id = job.id();
    taskCount = job.taskCount();
    switch (job.state()) {
      case WaitingDryRun -> {
        if (registry.checked(id).isEmpty()) {
          return checkSchema(fence, id, registry.migration(id));
        }
        if (!moved(id)) {
          return failSilentNodes(fence, id);
        }
        Map<TaskState, Integer> counts = registry.taskCounts(id);
        if (counts.getOrDefault(TaskState.Enqueued, 0) > 0) {
          return failSilentNodes(fence, id);
        }
        int failed = counts.getOrDefault(TaskState.DryRunFailure, 0);
        if (failed > 0) {
          return move(
              fence,
              id,
              JobState.WaitingDryRun,
              JobState.DryRunFailure,
              failed
                  + (failed == 1 ? " linked database" : " linked databases")
                  + " failed the dry run");
        }
        return move(fence, id, JobState.WaitingDryRun, JobState.DryRunSuccess, null);
      }
      case DryRunSuccess -> {
        // The tasks stay DryRunSuccess: in WaitingRun the nodes claim them for the run.
        return move(fence, id, JobState.DryRunSuccess, JobState.WaitingRun, null);
      }
      case WaitingRun -> {
        return run(fence, job);
      }
      default -> {
        return false;
      }
    }
  }

  /**
   * True when the job's tasks should be counted (again): the nodes recorded outcomes since the last
   * count, or the job is new to this coordinator, or the last count is a second old (a link, an
   * unlink or a retry changes tasks without the nodes' progress).
   */
  private boolean moved(long id) throws SQLException {
    long progress = registry.progress();
    long now = clock.millis();
    if (id == countedFor && progress == countedProgress && now - countedAt < RECOUNT_MS) {
      return false;
    }
    countedFor = id;
    countedProgress = progress;
    countedAt = now;
    return true;
  }

  /** The job's own dry run on the schema database, recorded so that the nodes start. */
  private boolean checkSchema(Fence fence, long id, Migration m) throws SQLException {
    String proof;
    try {
      proof = schema.dryRun(m);
    } catch (SQLException e) {
      return move(
          fence,
          id,
          JobState.WaitingDryRun,
          JobState.DryRunFailure,
          "the schema database "
              + registry.schemaDatabase()
              + (e instanceof StatementFailedException ? " failed at " : " failed: ")
              + e.getMessage());
    }
    faults.at("schema dry run");
    registry.markChecked(fence, id, proof, clock.millis());
    onState.accept(id, JobState.WaitingDryRun);
    return true;
  }

  /**
   * While tasks wait for their dry run: fails it when a node that owns some has not heartbeated for
   * the node timeout (measured from when this coordinator began waiting, at the earliest).
   */
  private boolean failSilentNodes(Fence fence, long id) throws SQLException {
    long now = clock.millis();
    if (waitingFor != id) {
      waitingFor = id;
      waitingSince = now;
    }
    Duration timeout = registry.nodeTimeout();
    if (timeout == null) {
      return false;
    }
    List<String> silent = new ArrayList<>();
    for (NodeStatus n : registry.nodeStatus(id)) {
      int waiting = n.tasks().getOrDefault(TaskState.Enqueued, 0);
      long since = Math.max(n.lastHeartbeat(), waitingSince);
      if (waiting > 0 && now - since > timeout.toMillis()) {
        silent.add(
            "node "
                + n.node()
                + " ("
                + waiting
                + (waiting == 1 ? " database" : " databases")
                + ", last heartbeat "
                + (n.lastHeartbeat() == 0
                    ? "never"
                    : java.time.Instant.ofEpochMilli(n.lastHeartbeat()).toString())
                + ")");
      }
    }
    if (silent.isEmpty()) {
      return false;
    }
    return move(
        fence,
        id,
        JobState.WaitingDryRun,
        JobState.DryRunFailure,
        "no dry run within shared_schema_node_timeout ("
            + timeout
            + ") from "
            + String.join(", ", silent)
            + "; nothing was applied. Start the node (or unlink its databases) and migrate again");
  }

  private boolean run(Fence fence, JobRecord job) throws SQLException {
    long id = job.id();
    if (!moved(id)) {
      return false;
    }
    Map<TaskState, Integer> counts = registry.taskCounts(id);
    for (TaskState pending : List.of(TaskState.Enqueued, TaskState.DryRunSuccess, TaskState.Run)) {
      if (counts.getOrDefault(pending, 0) > 0) {
        return false; // the nodes are on it (a database linked meanwhile is dry-run first)
      }
    }
    int failed = 0;
    for (TaskState s : TaskState.failed()) {
      failed += counts.getOrDefault(s, 0);
    }
    if (failed > 0) {
      return move(
          fence,
          id,
          JobState.WaitingRun,
          JobState.RunFailure,
          failed + (failed == 1 ? " database" : " databases") + " failed the run");
    }
    try {
      FinalStep.Outcome done =
          registry.finish(
              fence, id, List.of(), SchemaStep.finalStep(registry.migration(id)), clock.millis());
      if (done == FinalStep.Outcome.DONE) {
        onState.accept(id, JobState.RunSuccess);
        // After the writer was told: what templates of new nodes are made from from now on.
        registry.publishSnapshot(id);
      }
      return done != FinalStep.Outcome.TASKS_PENDING;
    } catch (LeaseLostException e) {
      throw e;
    } catch (SQLException e) {
      return move(
          fence,
          id,
          JobState.WaitingRun,
          JobState.RunFailure,
          "the schema database "
              + registry.schemaDatabase()
              + " failed its final step"
              + (e instanceof StatementFailedException ? " at " : ": ")
              + e.getMessage());
    }
  }

  private boolean move(Fence fence, long id, JobState from, JobState to, String error)
      throws SQLException {
    if (registry.moveJob(fence, id, from, to, error, clock.millis())) {
      faults.at("job moved to " + to);
      onState.accept(id, to);
    }
    return true;
  }

  @Override
  public long pauseMillis() {
    return Math.max(POLL_MS, Math.min(POLL_MAX_MS, taskCount / 100));
  }

  @Override
  public void close() {}
}
