package dev.sharedschema.scheduler.internal.registry;

import dev.sharedschema.scheduler.JobState;
import dev.sharedschema.scheduler.TaskState;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The state sets registry SQL filters on, written from the enums that define them, so no state name
 * is retyped as a literal in a query.
 */
public final class StateSets {
  /** {@code ('RunSuccess', 'DryRunFailure')}. */
  public static final String TERMINAL_JOBS = in(JobState.terminal());

  /** Every job state but the terminal ones. */
  public static final String UNFINISHED_JOBS = in(JobState.unfinished());

  /** {@code ('DryRunFailure', 'RunFailure')}. */
  public static final String FAILED_TASKS = in(TaskState.failed());

  private StateSets() {}

  /** An SQL list of the names of {@code states}, e.g. {@code ('A', 'B')}. */
  public static String in(Set<? extends Enum<?>> states) {
    return states.stream()
        .map(s -> "'" + s.name() + "'")
        .sorted()
        .collect(Collectors.joining(", ", "(", ")"));
  }
}
