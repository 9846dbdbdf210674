package dev.sharedschema.scheduler.internal;

import dev.sharedschema.scheduler.JobRecord;
import dev.sharedschema.scheduler.JobState;
import dev.sharedschema.scheduler.NodeRegistry;
import dev.sharedschema.scheduler.TaskOutcome;
import dev.sharedschema.scheduler.TaskRef;
import dev.sharedschema.scheduler.TaskState;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * A node's share of the job at the head of the queue (DESIGN.md §10): once the schema database
 * passed the job's dry run, this JVM claims batches of its node's tasks ({@code FOR UPDATE SKIP
 * LOCKED}, so the node's JVMs share them), applies them on the worker pool and records each batch's
 * outcomes in one round trip, each only over the state and link generation it was computed from. It
 * never moves a job: the coordinator (the lease holder) does, from what every node recorded.
 */
public final class NodeTasks implements AutoCloseable {
  private final NodeRegistry registry;
  private final PhaseRunner phases;
  private final TaskApplier tasks;
  private final Clock clock;
  private final String member;
  private final CarriedConnections carried = CarriedConnections.forThisProcess();
  private TaskApplier.Job job;

  public NodeTasks(
      NodeRegistry registry, PhaseRunner phases, TaskApplier tasks, Clock clock, String member) {
    this.registry = registry;
    this.phases = phases;
    this.tasks = tasks;
    this.clock = clock;
    this.member = member;
  }

  /** This JVM's id among the node's members, as its claims and heartbeats name it. */
  public String member() {
    return member;
  }

  /** Says that this member (a JVM doing the node's work) is alive, for status and timeouts. */
  public void heartbeat() throws SQLException {
    registry.heartbeat(member, clock.millis());
  }

  /**
   * Does what this node can of the head job now; returns how many tasks it applied, or -1 when no
   * job is under way.
   */
  public int work(BooleanSupplier stopping, BiConsumer<Long, TaskOutcome> progress)
      throws SQLException {
    Optional<JobRecord> head = registry.headOfQueue();
    if (head.isEmpty() || head.get().state() == JobState.RunFailure) {
      forget();
      return -1;
    }
    JobRecord r = head.get();
    AtomicInteger done = new AtomicInteger();
    Consumer<TaskOutcome> counted =
        o -> {
          done.incrementAndGet();
          progress.accept(r.id(), o);
        };
    try {
      switch (r.state()) {
        case WaitingDryRun -> {
          Optional<NodeRegistry.Checked> checked = registry.checked(r.id());
          if (checked.isPresent()) {
            TaskApplier.Job j = job(r);
            String proof = checked.get().proof();
            phases.run(
                claims(r.id(), TaskState.Enqueued),
                (t, p) -> tasks.dryRun(t, TaskState.Enqueued, p, j, carried, proof),
                counted,
                stopping);
          }
        }
        case WaitingRun -> {
          TaskApplier.Job j = job(r);
          // Databases linked while the job ran join here: dry run first, like everyone else.
          phases.run(
              claims(r.id(), TaskState.Enqueued),
              (t, p) -> tasks.dryRun(t, TaskState.Enqueued, p, j, carried, null),
              counted,
              stopping);
          // Tasks past their dry run (and those a retry sent back to Run), straight to the run.
          for (TaskState from : List.of(TaskState.DryRunSuccess, TaskState.Run)) {
            phases.run(
                claims(r.id(), from),
                (t, p) -> tasks.run(t, from, p, j, carried),
                counted,
                stopping);
          }
        }
        default -> {} // between the phases: connections carried for the run stay open
      }
    } catch (SQLException | RuntimeException | Error e) {
      forget();
      throw e;
    }
    return done.get();
  }

  /** The head job as tasks see it; jobs finish in order, so its history holds while it is head. */
  private TaskApplier.Job job(JobRecord r) throws SQLException {
    if (job == null || job.id() != r.id()) {
      forget();
      job = new TaskApplier.Job(r.id(), r.token(), registry.migration(r.id()), registry.history());
    }
    return job;
  }

  private void forget() {
    carried.close();
    job = null;
  }

  /** The node's tasks in {@code state}, claimed batch by batch; recorded in claim order. */
  private PhaseRunner.TaskSource claims(long jobId, TaskState state) {
    Deque<NodeRegistry.Claim> held = new ArrayDeque<>();
    return new PhaseRunner.TaskSource() {
      @Override
      public List<TaskRef> next(String afterPath, int limit) throws SQLException {
        NodeRegistry.Claim claim = registry.claim(jobId, state, limit);
        if (claim.tasks().isEmpty()) {
          claim.close();
        } else {
          held.add(claim);
        }
        return claim.tasks();
      }

      @Override
      public void beforeBatch() {}

      @Override
      public void record(List<TaskOutcome> outcomes) throws SQLException {
        held.remove().record(outcomes, clock.millis());
      }

      @Override
      public void abandon() {
        while (!held.isEmpty()) {
          held.remove().close();
        }
      }
    };
  }

  @Override
  public void close() {
    forget();
  }
}
