package dev.sharedschema.scheduler.internal.registry.postgres;

import dev.sharedschema.scheduler.TaskOutcome;
import dev.sharedschema.scheduler.TaskRef;
import dev.sharedschema.scheduler.TaskState;
import dev.sharedschema.scheduler.internal.registry.PortableStatements;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
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
   * Locks up to {@code limit} of the node's tasks in {@code state} that no other transaction has
   * locked, until the caller's transaction ends: that is the claim.
   */
  static List<TaskRef> claim(Connection c, String node, long jobId, TaskState state, int limit)
      throws SQLException {
    List<TaskRef> out = new ArrayList<>(Math.min(limit, 1024));
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT path, generation FROM _sharedschema_tasks WHERE job_id = ? AND node = ?"
                + " AND state = ? ORDER BY path LIMIT ? FOR UPDATE SKIP LOCKED")) {
      ps.setLong(1, jobId);
      ps.setString(2, node);
      ps.setString(3, state.name());
      ps.setInt(4, limit);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new TaskRef(rs.getString(1), rs.getLong(2)));
        }
      }
    }
    return out;
  }

  /**
   * Records outcomes of {@code node}'s tasks, each only over the state and link generation it was
   * computed from: one statement per task by primary key, sent as one JDBC batch (one round trip).
   * (One statement joining the batch as arrays looked cheaper, but PostgreSQL planned it as a scan
   * of the job's tasks per outcome: 170 ms a batch of 256 where these take a few.)
   */
  static void record(Connection c, String node, long jobId, List<TaskOutcome> outcomes, long now)
      throws SQLException {
    if (outcomes.isEmpty()) {
      return;
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE _sharedschema_tasks SET state = ?, statement = ?, error = ?, result_code = ?,"
                + " updated_at = ? WHERE job_id = ? AND node = ? AND path = ? AND state = ?"
                + " AND generation = ?")) {
      for (TaskOutcome o : outcomes) {
        int i = PortableStatements.bindOutcome(ps, o, now, jobId);
        ps.setString(i++, node);
        ps.setString(i++, o.path());
        ps.setString(i++, o.from().name());
        ps.setLong(i, o.task().generation());
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /** Counts a batch recorded by {@code node} (see {@link #progress}). */
  static void progressed(Connection c, String node) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO _sharedschema_progress(node, batches) VALUES (?, 1) ON CONFLICT (node)"
                + " DO UPDATE SET batches = _sharedschema_progress.batches + 1")) {
      ps.setString(1, node);
      ps.executeUpdate();
    }
  }

  /** A number that grows with every batch any node records. */
  static long progress(Connection c) throws SQLException {
    try (PreparedStatement ps =
            c.prepareStatement("SELECT coalesce(sum(batches), 0) FROM _sharedschema_progress");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** Moves every task of the job (every node's) in {@code from} to {@code to}. */
  static void move(Connection c, long jobId, TaskState from, TaskState to, long now)
      throws SQLException {
    from.checkMove(to);
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE _sharedschema_tasks SET state = ?, statement = NULL, error = NULL,"
                + " result_code = NULL, updated_at = ?"
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
