package dev.sharedschema.scheduler;

/**
 * Progress events of a scheduler, for progress bars and metrics. Called on scheduler threads:
 * return quickly and do not throw (a throwing listener is logged and ignored).
 */
public interface MigrationListener {
  default void jobSubmitted(long jobId, int tasks) {}

  /** A task finished a phase (dry run or run) on one linked database. */
  default void taskDone(long jobId, TaskOutcome outcome) {}

  /** The job moved to {@code state}. */
  default void jobState(long jobId, JobState state) {}
}
