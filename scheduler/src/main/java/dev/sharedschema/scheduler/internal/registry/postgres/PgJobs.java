package dev.sharedschema.scheduler.internal.registry.postgres;

import static dev.sharedschema.scheduler.internal.registry.StateSets.FAILED_TASKS;
import static dev.sharedschema.scheduler.internal.registry.StateSets.TERMINAL_JOBS;
import static dev.sharedschema.scheduler.internal.registry.StateSets.UNFINISHED_JOBS;

import dev.sharedschema.scheduler.FleetHistory;
import dev.sharedschema.scheduler.JobRecord;
import dev.sharedschema.scheduler.JobState;
import dev.sharedschema.scheduler.Migration;
import dev.sharedschema.scheduler.StatementResult;
import dev.sharedschema.scheduler.TaskFailure;
import dev.sharedschema.scheduler.TaskState;
import dev.sharedschema.scheduler.internal.Codec;
import dev.sharedschema.scheduler.internal.registry.JobText;
import dev.sharedschema.scheduler.internal.registry.PortableStatements;
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

/** Jobs in the PostgreSQL registry: the whole fleet's, whichever node asks. */
final class PgJobs {
  private static final String JOB_COLUMNS = PortableStatements.JOB_COLUMNS;

  private PgJobs() {}

