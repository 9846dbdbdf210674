package dev.sharedschema.scheduler;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * The schema database's part of a job's last step, which the registry runs in the same transaction
 * as the job's {@code RunSuccess} (DESIGN.md §7).
 */
public interface FinalStep {
  /** What the registry found. */
  enum Outcome {
    /** Applied, and the job is {@code RunSuccess}. */
    DONE,
    /**
     * The job was no longer in {@code WaitingRun} (another stepper finished it): nothing applied.
     */
    ALREADY_FINISHED,
    /** A database linked meanwhile still needs the job: nothing applied; run its task first. */
    TASKS_PENDING
  }

  /** Called on the schema database's connection before the transaction (session pragmas). */
  void prepare(Connection schemaDatabase) throws SQLException;

  /** Applies the migration inside the transaction and returns each statement's result. */
  List<StatementResult> apply(Connection schemaDatabase) throws SQLException;
}
