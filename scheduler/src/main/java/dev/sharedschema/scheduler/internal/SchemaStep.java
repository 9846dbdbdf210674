package dev.sharedschema.scheduler.internal;

import dev.sharedschema.scheduler.Migration;
import dev.sharedschema.scheduler.StatementResult;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;

/**
 * The schema database's part of a job: the dry run that opens the job's checks, and the final step,
 * which applies the migration and flips the job to {@code RunSuccess} in one transaction across the
 * schema file and its registry (SQLite's multi-file commit; both are in rollback-journal mode).
 */
public final class SchemaStep {
  /**
   * The alias under which the registry is attached; user SQL may never name it (reserved prefix).
   */
  public static final String REGISTRY_ALIAS = "_sharedschema_registry";

  private final Path schemaDatabase;
  private final Clock clock;
  private final BusyRetry retry;

  public SchemaStep(Path schemaDatabase, Clock clock, BusyRetry retry) {
    this.schemaDatabase = schemaDatabase;
    this.clock = clock;
    this.retry = retry;
  }

  /**
   * Begin, apply, roll back on the schema database; throws {@link StatementFailedException}. For a
   * {@linkplain Migration#schemaDetermined() schema-determined} migration, returns the schema the
   * migration was checked against (read in the same transaction, before it applied), which proves
   * the dry run of every linked database with that same schema; else null, also when it touches a
   * table whose rows SQLite checks ({@link RowCheckedTables}).
   */
  public String dryRun(Migration m) throws SQLException {
    return retry.run(
        () -> {
          try (Connection c = SqliteFiles.openExisting(schemaDatabase)) {
            MigrationApplier.setSessionPragmas(c, m);
            try (Statement st = c.createStatement()) {
              st.execute("BEGIN IMMEDIATE");
              try {
                String before =
                    m.schemaDetermined() && !RowCheckedTables.touchedBy(c, m)
                        ? SchemaText.read(c)
                        : null;
                MigrationApplier.apply(c, m);
                return before;
              } finally {
                st.execute("ROLLBACK");
              }
            }
          }
        });
  }

  /** What the final step found. */
  public enum Finish {
    /** Applied, and the job is {@code RunSuccess}. */
    DONE,
    /**
     * The job was no longer in {@code WaitingRun} (another scheduler finished it): nothing applied.
     */
    ALREADY_FINISHED,
    /** A database linked meanwhile still needs the job: nothing applied; run its task first. */
    TASKS_PENDING
  }

  /**
   * Applies {@code m} to the schema database and marks {@code jobId} {@code RunSuccess} with its
   * results, atomically, if every task of the job succeeded. The check runs under the schema
   * database's write lock, which linking also takes, so no database can join unseen.
   */
  public Finish finish(long jobId, Migration m) throws SQLException {
    return retry.run(
        () -> {
          try (Connection c = SqliteFiles.openExisting(schemaDatabase)) {
            try (PreparedStatement attach =
                c.prepareStatement("ATTACH DATABASE ? AS " + REGISTRY_ALIAS)) {
              attach.setString(1, SqliteFiles.registryOf(schemaDatabase).toString());
              attach.execute();
            }
            MigrationApplier.setSessionPragmas(c, m);
            return Transactions.immediate(
                c,
                () -> {
                  if (pendingTasks(c, jobId)) {
                    return Finish.TASKS_PENDING;
                  }
                  List<StatementResult> results = MigrationApplier.applyCapturing(c, m);
                  try (PreparedStatement ps =
                      c.prepareStatement(
                          "UPDATE "
                              + REGISTRY_ALIAS
                              + "._sharedschema_jobs"
                              + " SET state = 'RunSuccess', error = NULL, result = ?, finished_at = ?"
                              + " WHERE id = ? AND state = 'WaitingRun'")) {
                    ps.setBytes(1, Codec.encode(results));
                    ps.setLong(2, clock.millis());
                    ps.setLong(3, jobId);
                    if (ps.executeUpdate() != 1) {
                      throw new AlreadyFinished();
                    }
                  }
                  crashHook.run();
                  return Finish.DONE;
                });
          } catch (AlreadyFinished e) {
            return Finish.ALREADY_FINISHED;
          }
        });
  }

  private static boolean pendingTasks(Connection c, long jobId) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT 1 FROM "
                + REGISTRY_ALIAS
                + "._sharedschema_tasks WHERE job_id = ? AND state <> 'RunSuccess' LIMIT 1")) {
      ps.setLong(1, jobId);
      try (var rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  /** Test seam: runs inside the final transaction, after both writes and before COMMIT. */
  static volatile Runnable crashHook = () -> {};

  private static final class AlreadyFinished extends RuntimeException {
    private static final long serialVersionUID = 1L;

    AlreadyFinished() {
      super(null, null, false, false);
    }
  }
}
