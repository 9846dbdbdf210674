package dev.sharedschema.scheduler;

import java.sql.SQLTimeoutException;

/** The writer stopped waiting ({@code shared_schema_timeout}); the job goes on without it. */
public final class MigrationTimeoutException extends SQLTimeoutException {
  private static final long serialVersionUID = 1L;
  private final long jobId;

  public MigrationTimeoutException(String message, long jobId) {
    super(message, "HYT00");
    this.jobId = jobId;
  }

  public long jobId() {
    return jobId;
  }
}
