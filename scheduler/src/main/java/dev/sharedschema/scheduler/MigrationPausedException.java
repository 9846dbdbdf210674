package dev.sharedschema.scheduler;

import java.sql.SQLException;
import java.util.List;

/**
 * A migration passed its dry run everywhere but failed while being applied to some databases
 * (SQLState {@code 40003}). The job is paused in {@code RunFailure}: databases that succeeded keep
 * the change, the schema database does not have it yet, and later jobs wait. Fix the named
 * databases and {@code retry} the job, or {@code unlink} them; either lets the job finish.
 */
public final class MigrationPausedException extends SQLException {
  private static final long serialVersionUID = 1L;
  private final long jobId;
  private final transient List<TaskFailure> failures;

  public MigrationPausedException(String message, long jobId, List<TaskFailure> failures) {
    this(message, jobId, failures, 0);
  }

  /** With SQLite's result code of the first failure as the vendor code. */
  public MigrationPausedException(
      String message, long jobId, List<TaskFailure> failures, int vendorCode) {
    super(message, "40003", vendorCode);
    this.jobId = jobId;
    this.failures = List.copyOf(failures);
  }

  public long jobId() {
    return jobId;
  }

  public List<TaskFailure> failures() {
    return failures;
  }
}
