package dev.sharedschema.scheduler;

/**
 * What happened to one linked database in one phase.
 *
 * @param task the task, with the link generation it was computed for
 * @param from the state the task was in when the work started; the outcome is recorded only over
 *     that state
 * @param state the task's new state
 * @param statement 1-based number of the failing statement, or 0
 * @param error the error, or {@code null}
 * @param resultCode SQLite's result code of the failure, or 0
 */
public record TaskOutcome(
    TaskRef task, TaskState from, TaskState state, int statement, String error, int resultCode) {

  /** The database as stored in the registry. */
  public String path() {
    return task.path();
  }

  /** True for {@code DryRunFailure} and {@code RunFailure}. */
  public boolean failed() {
    return state == TaskState.DryRunFailure || state == TaskState.RunFailure;
  }
}
