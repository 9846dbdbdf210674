package dev.sharedschema.scheduler.internal;

import dev.sharedschema.scheduler.FaultHooks;
import dev.sharedschema.scheduler.Fence;
import dev.sharedschema.scheduler.LeaseLostException;
import dev.sharedschema.scheduler.Registry;
import dev.sharedschema.scheduler.TaskOutcome;
import dev.sharedschema.scheduler.TaskRef;
import dev.sharedschema.scheduler.TaskState;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Runs one phase of a job over its tasks: reads a batch of tasks in a state from the registry,
 * applies them on the worker pool, records the batch's outcomes in one fenced registry transaction,
 * and goes on after the batch's last path. Memory is bounded by the batch size whatever the fleet's
 * size.
 */
public final class PhaseRunner {
  /** The work of one task: (task, its file) → outcome; must not throw. */
  @FunctionalInterface
  public interface Task {
    TaskOutcome apply(TaskRef task, Path database);
  }

  /**
   * Where a phase's tasks come from and where their outcomes go: a stepper pages through a job's
   * tasks and records under its fence ({@link #fenced}); a node's worker claims its own ({@link
   * NodeTasks}).
   */
  public interface TaskSource {
    /** The next batch, after {@code afterPath} ("" first); empty when the phase is done. */
    List<TaskRef> next(String afterPath, int limit) throws SQLException;

    /** Called before a batch is queued; throws to stop the phase (e.g. a lease lost). */
    void beforeBatch() throws SQLException;

    /** Records the oldest unrecorded batch's outcomes, in one registry transaction. */
    void record(List<TaskOutcome> outcomes) throws SQLException;

    /** Lets the batches handed out and not recorded go (the phase stopped half-way). */
    default void abandon() {}
  }

  private final Registry registry;
  private final ExecutorService workers;
  private final int batchSize;
  private final Clock clock;
  private final FaultHooks faults;

  public PhaseRunner(
      Registry registry, ExecutorService workers, int batchSize, Clock clock, FaultHooks faults) {
    this.registry = registry;
    this.workers = workers;
    this.batchSize = batchSize;
    this.clock = clock;
    this.faults = faults;
  }

  /**
   * What a phase did.
   *
   * @param failed tasks of this pass that failed (recorded or held)
   * @param held the last batch's outcomes when the caller asked to record them itself (in the
   *     transaction of the job's next move, which saves a registry commit per phase); else empty
   */
  public record Phase(int failed, List<TaskOutcome> held) {}

  /**
   * Applies {@code task} to every task of {@code jobId} in {@code state}; returns how many failed.
   * The next batch is read and queued before the current one is awaited, so workers never idle at a
   * batch boundary waiting for its slowest database, and the registry write of one batch overlaps
   * the work of the next. At most two batches are held at a time.
   *
   * <p>Before queuing each batch the stepper checks it still holds the lease (a holder paused past
   * its lease must not start more work), and stops when {@code stopping} says so. When anything
   * throws, the batches in flight are cancelled and waited for before the exception leaves: no work
   * of this pass keeps running beside the next attempt.
   *
   * @param onOutcome called for each outcome, for progress listeners
   */
  public int run(
      Fence fence,
      long jobId,
      TaskState state,
      Task task,
      Consumer<TaskOutcome> onOutcome,
      BooleanSupplier stopping)
      throws SQLException {
    return run(fenced(fence, jobId, state), task, onOutcome, stopping, false).failed();
  }

  /**
   * As above, and with {@code holdLast} the last batch's outcomes are returned instead of recorded.
   */
  public Phase run(
      Fence fence,
      long jobId,
      TaskState state,
      Task task,
      Consumer<TaskOutcome> onOutcome,
      BooleanSupplier stopping,
      boolean holdLast)
      throws SQLException {
    return run(fenced(fence, jobId, state), task, onOutcome, stopping, holdLast);
  }

