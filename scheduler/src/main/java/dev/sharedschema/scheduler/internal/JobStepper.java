package dev.sharedschema.scheduler.internal;

import dev.sharedschema.scheduler.FaultHooks;
import dev.sharedschema.scheduler.Fence;
import dev.sharedschema.scheduler.FinalStep;
import dev.sharedschema.scheduler.JobRecord;
import dev.sharedschema.scheduler.JobState;
import dev.sharedschema.scheduler.LeaseLostException;
import dev.sharedschema.scheduler.Migration;
import dev.sharedschema.scheduler.Registry;
import dev.sharedschema.scheduler.TaskOutcome;
import dev.sharedschema.scheduler.TaskState;
import java.sql.SQLException;
import java.time.Clock;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Drives one job through its states (DESIGN.md §6): dry run on the schema database and every linked
 * database; then the run on every linked database; then the schema database last, atomically with
 * the job's {@code RunSuccess}. Each call to {@link #step} makes one move and records it under the
 * stepper's fence, so a crash at any point resumes from the registry, and a stepper that lost its
 * lease changes nothing.
 */
public final class JobStepper implements Stepper {
  /** How often an idle stepper looks for jobs submitted by other JVMs. */
  private static final long IDLE_POLL_MS = 250;

  private final Registry registry;
  private final PhaseRunner phases;
  private final TaskApplier tasks;
  private final SchemaStep schema;
  private final Clock clock;
  private final FaultHooks faults;
  private final BiConsumer<Long, TaskOutcome> onTask;
  private final BiConsumer<Long, JobState> onState;
  private final CarriedConnections carried = CarriedConnections.forThisProcess();
  private long carriedFor;

  public JobStepper(
      Registry registry,
      PhaseRunner phases,
      TaskApplier tasks,
      SchemaStep schema,
      Clock clock,
      FaultHooks faults,
      BiConsumer<Long, TaskOutcome> onTask,
      BiConsumer<Long, JobState> onState) {
    this.registry = registry;
    this.phases = phases;
    this.tasks = tasks;
    this.schema = schema;
    this.clock = clock;
    this.faults = faults;
    this.onTask = onTask;
    this.onState = onState;
  }

  /**
   * Makes the next move of {@code job} as the holder of {@code fence}; returns false when there is
   * nothing to do (terminal or paused).
   *
   * @param stopping true once the scheduler is closing: no new batch is started
   * @throws LeaseLostException the fence no longer holds the lease; nothing was recorded
   */
  @Override
  public boolean step(JobRecord job, Fence fence, BooleanSupplier stopping) throws SQLException {
    try {
      return move(job, fence, stopping);
    } catch (SQLException | RuntimeException | Error e) {
      carried.close(); // the next step may be another process's or a later attempt
      throw e;
    }
  }

  private boolean move(JobRecord job, Fence fence, BooleanSupplier stopping) throws SQLException {
    long id = job.id();
    CarriedConnections carry = carriedFor(id);
    if (job.state().isTerminal() || job.state() == JobState.RunFailure) {
      carry.close();
      return false;
    }
    Migration m = registry.migration(id);
    TaskApplier.Job j = new TaskApplier.Job(id, job.token(), m, registry.history());
    Consumer<TaskOutcome> progress = o -> onTask.accept(id, o);
    switch (job.state()) {
      case WaitingDryRun -> {
        SchemaDryRun schemaRun = schemaDryRun(id, m);
        faults.at("schema dry run");
        String proof = schemaRun.checkedAgainst();
        carry.expect(registry.taskCounts(id).getOrDefault(TaskState.Enqueued, 0));
        PhaseRunner.Phase dry =
            phases.run(
                fence,
                id,
                TaskState.Enqueued,
                (t, p) -> tasks.dryRun(t, TaskState.Enqueued, p, j, carry, proof),
                progress,
                stopping,
                true);
        faults.at("before recording");
        // The last batch is recorded with the job's move, in one registry transaction. Failures
        // are counted in the registry, not in this pass: a process that died earlier may have
        // recorded failures this pass never saw.
        JobState now =
            registry.endDryRun(
                fence,
                id,
                dry.held(),
                schemaRun.error() != null,
                failed -> dryRunError(failed, schemaRun.error()),
                clock.millis());
        if (now == JobState.DryRunFailure) {
          carry.close();
          moved(id, JobState.DryRunFailure);
        } else {
          moved(id, JobState.DryRunSuccess);
          moved(id, JobState.WaitingRun);
        }
      }
      case DryRunSuccess -> {
        registry.moveTasks(fence, id, TaskState.DryRunSuccess, TaskState.Run, clock.millis());
        faults.at("tasks moved to Run");
        move(fence, id, JobState.DryRunSuccess, JobState.WaitingRun, null);
      }
      case WaitingRun -> {
        try {
          runPhase(fence, j, progress, carry, stopping);
        } finally {
          carry.close();
        }
      }
      default -> throw new IllegalStateException("unexpected job state " + job.state());
    }
    return true;
  }

