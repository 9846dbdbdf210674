package dev.sharedschema.cli;

import dev.sharedschema.driver.JobSummary;
import dev.sharedschema.driver.SharedSchema;
import dev.sharedschema.scheduler.Linker;
import dev.sharedschema.scheduler.Registry;
import dev.sharedschema.scheduler.Scheduler;
import dev.sharedschema.scheduler.SchedulerOptions;
import dev.sharedschema.scheduler.TaskState;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the CLI needs beyond {@link SharedSchema}: linking many new databases in one go, and each
 * database's task state in a job. Both go through the registry of the scheduler that
 * {@code SharedSchema.open} started (the JVM shares one scheduler per schema database, so this is
 * the same registry, not a second connection to it).
 */
final class FleetRegistry implements AutoCloseable {
  private static final int PAGE = 1000;

  private final Scheduler scheduler;

  FleetRegistry(SharedSchema schema) throws SQLException {
    this.scheduler = Scheduler.acquire(schema.schemaDatabase(), SchedulerOptions.DEFAULTS);
  }

  /**
   * Links {@code databases} as {@link SharedSchema#link} does each one, but creates the missing ones
   * under one hold of the schema database's lock and one registry commit.
   */
  void linkAll(List<Path> databases) throws SQLException {
    new Linker(scheduler.registry(), scheduler.options().clock()).linkAll(databases);
  }

  /** The oldest job that is not terminal: the one the queue works on, or is paused at. */
  static Optional<JobSummary> headOfQueue(SharedSchema s) throws SQLException {
    List<JobSummary> jobs = s.jobs();
    for (int i = jobs.size() - 1; i >= 0; i--) {
      if (!jobs.get(i).state().isTerminal()) {
        return Optional.of(jobs.get(i));
      }
    }
    return Optional.empty();
  }

  /** The task state of every database in job {@code jobId}. */
  Map<Path, TaskState> taskStates(long jobId) throws SQLException {
    Registry r = scheduler.registry();
    Map<Path, TaskState> states = new HashMap<>();
    for (TaskState state : TaskState.values()) {
      String after = "";
      while (true) {
        List<String> page = r.tasks(jobId, state, after, PAGE);
        for (String stored : page) {
          states.put(r.resolve(stored), state);
        }
        if (page.size() < PAGE) {
          break;
        }
        after = page.get(page.size() - 1);
      }
    }
    return states;
  }

  @Override
  public void close() {
    scheduler.release();
  }
}
