package dev.sharedschema.scheduler.internal;

import dev.sharedschema.scheduler.Registry;
import dev.sharedschema.scheduler.TaskOutcome;
import dev.sharedschema.scheduler.TaskState;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * Runs one phase of a job over its tasks: reads a batch of tasks in a state from the registry,
 * applies them on the worker pool, records the batch's outcomes in one registry transaction, and
 * goes on after the batch's last path. Memory is bounded by the batch size whatever the fleet's
 * size.
 */
public final class PhaseRunner {
  private final Registry registry;
  private final ExecutorService workers;
  private final int batchSize;
  private final java.time.Clock clock;

  public PhaseRunner(
      Registry registry, ExecutorService workers, int batchSize, java.time.Clock clock) {
    this.registry = registry;
    this.workers = workers;
    this.batchSize = batchSize;
    this.clock = clock;
  }

  /**
   * Applies {@code task} to every task of {@code jobId} in {@code state}; returns how many failed.
   * The next batch is read and queued before the current one is awaited, so workers never idle at a
   * batch boundary waiting for its slowest database, and the registry write of one batch overlaps
   * the work of the next. At most two batches are held at a time.
   *
   * @param task (stored path, absolute path) → outcome; must not throw
   * @param onOutcome called for each outcome, for progress listeners
   */
  public int run(
      long jobId,
      TaskState state,
      BiFunction<String, java.nio.file.Path, TaskOutcome> task,
      Consumer<TaskOutcome> onOutcome)
      throws SQLException {
    int failed = 0;
    List<String> batch = registry.tasks(jobId, state, "", batchSize);
    CompletionService<TaskOutcome> running = submit(batch, task);
    while (!batch.isEmpty()) {
      List<String> next = registry.tasks(jobId, state, batch.get(batch.size() - 1), batchSize);
      CompletionService<TaskOutcome> queued = submit(next, task);
      List<TaskOutcome> outcomes = new ArrayList<>(batch.size());
      for (int i = 0; i < batch.size(); i++) {
        TaskOutcome o = take(running);
        outcomes.add(o);
        if (o.state() == TaskState.DryRunFailure || o.state() == TaskState.RunFailure) {
          failed++;
        }
        onOutcome.accept(o);
      }
      registry.record(jobId, outcomes, clock.millis());
      FaultPoints.at("batch recorded");
      batch = next;
      running = queued;
    }
    return failed;
  }

  private CompletionService<TaskOutcome> submit(
      List<String> batch, BiFunction<String, java.nio.file.Path, TaskOutcome> task) {
    CompletionService<TaskOutcome> done = new ExecutorCompletionService<>(workers);
    for (String path : batch) {
      done.submit(() -> task.apply(path, registry.resolve(path)));
    }
    return done;
  }

  private static TaskOutcome take(CompletionService<TaskOutcome> done) throws SQLException {
    try {
      return done.take().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SQLException("interrupted while applying a migration", "HY008", e);
    } catch (ExecutionException e) {
      // TaskApplier turns every failure into an outcome; reaching here is a bug worth surfacing.
      throw new SQLException("a migration task crashed: " + e.getCause(), "XX000", e.getCause());
    }
  }
}
