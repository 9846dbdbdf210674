package dev.sharedschema.scheduler.internal.registry;

import dev.sharedschema.scheduler.Fence;
import dev.sharedschema.scheduler.FinalStep;
import dev.sharedschema.scheduler.JobState;
import dev.sharedschema.scheduler.SchemaFingerprint;
import dev.sharedschema.scheduler.StatementResult;
import dev.sharedschema.scheduler.TaskOutcome;
import dev.sharedschema.scheduler.TaskState;
import dev.sharedschema.scheduler.internal.Codec;
import dev.sharedschema.scheduler.internal.RollbackJournal;
import dev.sharedschema.scheduler.internal.SqliteFiles;
import dev.sharedschema.scheduler.internal.Transactions;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * A job's last step (DESIGN.md §6 rule 3, §7): on a connection to the schema database with the
 * registry attached, one transaction checks the fence and that every task succeeded, applies the
 * migration, records the schema database's new schema and flips the job to {@code RunSuccess} —
 * SQLite's multi-file commit makes the schema change and the job state one durable step. The
 * rollback-journal rule is checked inside that transaction, since only then is it sure to hold.
 */
final class SqliteFinalStep {
  /** The alias of the registry on the schema connection; user SQL may never name it. */
  static final String ALIAS = "_sharedschema_registry";

  private final Path schemaDatabase;
  private final Path registryFile;
  private final Runnable insideHook;

  SqliteFinalStep(Path schemaDatabase, Path registryFile, Runnable insideHook) {
    this.schemaDatabase = schemaDatabase;
    this.registryFile = registryFile;
    this.insideHook = insideHook;
  }

  FinalStep.Outcome run(Fence fence, long jobId, List<TaskOutcome> last, FinalStep step, long now)
      throws SQLException {
    try (Connection c = SqliteFiles.openExisting(schemaDatabase)) {
      try (PreparedStatement attach = c.prepareStatement("ATTACH DATABASE ? AS " + ALIAS)) {
        attach.setString(1, registryFile.toString());
        attach.execute();
      }
      step.prepare(c);
      FinalStep.Outcome outcome = attempt(c, fence, jobId, last, step, now);
      if (outcome == null) {
        // Found in WAL: switched back outside the transaction, then once more.
        RollbackJournal.restore(c, "main", schemaDatabase);
        RollbackJournal.restore(c, ALIAS, registryFile);
        outcome = attempt(c, fence, jobId, last, step, now);
      }
      if (outcome == null) {
        throw new SQLException(
            schemaDatabase + " went back into WAL mode during the final step", "0A000");
      }
      return outcome;
    }
  }

  /** One try; null when a file was found outside a rollback-journal mode. */
  private FinalStep.Outcome attempt(
      Connection c, Fence fence, long jobId, List<TaskOutcome> last, FinalStep step, long now)
      throws SQLException {
    return Transactions.immediate(
        c,
        () -> {
          if (!RollbackJournal.isKept(c, "main") || !RollbackJournal.isKept(c, ALIAS)) {
            return null;
          }
          SqliteLease.require(c, ALIAS, fence, "final step of job " + jobId);
          SqliteJobs.record(c, ALIAS, jobId, last, now);
          if (!inState(c, jobId, JobState.WaitingRun)) {
            return FinalStep.Outcome.ALREADY_FINISHED;
          }
          if (pendingTasks(c, jobId)) {
            return FinalStep.Outcome.TASKS_PENDING;
          }
          List<StatementResult> results = step.apply(c);
          String schema = SchemaFingerprint.read(c).encode();
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE "
                      + ALIAS
                      + "._sharedschema_jobs SET state = ?, error = NULL, result = ?,"
                      + " finished_at = ?, schema_after = ? WHERE id = ? AND state = ?")) {
            ps.setString(1, JobState.WaitingRun.checkMove(JobState.RunSuccess).name());
            ps.setBytes(2, Codec.encode(results));
            ps.setLong(3, now);
            ps.setString(4, schema);
            ps.setLong(5, jobId);
            ps.setString(6, JobState.WaitingRun.name());
            ps.executeUpdate();
          }
          insideHook.run();
          return FinalStep.Outcome.DONE;
        });
  }

  private static boolean inState(Connection c, long jobId, JobState state) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT 1 FROM " + ALIAS + "._sharedschema_jobs WHERE id = ? AND state = ?")) {
      ps.setLong(1, jobId);
      ps.setString(2, state.name());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  private static boolean pendingTasks(Connection c, long jobId) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT 1 FROM "
                + ALIAS
                + "._sharedschema_tasks WHERE job_id = ? AND state <> ? LIMIT 1")) {
      ps.setLong(1, jobId);
      ps.setString(2, TaskState.RunSuccess.name());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }
}
