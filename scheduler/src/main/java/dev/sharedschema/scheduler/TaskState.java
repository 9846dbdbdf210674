package dev.sharedschema.scheduler;

import java.util.EnumSet;
import java.util.Set;

/** The state of one linked database within a job (names from libsql's shared schema). */
public enum TaskState {
  Enqueued,
  DryRunSuccess,
  DryRunFailure,
  /**
   * Picked for the real run; after a crash, a task in this state is run again (and skipped if
   * applied).
   */
  Run,
  RunSuccess,
  RunFailure;

  /** The states that record a failure, in either phase. */
  public static Set<TaskState> failed() {
    return EnumSet.of(DryRunFailure, RunFailure);
  }

  public Set<TaskState> next() {
    return switch (this) {
      case Enqueued -> EnumSet.of(DryRunSuccess, DryRunFailure);
      // A claimed task (scale-out, DESIGN.md §10) goes from its dry run straight to its run's
      // outcome: the claim's row lock marks it picked, where one machine moves it to Run first.
      case DryRunSuccess -> EnumSet.of(Run, RunSuccess, RunFailure);
      case Run -> EnumSet.of(RunSuccess, RunFailure);
      case RunFailure -> EnumSet.of(Run);
      // Only for a database that joined a job in its run phase and failed its dry run there: a
      // retry of the paused job checks it again.
      case DryRunFailure -> EnumSet.of(Enqueued);
      case RunSuccess -> EnumSet.noneOf(TaskState.class);
    };
  }

  /**
   * @throws IllegalStateException when {@code to} is not a move this state allows
   */
  public TaskState checkMove(TaskState to) {
    if (!next().contains(to)) {
      throw new IllegalStateException("task cannot move from " + this + " to " + to);
    }
    return to;
  }
}