  /** A stepper's tasks of {@code jobId} in {@code state}, recorded under {@code fence}. */
  private TaskSource fenced(Fence fence, long jobId, TaskState state) {
    return new TaskSource() {
      @Override
      public List<TaskRef> next(String afterPath, int limit) throws SQLException {
        return registry.tasks(jobId, state, afterPath, limit);
      }

      @Override
      public void beforeBatch() throws SQLException {
        if (!registry.holdsLease(fence)) {
          throw new LeaseLostException(fence, "next batch");
        }
      }

      @Override
      public void record(List<TaskOutcome> outcomes) throws SQLException {
        registry.record(fence, jobId, outcomes, clock.millis());
      }
    };
  }

  /** As above, over the tasks {@code source} hands out; every batch recorded. */
  public int run(
      TaskSource source, Task task, Consumer<TaskOutcome> onOutcome, BooleanSupplier stopping)
      throws SQLException {
    return run(source, task, onOutcome, stopping, false).failed();
  }

  private Phase run(
      TaskSource source,
      Task task,
      Consumer<TaskOutcome> onOutcome,
      BooleanSupplier stopping,
      boolean holdLast)
      throws SQLException {
    int failed = 0;
    Batch running = Batch.EMPTY;
    Batch queued = Batch.EMPTY;
    try {
      List<TaskRef> batch = source.next("", batchSize);
      running = submit(source, batch, task, stopping);
      while (!batch.isEmpty()) {
        List<TaskRef> next = source.next(batch.get(batch.size() - 1).path(), batchSize);
        queued = submit(source, next, task, stopping);
        List<TaskOutcome> outcomes = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
          TaskOutcome o = take(running.done().take());
          outcomes.add(o);
          failed += o.failed() ? 1 : 0;
          onOutcome.accept(o);
        }
        if (holdLast && next.isEmpty()) {
          return new Phase(failed, outcomes);
        }
        faults.at("before recording");
        source.record(outcomes);
        faults.at("batch recorded");
        batch = next;
        running = queued;
        queued = Batch.EMPTY;
      }
      return new Phase(failed, List.of());
    } catch (InterruptedException e) {
      running.abandon();
      queued.abandon();
      source.abandon();
      Thread.currentThread().interrupt();
      throw new SQLException("interrupted while applying a migration", "HY008", e);
    } catch (SQLException | RuntimeException | Error e) {
      running.abandon();
      queued.abandon();
      source.abandon();
      throw e;
    }
  }

  /**
   * A batch on the workers: its futures, the same in the order they complete, and a flag that makes
   * tasks not yet started return at once.
   */
  private record Batch(
      List<Future<TaskOutcome>> futures,
      CompletionService<TaskOutcome> done,
      AtomicBoolean abandoned) {
    static final Batch EMPTY = new Batch(List.of(), null, new AtomicBoolean());

    /**
     * Stops the tasks that have not started and waits for those that have: when this returns,
     * nothing of the batch runs any more (a cancelled FutureTask would report done while its body
     * still ran). Their outcomes are dropped.
     */
    void abandon() {
      abandoned.set(true);
      boolean interrupted = false;
      for (Future<TaskOutcome> f : futures) {
        while (true) {
          try {
            f.get();
            break;
          } catch (CancellationException | ExecutionException e) {
            break;
          } catch (InterruptedException e) {
            interrupted = true;
          }
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private Batch submit(TaskSource source, List<TaskRef> batch, Task task, BooleanSupplier stopping)
      throws SQLException {
    if (batch.isEmpty()) {
      return Batch.EMPTY;
    }
    if (stopping.getAsBoolean()) {
      throw new SQLException("the scheduler is closing", "08003");
    }
    source.beforeBatch();
    CompletionService<TaskOutcome> done = new ExecutorCompletionService<>(workers);
    List<Future<TaskOutcome>> futures = new ArrayList<>(batch.size());
    AtomicBoolean abandoned = new AtomicBoolean();
    for (TaskRef t : batch) {
      futures.add(
          done.submit(() -> abandoned.get() ? null : task.apply(t, registry.resolve(t.path()))));
    }
    return new Batch(futures, done, abandoned);
  }

  /** The outcome of a finished task (it never throws: failures are outcomes). */
  private static TaskOutcome take(Future<TaskOutcome> f) throws SQLException {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SQLException("interrupted while applying a migration", "HY008", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r; // an injected fault, or a bug worth surfacing as it is
      }
      throw new SQLException("a migration task crashed: " + e.getCause(), "XX000", e.getCause());
    }
  }
}
