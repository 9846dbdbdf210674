package dev.sharedschema.scheduler;

import java.util.List;

/**
 * A finished migration: its job and the schema database's result for each statement.
 *
 * @param jobId the job that applied it
 * @param statements one result per statement, in order
 */
public record MigrationResult(long jobId, List<StatementResult> statements) {
  public MigrationResult {
    statements = List.copyOf(statements);
  }
}
