package dev.sharedschema.scheduler.internal;

import dev.sharedschema.scheduler.JobRecord;
import dev.sharedschema.scheduler.JobState;
import dev.sharedschema.scheduler.Migration;
import dev.sharedschema.scheduler.Registry;
import dev.sharedschema.scheduler.StatementResult;
import dev.sharedschema.scheduler.TaskFailure;
import dev.sharedschema.scheduler.TaskOutcome;
import dev.sharedschema.scheduler.TaskState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The registry kept in the SQLite file beside the schema database. One connection, used under this
 * object's lock: registry traffic is a few statements per batch of tasks, never per query.
 */
public final class SqliteRegistry implements Registry {
  private static final int FORMAT = 1;
  private static final SqlScript DDL = SqlScript.load("registry.sql");

  private final Path schemaDatabase;
  private final Path directory;
  private final Connection connection;
  private final Clock clock;
  private final String id;
  private final SqliteJobs jobs;

  private SqliteRegistry(Path schemaDatabase, Connection connection, Clock clock, String id) {
    this.schemaDatabase = schemaDatabase;
    this.directory = schemaDatabase.getParent();
    this.connection = connection;
    this.clock = clock;
    this.id = id;
    this.jobs = new SqliteJobs(connection, this::resolve);
  }

  public static SqliteRegistry open(Path schemaDatabase, boolean create, Clock clock)
      throws SQLException {
    Path schema = schemaDatabase.toAbsolutePath().normalize();
    Path file = SqliteFiles.registryOf(schema);
    if (!create && !Files.isRegularFile(file)) {
      throw new SQLException("registry " + file + " does not exist", "08001");
    }
    Connection c = SqliteFiles.openJournaled(file);
    try {
      return new SqliteRegistry(schema, c, clock, ensureInitialised(c, clock));
    } catch (SQLException | RuntimeException e) {
      c.close();
      throw e;
    }
  }

  /** Creates the tables and the id once; concurrent creators agree on the first id written. */
  private static String ensureInitialised(Connection c, Clock clock) throws SQLException {
    return Transactions.immediate(
        c,
        () -> {
          DDL.run(c);
          String existing = readId(c);
          if (existing != null) {
            return existing;
          }
          String id = UUID.randomUUID().toString();
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO _sharedschema_registry(id, format, created_at) VALUES (?, ?, ?)")) {
            ps.setString(1, id);
            ps.setInt(2, FORMAT);
            ps.setLong(3, clock.millis());
            ps.executeUpdate();
          }
          return id;
        });
  }

  private static String readId(Connection c) throws SQLException {
    try (var st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT id FROM _sharedschema_registry LIMIT 1")) {
      return rs.next() ? rs.getString(1) : null;
    }
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public Path schemaDatabase() {
    return schemaDatabase;
  }

  /** The path form stored in the registry for {@code database}. */
  public String stored(Path database) {
    return SqliteFiles.portablePath(directory, database);
  }

  @Override
  public Path resolve(String storedPath) {
    return SqliteFiles.resolve(directory, storedPath);
  }

  @Override
  public synchronized void link(Path database) throws SQLException {
    try (PreparedStatement ps =
        connection.prepareStatement(
            "INSERT OR IGNORE INTO _sharedschema_links(path, linked_at) VALUES (?, ?)")) {
      ps.setString(1, stored(database));
      ps.setLong(2, clock.millis());
      ps.executeUpdate();
    }
  }

  @Override
  public synchronized boolean unlink(Path database) throws SQLException {
    String path = stored(database);
    return Transactions.immediate(
        connection,
        () -> {
          try (PreparedStatement ps =
              connection.prepareStatement(
                  "DELETE FROM _sharedschema_tasks WHERE path = ? AND state <> 'RunSuccess'"
                      + " AND job_id IN (SELECT id FROM _sharedschema_jobs"
                      + " WHERE state NOT IN ('RunSuccess', 'DryRunFailure'))")) {
            ps.setString(1, path);
            ps.executeUpdate();
          }
          try (PreparedStatement ps =
              connection.prepareStatement("DELETE FROM _sharedschema_links WHERE path = ?")) {
            ps.setString(1, path);
            return ps.executeUpdate() == 1;
          }
        });
  }

  @Override
  public synchronized boolean isLinked(Path database) throws SQLException {
    try (PreparedStatement ps =
        connection.prepareStatement("SELECT 1 FROM _sharedschema_links WHERE path = ?")) {
      ps.setString(1, stored(database));
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  @Override
  public synchronized List<Path> links() throws SQLException {
    List<Path> out = new ArrayList<>();
    try (var st = connection.createStatement();
        ResultSet rs = st.executeQuery("SELECT path FROM _sharedschema_links ORDER BY path")) {
      while (rs.next()) {
        out.add(resolve(rs.getString(1)));
      }
    }
    return out;
  }

  @Override
  public synchronized long submit(Migration migration, long now) throws SQLException {
    return jobs.submit(migration, now);
  }

  @Override
  public synchronized Optional<JobRecord> job(long jobId) throws SQLException {
    return jobs.job(jobId);
  }

  @Override
  public synchronized Optional<JobRecord> headOfQueue() throws SQLException {
    return jobs.headOfQueue();
  }

  @Override
  public synchronized List<JobRecord> jobs(int limit) throws SQLException {
    return jobs.jobs(limit);
  }

  @Override
  public synchronized Migration migration(long jobId) throws SQLException {
    return jobs.migration(jobId);
  }

  @Override
  public synchronized Optional<List<StatementResult>> result(long jobId) throws SQLException {
    return jobs.result(jobId);
  }

  @Override
  public synchronized List<String> tasks(long jobId, TaskState state, String afterPath, int limit)
      throws SQLException {
    return jobs.tasks(jobId, state, afterPath, limit);
  }

  @Override
  public synchronized void record(long jobId, List<TaskOutcome> outcomes, long now)
      throws SQLException {
    jobs.record(jobId, outcomes, now);
  }

  @Override
  public synchronized void moveTasks(long jobId, TaskState from, TaskState to, long now)
      throws SQLException {
    jobs.moveTasks(jobId, from, to, now);
  }

  @Override
  public synchronized boolean moveJob(
      long jobId, JobState from, JobState to, String error, long now) throws SQLException {
    return jobs.moveJob(jobId, from, to, error, now);
  }

  @Override
  public synchronized Map<TaskState, Integer> taskCounts(long jobId) throws SQLException {
    return jobs.taskCounts(jobId);
  }

  @Override
  public synchronized List<TaskFailure> failures(long jobId, int limit) throws SQLException {
    return jobs.failures(jobId, limit);
  }

  @Override
  public synchronized boolean acquireLease(String holder, long now, long ttlMillis)
      throws SQLException {
    try (PreparedStatement ps =
        connection.prepareStatement(
            "INSERT INTO _sharedschema_lease(id, holder, expires_at) VALUES (1, ?, ?)"
                + " ON CONFLICT(id) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at"
                + " WHERE _sharedschema_lease.holder = excluded.holder OR _sharedschema_lease.expires_at < ?")) {
      ps.setString(1, holder);
      ps.setLong(2, now + ttlMillis);
      ps.setLong(3, now);
      return ps.executeUpdate() == 1;
    }
  }

  @Override
  public synchronized void releaseLease(String holder) throws SQLException {
    try (PreparedStatement ps =
        connection.prepareStatement("DELETE FROM _sharedschema_lease WHERE holder = ?")) {
      ps.setString(1, holder);
      ps.executeUpdate();
    }
  }

  @Override
  public synchronized void close() throws SQLException {
    connection.close();
  }
}
