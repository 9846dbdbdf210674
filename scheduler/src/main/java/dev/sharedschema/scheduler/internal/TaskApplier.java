package dev.sharedschema.scheduler.internal;

import dev.sharedschema.scheduler.Migration;
import dev.sharedschema.scheduler.TaskOutcome;
import dev.sharedschema.scheduler.TaskState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;

/**
 * Applies one job to one linked database (DESIGN.md §6 rule 2). Dry run: begin, apply, roll back —
 * nothing durable. Run: begin, skip if {@code _sharedschema_applied} already says {@code
 * RunSuccess} for this job, else apply and record it in the same transaction, commit. So a task is
 * applied exactly once even when its outcome never reached the registry.
 *
 * <p>Both begin {@code EXCLUSIVE}, not {@code IMMEDIATE}: while a task held only the RESERVED lock,
 * the application's transactions on that database could still read, and SQLite fails a
 * transaction's first write at once with SQLITE_BUSY (its busy timeout does not apply) when it
 * already read and another connection holds RESERVED — the usual "load, then update" transaction
 * failed whenever it met a migration. Holding the file exclusively makes its first read wait within
 * its busy timeout instead. (In WAL mode EXCLUSIVE acts as IMMEDIATE: readers are never blocked.)
 */
public final class TaskApplier {
  private final String registryId;
  private final Path schemaDatabase;
  private final Clock clock;
  private final BusyRetry retry;

  public TaskApplier(String registryId, Path schemaDatabase, Clock clock, BusyRetry retry) {
    this.registryId = registryId;
    this.schemaDatabase = schemaDatabase;
    this.clock = clock;
    this.retry = retry;
  }

  public TaskOutcome dryRun(String stored, Path db, Migration m) {
    return attempt(
        stored,
        db,
        TaskState.DryRunSuccess,
        TaskState.DryRunFailure,
        c -> {
          requireLinked(c, db, 0);
          MigrationApplier.setSessionPragmas(c, m);
          try (Statement st = c.createStatement()) {
            st.execute("BEGIN EXCLUSIVE");
            try {
              MigrationApplier.apply(c, m);
            } finally {
              st.execute("ROLLBACK");
            }
          }
        });
  }

  public TaskOutcome run(String stored, Path db, long jobId, Migration m) {
    return attempt(
        stored,
        db,
        TaskState.RunSuccess,
        TaskState.RunFailure,
        c -> {
          MigrationApplier.setSessionPragmas(c, m);
          Transactions.exclusive(
              c,
              () -> {
                if (!requireLinked(c, db, jobId)) {
                  MigrationApplier.apply(c, m);
                  recordApplied(c, db, jobId);
                }
                return null;
              });
          FaultPoints.at("task committed");
        });
  }

  private interface Step {
    void apply(Connection c) throws SQLException;
  }

  private TaskOutcome attempt(
      String stored, Path db, TaskState success, TaskState failure, Step step) {
    if (!Files.isRegularFile(db)) {
      return new TaskOutcome(stored, failure, 0, "database file " + db + " does not exist");
    }
    try {
      retry.run(
          () -> {
            try (Connection c = SqliteFiles.openExisting(db)) {
              step.apply(c);
            }
            return null;
          });
      return new TaskOutcome(stored, success, 0, null);
    } catch (StatementFailedException e) {
      return new TaskOutcome(stored, failure, e.statement(), e.getCause().getMessage());
    } catch (SQLException e) {
      return new TaskOutcome(stored, failure, 0, e.getMessage());
    } catch (FaultPoints.FaultInjected e) {
      throw e;
    } catch (RuntimeException e) {
      return new TaskOutcome(stored, failure, 0, e.toString());
    }
  }

  /**
   * Checks, in one query, that the file is still linked to this registry (a file replaced by a
   * foreign one must not be migrated as if it were ours) and whether job {@code jobId} is already
   * applied there. Returns true when it is.
   */
  private boolean requireLinked(Connection c, Path db, long jobId) throws SQLException {
    boolean linked = false;
    boolean applied = false;
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT job_id FROM main._sharedschema_applied WHERE registry_id = ?"
                + " AND (job_id = 0 OR (job_id = ? AND state = 'RunSuccess'))")) {
      ps.setString(1, registryId);
      ps.setLong(2, jobId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          long id = rs.getLong(1);
          linked |= id == 0;
          applied |= id == jobId && jobId != 0;
        }
      }
    } catch (SQLException e) {
      if (BusyRetry.isBusy(e)) {
        throw e;
      }
      throw notLinked(db);
    }
    if (!linked) {
      throw notLinked(db);
    }
    return applied;
  }

  private SQLException notLinked(Path db) {
    return new SQLException(
        db
            + " is not linked to "
            + schemaDatabase
            + " (its _sharedschema_applied is missing or names"
            + " another registry); unlink it, or restore the linked file");
  }

  private void recordApplied(Connection c, Path db, long jobId) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO main._sharedschema_applied(registry_id, job_id, state, error, applied_at, schema_db)"
                + " VALUES (?, ?, 'RunSuccess', NULL, ?, ?)")) {
      ps.setString(1, registryId);
      ps.setLong(2, jobId);
      ps.setLong(3, clock.millis());
      ps.setString(4, SqliteFiles.portablePath(db.getParent(), schemaDatabase));
      ps.executeUpdate();
    }
  }
}
