package dev.sharedschema.scheduler;

import java.nio.file.Path;

/**
 * A linked database on which a job failed.
 *
 * @param database the file
 * @param state {@code DryRunFailure} or {@code RunFailure}
 * @param statement 1-based number of the failing statement, or 0 when the failure was not a
 *     statement's
 * @param error the SQLite error
 * @param resultCode SQLite's result code (extended where SQLite gave one), or 0
 */
public record TaskFailure(
    Path database, TaskState state, int statement, String error, int resultCode) {

  /** A failure without a result code. */
  public TaskFailure(Path database, TaskState state, int statement, String error) {
    this(database, state, statement, error, 0);
  }
}
