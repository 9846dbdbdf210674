package dev.sharedschema.scheduler.internal.registry;

import static dev.sharedschema.scheduler.internal.registry.StateSets.FAILED_TASKS;
import static dev.sharedschema.scheduler.internal.registry.StateSets.TERMINAL_JOBS;

import dev.sharedschema.scheduler.FleetHistory;
import dev.sharedschema.scheduler.JobRecord;
import dev.sharedschema.scheduler.JobState;
import dev.sharedschema.scheduler.Migration;
import dev.sharedschema.scheduler.StatementResult;
import dev.sharedschema.scheduler.TaskFailure;
import dev.sharedschema.scheduler.TaskOutcome;
import dev.sharedschema.scheduler.TaskRef;
import dev.sharedschema.scheduler.TaskState;
import dev.sharedschema.scheduler.internal.Codec;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Jobs and tasks in the registry file. Callers hold the registry's lock and, for writes, its
 * transaction (and fence).
 */
final class SqliteJobs {
  private static final String JOB_COLUMNS = PortableStatements.JOB_COLUMNS;

  private final Connection c;
  private final Function<String, Path> resolver;

  SqliteJobs(Connection c, Function<String, Path> resolver) {
    this.c = c;
    this.resolver = resolver;
  }

  long submit(Migration m, long now) throws SQLException {
    long id;
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO _sharedschema_jobs(state, migration, summary, task_count, submitted_at,"
                + " token) VALUES (?, ?, ?, (SELECT count(*) FROM _sharedschema_links), ?, ?)")) {
      ps.setString(1, JobState.WaitingDryRun.name());
      ps.setBytes(2, Codec.encode(m));
      ps.setString(3, JobText.summary(m));
      ps.setLong(4, now);
      ps.setString(5, JobText.newToken());
      ps.executeUpdate();
    }
    try (var st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT last_insert_rowid()")) {
      rs.next();
      id = rs.getLong(1);
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO _sharedschema_tasks(job_id, path, state, updated_at, generation)"
                + " SELECT ?, path, ?, ?, generation FROM _sharedschema_links")) {
      ps.setLong(1, id);
      ps.setString(2, TaskState.Enqueued.name());
      ps.setLong(3, now);
      ps.executeUpdate();
    }
    return id;
  }

  Optional<JobRecord> job(long id) throws SQLException {
    return first(jobs("SELECT " + JOB_COLUMNS + " FROM _sharedschema_jobs WHERE id = ?", id));
  }

  Optional<JobRecord> headOfQueue() throws SQLException {
    return first(
        jobs(
            "SELECT "
                + JOB_COLUMNS
                + " FROM _sharedschema_jobs WHERE state NOT IN "
                + TERMINAL_JOBS
                + " ORDER BY id LIMIT ?",
            1));
  }

  private static Optional<JobRecord> first(List<JobRecord> r) {
    return r.isEmpty() ? Optional.empty() : Optional.of(r.get(0));
  }

  List<JobRecord> jobs(int limit) throws SQLException {
    return jobs(
        "SELECT " + JOB_COLUMNS + " FROM _sharedschema_jobs ORDER BY id DESC LIMIT ?", limit);
  }

  private List<JobRecord> jobs(String sql, long arg) throws SQLException {
    return PortableStatements.jobRecords(c, sql, arg);
  }

  /**
   * Finished jobs with their tokens, and the legacy bounds of a registry upgraded from format 1.
   */
  FleetHistory history() throws SQLException {
    List<Long> ids = new ArrayList<>();
    List<String> tokens = new ArrayList<>();
    try (PreparedStatement ps =
            c.prepareStatement(
                "SELECT id, token FROM _sharedschema_jobs WHERE state = ? ORDER BY id");
        PreparedStatement legacy =
            c.prepareStatement("SELECT legacy_head, legacy_max FROM _sharedschema_registry")) {
      ps.setString(1, JobState.RunSuccess.name());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          ids.add(rs.getLong(1));
          tokens.add(rs.getString(2));
        }
      }
      try (ResultSet rs = legacy.executeQuery()) {
        rs.next();
        return new FleetHistory(
            ids.stream().mapToLong(Long::longValue).toArray(),
            tokens.toArray(String[]::new),
            rs.getLong(1),
            rs.getLong(2));
      }
    }
  }

  /** True when a job after {@code baseline} finished. */
  boolean finishedAfter(long baseline) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT 1 FROM _sharedschema_jobs WHERE state = ? AND id > ? LIMIT 1")) {
      ps.setString(1, JobState.RunSuccess.name());
      ps.setLong(2, baseline);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  /** The schema recorded after the last finished job that recorded one, if any. */
  Optional<String> lastSchema() throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT schema_after FROM _sharedschema_jobs WHERE state = ? AND schema_after IS NOT"
                + " NULL ORDER BY id DESC LIMIT 1")) {
      ps.setString(1, JobState.RunSuccess.name());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
      }
    }
  }

  Migration migration(long jobId) throws SQLException {
    byte[] bytes = blob("SELECT migration FROM _sharedschema_jobs WHERE id = ?", jobId);
    if (bytes == null) {
      throw new SQLException("no job " + jobId + " in the registry", "02000");
    }
    return Codec.decodeMigration(bytes);
  }

  Optional<List<StatementResult>> result(long jobId) throws SQLException {
    byte[] bytes =
        blob(
            "SELECT result FROM _sharedschema_jobs WHERE id = ? AND state = '"
                + JobState.RunSuccess.name()
                + "'",
            jobId);
    return bytes == null ? Optional.empty() : Optional.of(Codec.decodeResults(bytes));
  }

  private byte[] blob(String sql, long id) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setLong(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getBytes(1) : null;
      }
    }
  }

  List<TaskRef> tasks(long jobId, TaskState state, String afterPath, int limit)
      throws SQLException {
    List<TaskRef> out = new ArrayList<>(Math.min(limit, 1024));
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT path, generation FROM _sharedschema_tasks WHERE job_id = ? AND state = ?"
                + " AND path > ? ORDER BY path LIMIT ?")) {
      ps.setLong(1, jobId);
      ps.setString(2, state.name());
      ps.setString(3, afterPath);
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
   * Records outcomes, each only where the task is still in the state and link generation it was
   * computed from.
   */
  void record(long jobId, List<TaskOutcome> outcomes, long now) throws SQLException {
    record(c, "main", jobId, outcomes, now);
  }

  /** As {@link #record(long, List, long)}, on the registry known as {@code schema} on {@code c}. */
  static void record(Connection c, String schema, long jobId, List<TaskOutcome> outcomes, long now)
      throws SQLException {
    if (outcomes.isEmpty()) {
      return;
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE "
                + schema
                + "._sharedschema_tasks SET state = ?, statement = ?, error = ?, result_code = ?,"
                + " updated_at = ? WHERE job_id = ? AND path = ? AND state = ? AND generation = ?")) {
      for (TaskOutcome o : outcomes) {
        int i = PortableStatements.bindOutcome(ps, o, now, jobId);
        ps.setString(i++, o.path());
        ps.setString(i++, o.from().name());
        ps.setLong(i, o.task().generation());
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  void moveTasks(long jobId, TaskState from, TaskState to, long now) throws SQLException {
    from.checkMove(to);
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE _sharedschema_tasks SET state = ?, statement = NULL, error = NULL,"
                + " result_code = NULL, updated_at = ? WHERE job_id = ? AND state = ?")) {
      ps.setString(1, to.name());
      ps.setLong(2, now);
      ps.setLong(3, jobId);
      ps.setString(4, from.name());
      ps.executeUpdate();
    }
  }

  boolean moveJob(long jobId, JobState from, JobState to, String error, long now)
      throws SQLException {
    return PortableStatements.moveJob(c, jobId, from, to, error, now);
  }

  /** Recounts the tasks of every unfinished job (after links were added or removed). */
  void recountUnfinished() throws SQLException {
    try (var st = c.createStatement()) {
      st.executeUpdate(
          "UPDATE _sharedschema_jobs SET task_count = (SELECT count(*) FROM _sharedschema_tasks t"
              + " WHERE t.job_id = _sharedschema_jobs.id) WHERE state NOT IN "
              + TERMINAL_JOBS);
    }
  }

  /** Tasks of {@code jobId} that failed, in either phase. */
  int failedTasks(long jobId) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT count(*) FROM _sharedschema_tasks WHERE job_id = ? AND state IN "
                + FAILED_TASKS)) {
      ps.setLong(1, jobId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  Map<TaskState, Integer> taskCounts(long jobId) throws SQLException {
    Map<TaskState, Integer> out = new EnumMap<>(TaskState.class);
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT state, count(*) FROM _sharedschema_tasks WHERE job_id = ? GROUP BY state")) {
      ps.setLong(1, jobId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.put(TaskState.valueOf(rs.getString(1)), rs.getInt(2));
        }
      }
    }
    return out;
  }

  List<TaskFailure> failures(long jobId, int limit) throws SQLException {
    List<TaskFailure> out = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT path, state, statement, error, result_code FROM _sharedschema_tasks"
                + " WHERE job_id = ? AND state IN "
                + FAILED_TASKS
                + " ORDER BY path LIMIT ?")) {
      ps.setLong(1, jobId);
      ps.setInt(2, limit);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(
              new TaskFailure(
                  resolver.apply(rs.getString(1)),
                  TaskState.valueOf(rs.getString(2)),
                  rs.getInt(3),
                  rs.getString(4),
                  rs.getInt(5)));
        }
      }
    }
    return out;
  }
}
