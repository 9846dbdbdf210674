package dev.sharedschema.scheduler.internal;

import dev.sharedschema.scheduler.JobRecord;
import dev.sharedschema.scheduler.JobState;
import dev.sharedschema.scheduler.Migration;
import dev.sharedschema.scheduler.StatementResult;
import dev.sharedschema.scheduler.TaskFailure;
import dev.sharedschema.scheduler.TaskOutcome;
import dev.sharedschema.scheduler.TaskState;
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

/** Jobs and tasks in the registry file. Callers hold the registry's lock. */
final class SqliteJobs {
  private static final String JOB_COLUMNS =
      "id, state, summary, task_count, error, submitted_at, dry_run_at, finished_at";
  private static final int SUMMARY_CHARS = 200;

  private final Connection c;
  private final Function<String, Path> resolver;

  SqliteJobs(Connection c, Function<String, Path> resolver) {
    this.c = c;
    this.resolver = resolver;
  }

  long submit(Migration m, long now) throws SQLException {
    return Transactions.immediate(
        c,
        () -> {
          long id;
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO _sharedschema_jobs(state, migration, summary, task_count, submitted_at)"
                      + " VALUES (?, ?, ?, (SELECT count(*) FROM _sharedschema_links), ?)")) {
            ps.setString(1, JobState.WaitingDryRun.name());
            ps.setBytes(2, Codec.encode(m));
            ps.setString(3, summary(m));
            ps.setLong(4, now);
            ps.executeUpdate();
          }
          try (var st = c.createStatement();
              ResultSet rs = st.executeQuery("SELECT last_insert_rowid()")) {
            rs.next();
            id = rs.getLong(1);
          }
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO _sharedschema_tasks(job_id, path, state, updated_at)"
                      + " SELECT ?, path, ?, ? FROM _sharedschema_links")) {
            ps.setLong(1, id);
            ps.setString(2, TaskState.Enqueued.name());
            ps.setLong(3, now);
            ps.executeUpdate();
          }
          return id;
        });
  }

  private static String summary(Migration m) {
    String first = m.statements().get(0).sql().strip().replaceAll("\\s+", " ");
    if (first.length() > SUMMARY_CHARS) {
      first = first.substring(0, SUMMARY_CHARS) + "…";
    }
    int more = m.statements().size() - 1;
    return more == 0 ? first : first + " (+" + more + " more)";
  }

  Optional<JobRecord> job(long id) throws SQLException {
    List<JobRecord> r = jobs("SELECT " + JOB_COLUMNS + " FROM _sharedschema_jobs WHERE id = ?", id);
    return r.isEmpty() ? Optional.empty() : Optional.of(r.get(0));
  }

  Optional<JobRecord> headOfQueue() throws SQLException {
    List<JobRecord> r =
        jobs(
            "SELECT "
                + JOB_COLUMNS
                + " FROM _sharedschema_jobs"
                + " WHERE state NOT IN ('RunSuccess', 'DryRunFailure') ORDER BY id LIMIT ?",
            1);
    return r.isEmpty() ? Optional.empty() : Optional.of(r.get(0));
  }

  List<JobRecord> jobs(int limit) throws SQLException {
    return jobs(
        "SELECT " + JOB_COLUMNS + " FROM _sharedschema_jobs ORDER BY id DESC LIMIT ?", limit);
  }

  private List<JobRecord> jobs(String sql, long arg) throws SQLException {
    List<JobRecord> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setLong(1, arg);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(
              new JobRecord(
                  rs.getLong(1),
                  JobState.valueOf(rs.getString(2)),
                  rs.getString(3),
                  rs.getInt(4),
                  rs.getString(5),
                  rs.getLong(6),
                  nullableLong(rs, 7),
                  nullableLong(rs, 8)));
        }
      }
    }
    return out;
  }

  private static Long nullableLong(ResultSet rs, int column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? null : v;
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
        blob("SELECT result FROM _sharedschema_jobs WHERE id = ? AND state = 'RunSuccess'", jobId);
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

  List<String> tasks(long jobId, TaskState state, String afterPath, int limit) throws SQLException {
    List<String> out = new ArrayList<>(Math.min(limit, 1024));
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT path FROM _sharedschema_tasks WHERE job_id = ? AND state = ? AND path > ?"
                + " ORDER BY path LIMIT ?")) {
      ps.setLong(1, jobId);
      ps.setString(2, state.name());
      ps.setString(3, afterPath);
      ps.setInt(4, limit);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
    }
    return out;
  }

  void record(long jobId, List<TaskOutcome> outcomes, long now) throws SQLException {
    Transactions.immediate(
        c,
        () -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE _sharedschema_tasks SET state = ?, statement = ?, error = ?, updated_at = ?"
                      + " WHERE job_id = ? AND path = ?")) {
            for (TaskOutcome o : outcomes) {
              ps.setString(1, o.state().name());
              if (o.statement() > 0) {
                ps.setInt(2, o.statement());
              } else {
                ps.setNull(2, java.sql.Types.INTEGER);
              }
              ps.setString(3, o.error());
              ps.setLong(4, now);
              ps.setLong(5, jobId);
              ps.setString(6, o.path());
              ps.addBatch();
            }
            ps.executeBatch();
          }
          return null;
        });
  }

  void moveTasks(long jobId, TaskState from, TaskState to, long now) throws SQLException {
    from.checkMove(to);
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE _sharedschema_tasks SET state = ?, statement = NULL, error = NULL, updated_at = ?"
                + " WHERE job_id = ? AND state = ?")) {
      ps.setString(1, to.name());
      ps.setLong(2, now);
      ps.setLong(3, jobId);
      ps.setString(4, from.name());
      ps.executeUpdate();
    }
  }

  boolean moveJob(long jobId, JobState from, JobState to, String error, long now)
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
            "SELECT path, state, statement, error FROM _sharedschema_tasks WHERE job_id = ?"
                + " AND state IN ('DryRunFailure', 'RunFailure') ORDER BY path LIMIT ?")) {
      ps.setLong(1, jobId);
      ps.setInt(2, limit);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(
              new TaskFailure(
                  resolver.apply(rs.getString(1)),
                  TaskState.valueOf(rs.getString(2)),
                  rs.getInt(3),
                  rs.getString(4)));
        }
      }
    }
    return out;
  }
}
