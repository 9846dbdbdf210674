package dev.sharedschema.scheduler.internal.registry.postgres;

import dev.sharedschema.scheduler.FaultHooks;
import dev.sharedschema.scheduler.Fence;
import dev.sharedschema.scheduler.FinalStep;
import dev.sharedschema.scheduler.JobState;
import dev.sharedschema.scheduler.SchemaFingerprint;
import dev.sharedschema.scheduler.StatementResult;
import dev.sharedschema.scheduler.internal.Codec;
import dev.sharedschema.scheduler.internal.RollbackJournal;
import dev.sharedschema.scheduler.internal.SqliteFiles;
import dev.sharedschema.scheduler.internal.Transactions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * A job's last step when the registry is in PostgreSQL (DESIGN.md §10). One PostgreSQL transaction
 * holds the fleet lock, checks the fence and that every task of every node succeeded; inside it,
 * one SQLite transaction applies the migration to the schema database and records the job (by
 * token) in the sidecar — or finds it recorded by an earlier attempt and applies nothing; then the
 * job becomes {@code RunSuccess} in PostgreSQL and both commit, SQLite first. A crash between the
 * two commits leaves the job {@code WaitingRun} with the sidecar holding it: the next attempt reads
 * the sidecar first and only brings the registry up to date. Exactly once either way.
 */
final class PgFinalStep {
  private final Path schemaDatabase;
  private final String url;
  private final FaultHooks faults;
  private Connection connection;

  PgFinalStep(Path schemaDatabase, String url, FaultHooks faults) {
    this.schemaDatabase = schemaDatabase;
    this.url = url;
    this.faults = faults;
  }

  /** What the sidecar holds for the job: its results and the schema after it. */
  private record Applied(byte[] result, String schemaAfter) {}

  FinalStep.Outcome run(Fence fence, long jobId, FinalStep step, long now) throws SQLException {
    Connection pg = connection();
    try {
      PgLinks.lockFleet(pg);
      PgLease.require(pg, fence, "final step of job " + jobId);
      String token = waitingRunToken(pg, jobId);
      if (token == null) {
        pg.rollback();
        return FinalStep.Outcome.ALREADY_FINISHED;
      }
      if (PgTasks.pending(pg, jobId)) {
        pg.rollback();
        return FinalStep.Outcome.TASKS_PENDING;
      }
      Applied applied = applyOnce(jobId, token, step, now);
      faults.at("schema database committed"); // the sidecar holds the job; PostgreSQL not yet
      try (PreparedStatement ps =
          pg.prepareStatement(
              "UPDATE _sharedschema_jobs SET state = ?, error = NULL, result = ?, finished_at = ?,"
                  + " schema_after = ? WHERE id = ? AND state = ?")) {
        ps.setString(1, JobState.WaitingRun.checkMove(JobState.RunSuccess).name());
        ps.setBytes(2, applied.result());
        ps.setLong(3, now);
        ps.setString(4, applied.schemaAfter());
        ps.setLong(5, jobId);
        ps.setString(6, JobState.WaitingRun.name());
        ps.executeUpdate();
      }
      pg.commit();
      return FinalStep.Outcome.DONE;
    } catch (SQLException | RuntimeException | Error e) {
      try {
        pg.rollback();
      } catch (SQLException r) {
        e.addSuppressed(r);
      }
      drop();
      throw e;
    }
  }

  /**
   * The final step's own connection, kept between jobs: it holds the fleet lock for as long as the
   * schema database's transaction takes, which must not stall the registry's other traffic.
   */
  private synchronized Connection connection() throws SQLException {
    if (connection == null || connection.isClosed()) {
      connection = PgSession.connect(url);
    }
    return connection;
  }

  private synchronized void drop() {
    if (connection != null) {
      PgSession.closeQuietly(connection);
      connection = null;
    }
  }

  void close() {
    drop();
  }

  /** The job's token while it is {@code WaitingRun}, locked until commit; else null. */
  private static String waitingRunToken(Connection pg, long jobId) throws SQLException {
    try (PreparedStatement ps =
        pg.prepareStatement(
            "SELECT token FROM _sharedschema_jobs WHERE id = ? AND state = ? FOR UPDATE")) {
      ps.setLong(1, jobId);
      ps.setString(2, JobState.WaitingRun.name());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  /** Applies the job to the schema database unless the sidecar says it was; commits SQLite. */
  private Applied applyOnce(long jobId, String token, FinalStep step, long now)
      throws SQLException {
    try (Connection c = SqliteFiles.openExisting(schemaDatabase)) {
      try (PreparedStatement attach = c.prepareStatement("ATTACH DATABASE ? AS " + Sidecar.ALIAS)) {
        attach.setString(1, Sidecar.of(schemaDatabase).toString());
        attach.execute();
      }
      RollbackJournal.restore(c, "main", schemaDatabase);
      step.prepare(c);
      return Transactions.immediate(
          c,
          () -> {
            if (!RollbackJournal.isKept(c, "main")) {
              throw new SQLException(
                  schemaDatabase + " went into WAL mode during the final step", "0A000");
            }
            Applied before = recorded(c, jobId, token);
            if (before != null) {
              return before;
            }
            List<StatementResult> results = step.apply(c);
            Applied fresh = new Applied(Codec.encode(results), SchemaFingerprint.read(c).encode());
            try (PreparedStatement ps =
                c.prepareStatement(
                    "INSERT INTO "
                        + Sidecar.ALIAS
                        + "._sharedschema_final(job_id, token, result, schema_after, applied_at)"
                        + " VALUES (?, ?, ?, ?, ?)")) {
              ps.setLong(1, jobId);
              ps.setString(2, token);
              ps.setBytes(3, fresh.result());
              ps.setString(4, fresh.schemaAfter());
              ps.setLong(5, now);
              ps.executeUpdate();
            }
            faults.insideFinalStep();
            return fresh;
          });
    }
  }

  private static Applied recorded(Connection c, long jobId, String token) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT token, result, schema_after FROM "
                + Sidecar.ALIAS
                + "._sharedschema_final WHERE job_id = ?")) {
      ps.setLong(1, jobId);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return null;
        }
        if (!rs.getString(1).equals(token)) {
          throw new SQLException(
              "the schema database's sidecar records another job "
                  + jobId
                  + " (token "
                  + rs.getString(1)
                  + ") than the registry's ("
                  + token
                  + "): the registry was restored from an older backup, or belongs to another"
                  + " fleet. Restore the registry and the schema database together.",
              "55000");
        }
        return new Applied(rs.getBytes(2), rs.getString(3));
      }
    }
  }

  /** The schema database's file as of its last applied job, read under its read lock. */
  static byte[] snapshot(Path schemaDatabase) throws SQLException {
    try (Connection c = SqliteFiles.openExisting(schemaDatabase)) {
      return Transactions.deferred(
          c,
          () -> {
            try (var st = c.createStatement()) {
              st.executeQuery("SELECT count(*) FROM main.sqlite_master").close();
            }
            try {
              return Files.readAllBytes(schemaDatabase);
            } catch (IOException e) {
              throw new SQLException("cannot read " + schemaDatabase + ": " + e, "58030", e);
            }
          });
    }
  }
}
