package dev.sharedschema.scheduler.internal;

import java.sql.SQLException;

/**
 * A job a database missed failed when it was being caught up there: the database keeps what it had
 * (that job's transaction rolled back), and the message says which job and statement failed.
 */
public final class CatchUpFailedException extends SQLException {
  private static final long serialVersionUID = 1L;
  private final long jobId;

  CatchUpFailedException(long jobId, SQLException cause) {
    super(
        "catching up job "
            + jobId
            + ", which it missed (it was unlinked, restored from a backup or copied meanwhile),"
            + " failed at "
            + cause.getMessage(),
        cause.getSQLState(),
        cause.getErrorCode(),
        cause);
    this.jobId = jobId;
  }

  /** The missed job that failed. */
  public long jobId() {
    return jobId;
  }
}
