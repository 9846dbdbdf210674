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

  /**
   * Dry run of {@code m} on {@code db}. On success the connection is offered to {@code carry} for
   * the run, so the database is opened once per migration when there is room.
   *
   * @param proof the {@linkplain SchemaText schema text} the schema database passed this
   *     (schema-determined) migration's dry run on, or null: a database with exactly that schema,
   *     whose file and directory are writable and whose write lock can be taken, passes without
   *     applying and rolling back (the outcome of a schema-determined migration is the same on
   *     identical schemas); any other database, or any doubt, gets the full dry run
   */
  public TaskOutcome dryRun(
      String stored, Path db, Migration m, CarriedConnections carry, String proof) {
    return attempt(
        stored,
        db,
        TaskState.DryRunSuccess,
        TaskState.DryRunFailure,
        null,
        carry,
        c -> {
          if (proof != null && provenBy(proof, c, db)) {
            return;
          }
          requireLinked(c, db, 0);
          MigrationApplier.setSessionPragmas(c, m);
          try (Statement st = c.createStatement()) {
            st.execute("BEGIN EXCLUSIVE");
            try {
              MigrationApplier.applyToLinked(c, m);
            } finally {
              st.execute("ROLLBACK");
            }
          }
        });
  }

  /**
   * True when {@code db} is linked here, has exactly the schema text {@code proof} and could be
   * written now: file and directory writable (the run creates a journal beside it), write lock
   * obtainable. The link and the schema are read in one statement. A busy lock is thrown for the
   * retry; every other doubt answers false, and the full dry run then names the actual problem.
   */
  private boolean provenBy(String proof, Connection c, Path db) throws SQLException {
    if (!Files.isWritable(db) || !Files.isWritable(db.toAbsolutePath().getParent())) {
      return false;
    }
    try {
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT EXISTS (SELECT 1 FROM main._sharedschema_applied"
                  + " WHERE registry_id = ? AND job_id = 0), "
                  + SchemaText.OF_MAIN)) {
        ps.setString(1, registryId);
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next() || !rs.getBoolean(1) || !proof.equals(rs.getString(2))) {
            return false;
          }
        }
      }
      try (Statement st = c.createStatement()) {
        st.execute("BEGIN EXCLUSIVE"); // the lock the run will take
        st.execute("ROLLBACK");
      }
      return true;
    } catch (SQLException e) {
      if (BusyRetry.isBusy(e)) {
        throw e;
      }
      Transactions.rollbackQuietly(c);
      return false;
    }
  }

  /** Run of job {@code jobId} on {@code db}, on the dry run's connection when it was carried. */
  public TaskOutcome run(
      String stored, Path db, long jobId, Migration m, CarriedConnections carry) {
    return attempt(
        stored,
        db,
        TaskState.RunSuccess,
        TaskState.RunFailure,
        carry,
        null,
        c -> {
          MigrationApplier.setSessionPragmas(c, m);
          Transactions.exclusive(
              c,
              () -> {
                if (!requireLinked(c, db, jobId)) {
                  MigrationApplier.applyToLinked(c, m);
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

  /**
   * Applies {@code step} to {@code db} with busy retries, on a connection taken from {@code from}
   * or opened; afterwards the connection goes to {@code keepIn} if the step succeeded and there is
   * room, else it is closed. A connection that saw a failure is never kept.
   */
  private TaskOutcome attempt(
      String stored,
      Path db,
      TaskState success,
      TaskState failure,
      CarriedConnections from,
      CarriedConnections keepIn,
      Step step) {
    if (!Files.isRegularFile(db)) {
      return new TaskOutcome(
          stored,
          failure,
          0,
          "database file "
              + db
              + " does not exist (deleted or moved after it was linked; it is not recreated,"
              + " that would lose its data): restore it, or unlink it");
    }
    Connection[] c = {from == null ? null : from.take(db)};
    boolean kept = false;
    try {
      retry.run(
          () -> {
            if (c[0] == null) {
              c[0] = SqliteFiles.openExisting(db);
            }
            FaultPoints.opened(db, c[0]);
            step.apply(c[0]);
            return null;
          });
      kept = keepIn != null && keepIn.offer(db, c[0]);
      return new TaskOutcome(stored, success, 0, null);
    } catch (StatementFailedException e) {
      return new TaskOutcome(
          stored,
          failure,
          e.statement(),
          TaskErrors.describe((SQLException) e.getCause(), retry.timeout()));
    } catch (SQLException e) {
      return new TaskOutcome(stored, failure, 0, TaskErrors.describe(e, retry.timeout()));
    } catch (FaultPoints.FaultInjected e) {
      throw e;
    } catch (RuntimeException e) {
      return new TaskOutcome(stored, failure, 0, e.toString());
    } finally {
      if (!kept && c[0] != null) {
        SqliteFiles.closeQuietly(c[0]);
      }
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
      // Only a missing table (or one of that name but another shape) means "not ours"; a busy,
      // unreadable or corrupt file keeps its own SQLite error, which says what is wrong with it.
      String m = String.valueOf(e.getMessage());
      if (!m.contains("no such table") && !m.contains("no such column")) {
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
