package dev.sharedschema.cli;

import dev.sharedschema.driver.JobSummary;
import dev.sharedschema.driver.SharedSchema;
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
 * Where each linked database stands in the unfinished job at the head of the queue, if there is one.
 * {@link SharedSchema} has no call for a task's state per database, so this reads the registry of the
 * scheduler that {@code SharedSchema.open} started (the JVM shares one per schema database).
 */
final class LinkStates {
  private static final int PAGE = 1000;

  private LinkStates() {}

  /** The oldest job that is not terminal, i.e. the one the queue works on or is paused at. */
  static Optional<JobSummary> headOfQueue(SharedSchema s) throws SQLException {
    List<JobSummary> jobs = s.jobs();
    for (int i = jobs.size() - 1; i >= 0; i--) {
      if (!jobs.get(i).state().isTerminal()) {
        return Optional.of(jobs.get(i));
      }
    }
    return Optional.empty();
  }

  /** Task state of every database in job {@code jobId}. */
  static Map<Path, TaskState> of(SharedSchema s, long jobId) throws SQLException {
    Map<Path, TaskState> states = new HashMap<>();
    Scheduler scheduler = Scheduler.acquire(s.schemaDatabase(), SchedulerOptions.DEFAULTS);
    try {
      Registry r = scheduler.registry();
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
    } finally {
      scheduler.release();
    }
    return states;
  }
}
