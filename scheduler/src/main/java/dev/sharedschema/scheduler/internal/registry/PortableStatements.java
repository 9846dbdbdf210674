package dev.sharedschema.scheduler.internal.registry;

import dev.sharedschema.scheduler.Fence;
import dev.sharedschema.scheduler.JobRecord;
import dev.sharedschema.scheduler.JobState;
import dev.sharedschema.scheduler.TaskOutcome;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

/**
 * Registry statements that the SQLite and the PostgreSQL registry run as they are: plain SQL on
 * tables of the same shape, so that a fenced move means the same thing in both.
 */
public final class PortableStatements {
  /** The columns {@link #jobRecords} reads, in its order. */
  public static final String JOB_COLUMNS =
      "id, token, state, summary, task_count, error, submitted_at, dry_run_at, finished_at";

  private PortableStatements() {}

  /** The jobs {@code sql} selects ({@link #JOB_COLUMNS}, one {@code long} parameter). */
  public static List<JobRecord> jobRecords(Connection c, String sql, long arg) throws SQLException {
    List<JobRecord> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setLong(1, arg);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(
              new JobRecord(
                  rs.getLong(1),
                  rs.getString(2),
                  JobState.valueOf(rs.getString(3)),
                  rs.getString(4),
                  rs.getInt(5),
                  rs.getString(6),
                  rs.getLong(7),
                  nullableLong(rs, 8),
                  nullableLong(rs, 9)));
        }
      }
    }
    return out;
  }

  private static Long nullableLong(ResultSet rs, int column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? null : v;
  }

  /**
   * Moves job {@code jobId} from {@code from} to {@code to} if it is still in {@code from},
   * stamping the time a phase ended; false when another stepper moved it first.
   */
  public static boolean moveJob(
      Connection c, long jobId, JobState from, JobState to, String error, long now)
      throws SQLException {
    from.checkMove(to);
    String stamp =
        switch (to) {
          case DryRunSuccess -> ", dry_run_at = ?";
          case DryRunFailure, RunSuccess -> ", finished_at = ?";
          default -> "";
        };
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE _sharedschema_jobs SET state = ?, error = ?"
                + stamp
                + " WHERE id = ? AND state = ?")) {
      int i = 1;
      ps.setString(i++, to.name());
      ps.setString(i++, error);
      if (!stamp.isEmpty()) {
        ps.setLong(i++, now);
      }
      ps.setLong(i++, jobId);
      ps.setString(i, from.name());
      return ps.executeUpdate() == 1;
    }
  }

  /**
   * Binds parameters 1 to 6 of an outcome's update — {@code SET state, statement, error,
   * result_code, updated_at … WHERE job_id} — after checking the move is allowed; the caller binds
   * the rest of its {@code WHERE} (the task's key, its from-state and link generation).
   *
   * @return the next parameter's index
   */
  public static int bindOutcome(PreparedStatement ps, TaskOutcome o, long now, long jobId)
      throws SQLException {
    o.from().checkMove(o.state());
    ps.setString(1, o.state().name());
    if (o.statement() > 0) {
      ps.setInt(2, o.statement());
    } else {
      ps.setNull(2, Types.INTEGER);
    }
    ps.setString(3, o.error());
    if (o.resultCode() != 0) {
      ps.setInt(4, o.resultCode());
    } else {
      ps.setNull(4, Types.INTEGER);
    }
    ps.setLong(5, now);
    ps.setLong(6, jobId);
    return 7;
  }

  /**
   * Extends the lease {@code fence} holds until {@code until}; false when it is no longer held
   * (taken over, or released).
   */
  public static boolean renewLease(Connection c, Fence fence, long until) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE _sharedschema_lease SET expires_at = ? WHERE id = 1 AND holder = ?"
                + " AND epoch = ? AND expires_at > 0")) {
      ps.setLong(1, until);
      ps.setString(2, fence.holder());
      ps.setLong(3, fence.epoch());
      return ps.executeUpdate() == 1;
    }
  }

  /** Gives the lease up at once, if {@code fence} still holds it. */
  public static void releaseLease(Connection c, Fence fence) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE _sharedschema_lease SET expires_at = 0 WHERE id = 1 AND holder = ?"
                + " AND epoch = ?")) {
      ps.setString(1, fence.holder());
      ps.setLong(2, fence.epoch());
      ps.executeUpdate();
    }
  }
}
