package dev.sharedschema.scheduler.internal.registry.postgres;

import dev.sharedschema.scheduler.TaskOutcome;
import dev.sharedschema.scheduler.TaskRef;
import dev.sharedschema.scheduler.TaskState;
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
   * Records outcomes of {@code node}'s tasks in one statement (the batch as arrays), each only over
   * the state and link generation it was computed from.
   */
  static void record(Connection c, String node, long jobId, List<TaskOutcome> outcomes, long now)
      throws SQLException {
    if (outcomes.isEmpty()) {
      return;
    }
    int n = outcomes.size();
    String[] paths = new String[n];
    String[] froms = new String[n];
    String[] states = new String[n];
    Long[] generations = new Long[n];
    Integer[] statements = new Integer[n];
    String[] errors = new String[n];
    Integer[] codes = new Integer[n];
    for (int i = 0; i < n; i++) {
      TaskOutcome o = outcomes.get(i);
      o.from().checkMove(o.state());
      paths[i] = o.path();
      froms[i] = o.from().name();
      states[i] = o.state().name();
      generations[i] = o.task().generation();
      statements[i] = o.statement() > 0 ? o.statement() : null;
      errors[i] = o.error();
      codes[i] = o.resultCode() != 0 ? o.resultCode() : null;
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE _sharedschema_tasks t SET state = v.state, statement = v.statement,"
                + " error = v.error, result_code = v.code, updated_at = ?"
                + " FROM unnest(?::text[], ?::text[], ?::text[], ?::bigint[], ?::int[], ?::text[],"
                + " ?::int[]) AS v(path, from_state, state, generation, statement, error, code)"
                + " WHERE t.job_id = ? AND t.node = ? AND t.path = v.path"
                + " AND t.state = v.from_state AND t.generation = v.generation")) {
      ps.setLong(1, now);
      ps.setArray(2, c.createArrayOf("text", paths));
      ps.setArray(3, c.createArrayOf("text", froms));
      ps.setArray(4, c.createArrayOf("text", states));
      ps.setArray(5, c.createArrayOf("int8", generations));
      ps.setArray(6, c.createArrayOf("int4", statements));
      ps.setArray(7, c.createArrayOf("text", errors));
      ps.setArray(8, c.createArrayOf("int4", codes));
      ps.setLong(9, jobId);
      ps.setString(10, node);
      ps.executeUpdate();
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