  private void runPhase(
      Fence fence,
      TaskApplier.Job j,
      Consumer<TaskOutcome> progress,
      CarriedConnections carry,
      BooleanSupplier stopping)
      throws SQLException {
    long id = j.id();
    // Databases linked while the job ran join here: dry run first, like everyone else.
    phases.run(
        fence,
        id,
        TaskState.Enqueued,
        (t, p) -> tasks.dryRun(t, TaskState.Enqueued, p, j, carry, null),
        progress,
        stopping);
    registry.moveTasks(fence, id, TaskState.DryRunSuccess, TaskState.Run, clock.millis());
    PhaseRunner.Phase run =
        phases.run(
            fence,
            id,
            TaskState.Run,
            (t, p) -> tasks.run(t, TaskState.Run, p, j, carry),
            progress,
            stopping,
            true);
    carry.close(); // before the schema step: no tenant handle outlives the tenants' phase
    faults.at("before recording");
    int failed = failedTasks(id) + (int) run.held().stream().filter(TaskOutcome::failed).count();
    if (failed > 0) {
      registry.record(fence, id, run.held(), clock.millis());
      move(
          fence,
          id,
          JobState.WaitingRun,
          JobState.RunFailure,
          failed + (failed == 1 ? " database" : " databases") + " failed the run");
      return;
    }
    try {
      // The run's last batch is recorded in the final step's own transaction.
      FinalStep.Outcome done =
          registry.finish(
              fence, id, run.held(), SchemaStep.finalStep(j.migration()), clock.millis());
      if (done == FinalStep.Outcome.DONE) {
        onState.accept(id, JobState.RunSuccess);
      }
    } catch (LeaseLostException e) {
      throw e;
    } catch (SQLException e) {
      registry.record(fence, id, run.held(), clock.millis()); // the tenants have it
      move(
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

  /**
   * What the schema database's dry run found: an error, or (for a schema-determined migration) the
   * schema it passed on.
   */
  private record SchemaDryRun(String error, String checkedAgainst) {}

  /**
   * The job's own check of the schema database, at the head of the queue, after earlier jobs
   * applied.
   */
  private SchemaDryRun schemaDryRun(long id, Migration m) {
    try {
      return new SchemaDryRun(null, schema.dryRunFor(id, m));
    } catch (SQLException e) {
      return new SchemaDryRun(
          "the schema database "
              + registry.schemaDatabase()
              + (e instanceof StatementFailedException ? " failed at " : " failed: ")
              + e.getMessage(),
          null);
    }
  }

  /** The connections carried for job {@code id}; those of any other job are closed first. */
  private CarriedConnections carriedFor(long id) {
    if (carriedFor != id) {
      carried.close();
      carriedFor = id;
    }
    return carried;
  }

  @Override
  public long pauseMillis() {
    return IDLE_POLL_MS;
  }

  /** Closes connections still carried between a job's phases (the scheduler is closing). */
  @Override
  public void close() {
    carried.close();
  }

  /** Tasks of the job recorded as failed in either phase, whoever recorded them. */
  private int failedTasks(long id) throws SQLException {
    var counts = registry.taskCounts(id);
    int failed = 0;
    for (TaskState s : TaskState.failed()) {
      failed += counts.getOrDefault(s, 0);
    }
    return failed;
  }

  private static String dryRunError(int failed, String schemaError) {
    String linked =
        failed == 0
            ? null
            : failed
                + (failed == 1 ? " linked database" : " linked databases")
                + " failed the dry run";
    if (schemaError == null) {
      return linked;
    }
    return linked == null ? schemaError : schemaError + "; " + linked;
  }

  private void move(Fence fence, long id, JobState from, JobState to, String error)
      throws SQLException {
    if (registry.moveJob(fence, id, from, to, error, clock.millis())) {
      moved(id, to);
    }
  }

  private void moved(long id, JobState to) {
    faults.at("job moved to " + to);
    onState.accept(id, to);
  }
}
