package dev.sharedschema.scheduler.internal.registry.postgres;

import dev.sharedschema.scheduler.TaskOutcome;
import dev.sharedschema.scheduler.TaskRef;
import dev.sharedschema.scheduler.TaskState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

/**
 * Tasks in the PostgreSQL registry. A node's workers see only its tasks; a batch is claimed and
 * recorded in one round trip each, never one per task.
 */
final class PgTasks {
  private PgTasks() {}

  static List<TaskRef> tasks(
      Connection c, String node, long jobId, TaskState state, String afterPath, int limit)
      throws SQLException {
    List<TaskRef> out = new ArrayList<>(Math.min(limit, 1024));
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT path, generation FROM _sharedschema_tasks WHERE job_id = ? AND node = ?"
                + " AND state = ? AND path > ? ORDER BY path LIMIT ?")) {
      ps.setLong(1, jobId);
      ps.setString(2, node);
      ps.setString(3, state.name());
      ps.setString(4, afterPath);
      ps.setInt(5, limit);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new TaskRef(rs.getString(1), rs.getLong(2)));
        }
      }
    }
    return out;
  }

  /**
   * Claims tasks nobody works on: unclaimed, or claimed by a member whose heartbeat is older than
   * {@code staleBefore}. Rows another claimer has locked right now are skipped, not waited for.
   */
  static List<TaskRef> claim(
      Connection c,
      String node,
      long jobId,
      TaskState state,
      String member,
      int limit,
      long staleBefore)
      throws SQLException {
    List<TaskRef> out = new ArrayList<>(Math.min(limit, 1024));
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE _sharedschema_tasks t SET claimed_by = ? FROM ("
                + "SELECT job_id, node, path FROM _sharedschema_tasks WHERE job_id = ? AND node = ?"
                + " AND state = ? AND (claimed_by IS NULL OR claimed_by NOT IN (SELECT id FROM"
                + " _sharedschema_members WHERE node = ? AND heartbeat_at >= ?))"
                + " ORDER BY path LIMIT ? FOR UPDATE SKIP LOCKED) picked"
                + " WHERE t.job_id = picked.job_id AND t.node = picked.node AND t.path = picked.path"
                + " RETURNING t.path, t.generation")) {
      ps.setString(1, member);
      ps.setLong(2, jobId);
      ps.setString(3, node);
      ps.setString(4, state.name());
      ps.setString(5, node);
      ps.setLong(6, staleBefore);
      ps.setInt(7, limit);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new TaskRef(rs.getString(1), rs.getLong(2)));
        }
      }
    }
    out.sort((a, b) -> a.path().compareTo(b.path()));
    return out;
  }

  /**
   * Records outcomes of {@code node}'s tasks, each only over the state and generation it was
   * computed from and, when {@code member} is given, only while that member still holds the claim.
   */
  static void record(
      Connection c, String node, long jobId, String member, List<TaskOutcome> outcomes, long now)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE _sharedschema_tasks SET state = ?, statement = ?, error = ?, result_code = ?,"
                + " updated_at = ?, claimed_by = NULL WHERE job_id = ? AND node = ? AND path = ?"
                + " AND state = ? AND generation = ?"
                + (member == null ? "" : " AND claimed_by = ?"))) {
      for (TaskOutcome o : outcomes) {
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
        ps.setString(7, node);
        ps.setString(8, o.path());
        ps.setString(9, o.from().name());
        ps.setLong(10, o.task().generation());
        if (member != null) {
          ps.setString(11, member);
        }
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /** Moves every task of the job (every node's) in {@code from} to {@code to}. */
  static void move(Connection c, long jobId, TaskState from, TaskState to, long now)
      throws SQLException {
    from.checkMove(to);
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE _sharedschema_tasks SET state = ?, statement = NULL, error = NULL,"
                + " result_code = NULL, claimed_by = NULL, updated_at = ?"
                + " WHERE job_id = ? AND state = ?")) {
      ps.setString(1, to.name());
      ps.setLong(2, now);
      ps.setLong(3, jobId);
      ps.setString(4, from.name());
      ps.executeUpdate();
    }
  }

  /** True while a task of the job is not {@code RunSuccess}. */
  static boolean pending(Connection c, long jobId) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT 1 FROM _sharedschema_tasks WHERE job_id = ? AND state <> ? LIMIT 1")) {
      ps.setLong(1, jobId);
      ps.setString(2, TaskState.RunSuccess.name());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }
}
