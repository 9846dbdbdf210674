package dev.sharedschema.scheduler.internal;

import dev.sharedschema.scheduler.JobRecord;
import dev.sharedschema.scheduler.JobState;
import dev.sharedschema.scheduler.Migration;
import dev.sharedschema.scheduler.Registry;
import dev.sharedschema.scheduler.TaskOutcome;
import dev.sharedschema.scheduler.TaskState;
import java.sql.SQLException;
import java.time.Clock;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Drives one job through its states (DESIGN.md §6): dry run on the schema database and every linked
 * database; then the run on every linked database; then the schema database last, atomically with
 * the job's {@code RunSuccess}. Each call to {@link #step} makes one move and records it, so a
 * crash at any point resumes from the registry.
 */
public final class JobStepper implements AutoCloseable {
  /**
   * Linked databases whose dry-run connection stays open for the run: two batches, so the run's
   * first batches skip their open; bounded so file handles and memory do not grow with the fleet.
   */
  private static final int CARRIED_CONNECTIONS = 512;

  private final Registry registry;
  private final PhaseRunner phases;
  private final TaskApplier tasks;
  private final SchemaStep schema;
  private final Clock clock;
  private final BiConsumer<Long, TaskOutcome> onTask;
  private final BiConsumer<Long, JobState> onState;
  private final CarriedConnections carried = new CarriedConnections(CARRIED_CONNECTIONS);
  private long carriedFor;

  public JobStepper(
      Registry registry,
      PhaseRunner phases,
      TaskApplier tasks,
      SchemaStep schema,
      Clock clock,
      BiConsumer<Long, TaskOutcome> onTask,
      BiConsumer<Long, JobState> onState) {
    this.registry = registry;
    this.phases = phases;
    this.tasks = tasks;
    this.schema = schema;
    this.clock = clock;
    this.onTask = onTask;
    this.onState = onState;
  }

  /**
   * Makes the next move of {@code job}; returns false when there is nothing to do (terminal or
   * paused).
   */
  public boolean step(JobRecord job) throws SQLException {
    try {
      return move(job);
    } catch (SQLException | RuntimeException | Error e) {
      carried.close(); // the next step may be another process's or a later attempt
      throw e;
    }
  }

  private boolean move(JobRecord job) throws SQLException {
    long id = job.id();
    CarriedConnections carry = carriedFor(id);
    Migration m = registry.migration(id);
    Consumer<TaskOutcome> progress = o -> onTask.accept(id, o);
    switch (job.state()) {
      case WaitingDryRun -> {
        SchemaDryRun schemaRun = schemaDryRun(m);
        String schemaError = schemaRun.error();
        String proof = schemaRun.checkedAgainst();
        FaultPoints.at("schema dry run");
        phases.run(id, TaskState.Enqueued, (s, p) -> tasks.dryRun(s, p, m, carry, proof), progress);
        // Count from the registry, not from this pass: a process that died earlier may have
        // recorded failures this pass never saw.
        int failed = failedTasks(id);
        if (schemaError != null || failed > 0) {
          carry.close();
          move(
              id, JobState.WaitingDryRun, JobState.DryRunFailure, dryRunError(failed, schemaError));
        } else {
          move(id, JobState.WaitingDryRun, JobState.DryRunSuccess, null);
        }
      }
      case DryRunSuccess -> {
        registry.moveTasks(id, TaskState.DryRunSuccess, TaskState.Run, clock.millis());
        FaultPoints.at("tasks moved to Run");
        move(id, JobState.DryRunSuccess, JobState.WaitingRun, null);
      }
      case WaitingRun -> {
        try {
          runPhase(id, m, progress, carry);
        } finally {
          carry.close();
        }
      }
      case RunFailure, RunSuccess, DryRunFailure -> {
        carry.close();
        return false;
      }
    }
    return true;
  }

  private void runPhase(
      long id, Migration m, Consumer<TaskOutcome> progress, CarriedConnections carry)
      throws SQLException {
    // Databases linked while the job ran join here: dry run first, like everyone else.
    phases.run(id, TaskState.Enqueued, (s, p) -> tasks.dryRun(s, p, m, carry, null), progress);
    registry.moveTasks(id, TaskState.DryRunSuccess, TaskState.Run, clock.millis());
    phases.run(id, TaskState.Run, (s, p) -> tasks.run(s, p, id, m, carry), progress);
    carry.close(); // before the schema step: no tenant handle outlives the tenants' phase
    int failed = failedTasks(id);
    if (failed > 0) {
      move(
          id,
          JobState.WaitingRun,
          JobState.RunFailure,
          failed + (failed == 1 ? " database" : " databases") + " failed the run");
      return;
    }
    try {
      if (schema.finish(id, m) == SchemaStep.Finish.DONE) {
        onState.accept(id, JobState.RunSuccess);
      }
    } catch (StatementFailedException e) {
      move(
          id,
          JobState.WaitingRun,
          JobState.RunFailure,
          "the schema database "
              + registry.schemaDatabase()
              + " failed its final step at "
              + e.getMessage());
    } catch (SQLException e) {
      move(
          id,
          JobState.WaitingRun,
          JobState.RunFailure,
          "the schema database "
              + registry.schemaDatabase()
              + " failed its final step: "
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
  private SchemaDryRun schemaDryRun(Migration m) {
    try {
      return new SchemaDryRun(null, schema.dryRun(m));
    } catch (SQLException e) {
      return new SchemaDryRun(
          "the schema database " + registry.schemaDatabase() + " failed at " + e.getMessage(),
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

  /** Closes connections still carried between a job's phases (the scheduler is closing). */
  @Override
  public void close() {
    carried.close();
  }

  /** Tasks of the job recorded as failed in either phase, whoever recorded them. */
  private int failedTasks(long id) throws SQLException {
    var counts = registry.taskCounts(id);
    return counts.getOrDefault(TaskState.DryRunFailure, 0)
        + counts.getOrDefault(TaskState.RunFailure, 0);
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

  private void move(long id, JobState from, JobState to, String error) throws SQLException {
    if (registry.moveJob(id, from, to, error, clock.millis())) {
      FaultPoints.at("job moved to " + to);
      onState.accept(id, to);
    }
  }
}
