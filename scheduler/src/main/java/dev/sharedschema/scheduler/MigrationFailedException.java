package dev.sharedschema.scheduler;

import java.sql.SQLException;
import java.util.List;

/**
 * A migration failed its dry run (SQLState {@code 40000}): nothing was applied anywhere. The
 * message names the job, and for each failing database (first five, then a count) its file, the
 * failing statement and the SQLite error.
 */
public final class MigrationFailedException extends SQLException {
  private static final long serialVersionUID = 1L;
  private final long jobId;
  private final transient List<TaskFailure> failures;

  public MigrationFailedException(
      String message, long jobId, List<TaskFailure> failures, int vendorCode, Throwable cause) {
    super(message, "40000", vendorCode, cause);
    this.jobId = jobId;
    this.failures = List.copyOf(failures);
  }

  /** The job, or 0 when the migration failed on the schema database before a job was recorded. */
  public long jobId() {
    return jobId;
  }

  /** The failing databases the message lists (at most five). */
  public List<TaskFailure> failures() {
    return failures;
  }
}