  /** Records a job with a task for every link of every node; the caller holds the fleet lock. */
  static long submit(Connection c, Migration m, long now) throws SQLException {
    long id;
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO _sharedschema_jobs(token, state, migration, summary, task_count,"
                + " submitted_at) VALUES (?, ?, ?, ?, (SELECT count(*) FROM _sharedschema_links),"
                + " ?) RETURNING id")) {
      ps.setString(1, JobText.newToken());
      ps.setString(2, JobState.WaitingDryRun.name());
      ps.setBytes(3, Codec.encode(m));
      ps.setString(4, JobText.summary(m));
      ps.setLong(5, now);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        id = rs.getLong(1);
      }
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO _sharedschema_tasks(job_id, node, path, state, updated_at, generation)"
                + " SELECT ?, node, path, ?, ?, generation FROM _sharedschema_links")) {
      ps.setLong(1, id);
      ps.setString(2, TaskState.Enqueued.name());
      ps.setLong(3, now);
      ps.executeUpdate();
    }
    return id;
  }

  static Optional<JobRecord> job(Connection c, long id) throws SQLException {
    return first(jobs(c, "SELECT " + JOB_COLUMNS + " FROM _sharedschema_jobs WHERE id = ?", id));
  }

  static Optional<JobRecord> headOfQueue(Connection c) throws SQLException {
    return first(
        jobs(
            c,
            "SELECT "
                + JOB_COLUMNS
                + " FROM _sharedschema_jobs WHERE state IN "
                + UNFINISHED_JOBS
                + " ORDER BY id LIMIT ?",
            1));
  }

  static List<JobRecord> jobs(Connection c, int limit) throws SQLException {
    return jobs(
        c, "SELECT " + JOB_COLUMNS + " FROM _sharedschema_jobs ORDER BY id DESC LIMIT ?", limit);
  }

  private static Optional<JobRecord> first(List<JobRecord> r) {
    return r.isEmpty() ? Optional.empty() : Optional.of(r.get(0));
  }

  private static List<JobRecord> jobs(Connection c, String sql, long arg) throws SQLException {
    return PortableStatements.jobRecords(c, sql, arg);
  }

  static FleetHistory history(Connection c) throws SQLException {
    List<Long> ids = new ArrayList<>();
    List<String> tokens = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT id, token FROM _sharedschema_jobs WHERE state = ? ORDER BY id")) {
      ps.setString(1, JobState.RunSuccess.name());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          ids.add(rs.getLong(1));
          tokens.add(rs.getString(2));
        }
      }
    }
    return new FleetHistory(
        ids.stream().mapToLong(Long::longValue).toArray(), tokens.toArray(String[]::new), 0, 0);
  }

  static boolean finishedAfter(Connection c, long baseline) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT 1 FROM _sharedschema_jobs WHERE state = ? AND id > ? LIMIT 1")) {
      ps.setString(1, JobState.RunSuccess.name());
      ps.setLong(2, baseline);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  /** The schema recorded after the last finished job, else the one recorded at creation. */
  static Optional<String> lastSchema(Connection c) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT coalesce((SELECT schema_after FROM _sharedschema_jobs WHERE state = ? AND"
                + " schema_after IS NOT NULL ORDER BY id DESC LIMIT 1),"
                + " (SELECT schema FROM _sharedschema_registry))")) {
      ps.setString(1, JobState.RunSuccess.name());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
      }
    }
  }

  static Migration migration(Connection c, long jobId) throws SQLException {
    byte[] bytes = blob(c, "SELECT migration FROM _sharedschema_jobs WHERE id = ?", jobId);
    if (bytes == null) {
      throw new SQLException("no job " + jobId + " in the registry", "02000");
    }
    return Codec.decodeMigration(bytes);
  }

  static Optional<List<StatementResult>> result(Connection c, long jobId) throws SQLException {
    byte[] bytes =
        blob(
            c,
            "SELECT result FROM _sharedschema_jobs WHERE id = ? AND state = '"
                + JobState.RunSuccess.name()
                + "'",
            jobId);
    return bytes == null ? Optional.empty() : Optional.of(Codec.decodeResults(bytes));
  }

  private static byte[] blob(Connection c, String sql, long id) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setLong(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getBytes(1) : null;
      }
    }
  }

  static boolean moveJob(
      Connection c, long jobId, JobState from, JobState to, String error, long now)
      throws SQLException {
    return PortableStatements.moveJob(c, jobId, from, to, error, now);
  }

  static boolean markChecked(Connection c, long jobId, String proof, long now) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE _sharedschema_jobs SET checked_at = ?, proof = ? WHERE id = ? AND state = ?"
                + " AND checked_at IS NULL")) {
      ps.setLong(1, now);
      ps.setString(2, proof);
      ps.setLong(3, jobId);
      ps.setString(4, JobState.WaitingDryRun.name());
      return ps.executeUpdate() == 1;
    }
  }

  /** {@code null} when not checked; else the proof, or "" for none. */
  static String checked(Connection c, long jobId) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT checked_at, coalesce(proof, '') FROM _sharedschema_jobs WHERE id = ?")) {
      ps.setLong(1, jobId);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return null;
        }
        rs.getLong(1);
        return rs.wasNull() ? null : rs.getString(2);
      }
    }
  }

  static void recountUnfinished(Connection c) throws SQLException {
    PgSession.exec(
        c,
        "UPDATE _sharedschema_jobs j SET task_count = (SELECT count(*) FROM _sharedschema_tasks t"
            + " WHERE t.job_id = j.id) WHERE state NOT IN "
            + TERMINAL_JOBS);
  }

  static Map<TaskState, Integer> taskCounts(Connection c, long jobId) throws SQLException {
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

  /** Failed tasks of every node; a remote node's file is named {@code node:path}. */
  static List<TaskFailure> failures(Connection c, long jobId, int limit, String here)
      throws SQLException {
    List<TaskFailure> out = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT node, path, state, statement, error, result_code FROM _sharedschema_tasks"
                + " WHERE job_id = ? AND state IN "
                + FAILED_TASKS
                + " ORDER BY node, path LIMIT ?")) {
      ps.setLong(1, jobId);
      ps.setInt(2, limit);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String node = rs.getString(1);
          String path = rs.getString(2);
          out.add(
              new TaskFailure(
                  Path.of(node.equals(here) ? path : node + ":" + path),
                  TaskState.valueOf(rs.getString(3)),
                  rs.getInt(4),
                  rs.getString(5),
                  rs.getInt(6)));
        }
      }
    }
    return out;
  }
}
