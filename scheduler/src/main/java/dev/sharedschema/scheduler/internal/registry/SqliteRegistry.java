package dev.sharedschema.scheduler.internal.registry;

import dev.sharedschema.scheduler.CanonicalPath;
import dev.sharedschema.scheduler.Fence;
import dev.sharedschema.scheduler.FinalStep;
import dev.sharedschema.scheduler.FleetHistory;
import dev.sharedschema.scheduler.JobRecord;
import dev.sharedschema.scheduler.JobState;
import dev.sharedschema.scheduler.Migration;
import dev.sharedschema.scheduler.Registry;
import dev.sharedschema.scheduler.SchedulerOptions;
import dev.sharedschema.scheduler.SchemaFingerprint;
import dev.sharedschema.scheduler.StatementResult;
import dev.sharedschema.scheduler.TaskFailure;
import dev.sharedschema.scheduler.TaskOutcome;
import dev.sharedschema.scheduler.TaskRef;
import dev.sharedschema.scheduler.TaskState;
import dev.sharedschema.scheduler.internal.BusyRetry;
import dev.sharedschema.scheduler.internal.SqliteFiles;
import dev.sharedschema.scheduler.internal.Transactions;
import dev.sharedschema.scheduler.internal.registry.postgres.Sidecar;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;

/**
 * The registry kept in the SQLite file beside the schema database (DESIGN.md §7), the default
 * {@link Registry}. One connection, used under this object's lock: registry traffic is a few
 * statements per batch of tasks, never per query. Every write is one transaction, retried while the
 * file is busy; a stepper's writes check its fence inside that transaction.
 */
public final class SqliteRegistry implements Registry {
  private final Path schemaDatabase;
  private final Connection connection;
  private final BusyRetry retry;
  private final String id;
  private final SqliteJobs jobs;
  private final SqliteLinks links;
  private final SqliteFinalStep finalStep;

  private SqliteRegistry(
      Path schemaDatabase,
      Connection connection,
      BusyRetry retry,
      SqliteLinks links,
      String id,
      Runnable insideFinalStep) {
    this.schemaDatabase = schemaDatabase;
    this.connection = connection;
    this.retry = retry;
    this.id = id;
    this.links = links;
    this.jobs = new SqliteJobs(connection, links::resolve);
    this.finalStep =
        new SqliteFinalStep(
            schemaDatabase, SqliteFiles.registryOf(schemaDatabase), insideFinalStep);
  }

  /**
   * Opens the registry of {@code schemaDatabase}, creating it when {@code create} (a registry file
   * this call made is removed again if it cannot be set up, so a failed init leaves nothing).
   */
  public static SqliteRegistry open(Path schemaDatabase, boolean create, SchedulerOptions options)
      throws SQLException {
    Path schema = CanonicalPath.of(schemaDatabase);
    Path file = SqliteFiles.registryOf(schema);
    boolean existed = Files.isRegularFile(file);
    if (!create && !existed) {
      throw new SQLException("registry " + file + " does not exist", "08001");
    }
    BusyRetry retry = new BusyRetry(options.clock(), options.busyTimeout());
    Clock clock = options.clock();
    Connection c = null;
    try {
      c = SqliteFiles.openJournaled(file);
      if (existed) {
        refuseSidecar(c, schema);
      }
      Connection opened = c;
      SqliteLinks links = new SqliteLinks(c, schema.getParent());
      String id =
          retry.run(
              () ->
                  Transactions.immediate(
                      opened, () -> RegistrySchema.ensure(opened, schema, links, clock.millis())));
      return new SqliteRegistry(schema, c, retry, links, id, options.faults()::insideFinalStep);
    } catch (SQLException | RuntimeException e) {
      if (c != null) {
        SqliteFiles.closeQuietly(c);
      }
      if (!existed) {
        deleteQuietly(file);
      }
      if (e instanceof SQLException s) {
        throw unreadable(file, s);
      }
      throw e;
    }
  }

  /**
   * A schema database whose fleet's registry is in PostgreSQL keeps only a sidecar beside it; a
   * SQLite registry made there would be a second fleet that migrates none of the first's tenants.
   */
  private static void refuseSidecar(Connection c, Path schema) throws SQLException {
    Optional<String> remote = Sidecar.remoteOf(c);
    if (remote.isPresent()) {
      throw new SQLException(
          "the registry of the schema database "
              + schema
              + " is in PostgreSQL ("
              + remote.get()
              + "): open it with shared_schema_registry=<that URL> (CLI: --registry URL)",
          "08001");
    }
  }

  /** A registry file SQLite cannot read is named as such, not blamed on the schema database. */
  private static SQLException unreadable(Path file, SQLException s) {
    if (SqliteFiles.isNotADatabase(s)) {
      return new SQLException(
          "the registry "
              + file
              + " is not a database (damaged, or replaced by another file): restore it"
              + " from the backup it was made with, together with the schema database",
          "08001",
          s.getErrorCode(),
          s);
    }
    return s;
  }

  private static void deleteQuietly(Path file) {
    for (String suffix : List.of("", "-journal")) {
      try {
        Files.deleteIfExists(file.resolveSibling(file.getFileName() + suffix));
      } catch (IOException ignored) {
        // Left for the operator; the error thrown says what failed.
      }
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

  @Override
  public Path resolve(String storedPath) {
    return links.resolve(storedPath);
  }

  /** The path form stored in the registry for {@code database}. */
  public String stored(Path database) {
    return links.stored(database);
  }

  // ---- reads

  @Override
  public synchronized boolean isLinked(Path database) throws SQLException {
    return retry.run(() -> links.isLinked(database));
  }

  @Override
  public synchronized List<Path> links() throws SQLException {
    return retry.run(links::all);
  }

  @Override
  public synchronized FleetHistory history() throws SQLException {
    return retry.run(() -> read(jobs::history));
  }

  @Override
  public synchronized Optional<SchemaFingerprint> recordedSchema() throws SQLException {
    return retry.run(
        () ->
            read(
                () -> {
                  Optional<String> after = jobs.lastSchema();
                  String text = after.isPresent() ? after.get() : createdSchema();
                  return text == null
                      ? Optional.empty()
                      : Optional.of(SchemaFingerprint.decode(text));
                }));
  }

  private String createdSchema() throws SQLException {
    try (var st = connection.createStatement();
        ResultSet rs = st.executeQuery("SELECT schema FROM _sharedschema_registry")) {
      return rs.next() ? rs.getString(1) : null;
    }
  }

  @Override
  public synchronized Optional<JobRecord> job(long jobId) throws SQLException {
    return retry.run(() -> jobs.job(jobId));
  }

  @Override
  public synchronized Optional<JobRecord> headOfQueue() throws SQLException {
    return retry.run(jobs::headOfQueue);
  }

  @Override
  public synchronized List<JobRecord> jobs(int limit) throws SQLException {
    return retry.run(() -> jobs.jobs(limit));
  }

  @Override
  public synchronized Migration migration(long jobId) throws SQLException {
    return retry.run(() -> jobs.migration(jobId));
  }

  @Override
  public synchronized Optional<List<StatementResult>> result(long jobId) throws SQLException {
    return retry.run(() -> jobs.result(jobId));
  }

  @Override
  public synchronized List<TaskRef> tasks(long jobId, TaskState state, String afterPath, int limit)
      throws SQLException {
    return retry.run(() -> jobs.tasks(jobId, state, afterPath, limit));
  }

  @Override
  public synchronized Map<TaskState, Integer> taskCounts(long jobId) throws SQLException {
    return retry.run(() -> jobs.taskCounts(jobId));
  }

  @Override
  public synchronized List<TaskFailure> failures(long jobId, int limit) throws SQLException {
    return retry.run(() -> jobs.failures(jobId, limit));
  }

  /** Several reads that must see one state (a read transaction). */
  private <T> T read(Transactions.Body<T> body) throws SQLException {
    return Transactions.deferred(connection, body);
  }

  // ---- operator writes

  @Override
  public synchronized boolean addLinks(List<Path> databases, long baseline, long now)
      throws SQLException {
    return write(
        () -> {
          if (jobs.finishedAfter(baseline)) {
            return false;
          }
          long generation = links.nextGeneration();
          for (Path db : databases) {
            links.add(db, generation, now);
          }
          jobs.recountUnfinished();
          return true;
        });
  }

  @Override
  public synchronized boolean unlink(Path database, long now) throws SQLException {
    return write(
        () -> {
          boolean was = links.remove(database);
          links.nextGeneration();
          jobs.recountUnfinished();
          return was;
        });
  }

  @Override
  public synchronized long submit(Migration migration, long now) throws SQLException {
    return write(() -> jobs.submit(migration, now));
  }

  @Override
  public synchronized boolean retry(long jobId, long now) throws SQLException {
    return write(
        () -> {
          if (!jobs.moveJob(jobId, JobState.RunFailure, JobState.WaitingRun, null, now)) {
            return false;
          }
          jobs.moveTasks(jobId, TaskState.RunFailure, TaskState.Run, now);
          jobs.moveTasks(jobId, TaskState.DryRunFailure, TaskState.Enqueued, now);
          return true;
        });
  }

  private <T> T write(Transactions.Body<T> body) throws SQLException {
    return retry.run(() -> Transactions.immediate(connection, body));
  }

  // ---- stepper writes

  @Override
  public synchronized void record(Fence fence, long jobId, List<TaskOutcome> outcomes, long now)
      throws SQLException {
    fenced(
        fence,
        "outcomes of job " + jobId,
        () -> {
          jobs.record(jobId, outcomes, now);
          return null;
        });
  }

  @Override
  public synchronized void moveTasks(
      Fence fence, long jobId, TaskState from, TaskState to, long now) throws SQLException {
    fenced(
        fence,
        "move of job " + jobId + "'s tasks to " + to,
        () -> {
          jobs.moveTasks(jobId, from, to, now);
          return null;
        });
  }

  @Override
  public synchronized boolean moveJob(
      Fence fence, long jobId, JobState from, JobState to, String error, long now)
      throws SQLException {
    return fenced(
        fence,
        "move of job " + jobId + " to " + to,
        () -> jobs.moveJob(jobId, from, to, error, now));
  }

  @Override
  public synchronized JobState endDryRun(
      Fence fence,
      long jobId,
      List<TaskOutcome> last,
      boolean schemaFailed,
      IntFunction<String> errorOf,
      long now)
      throws SQLException {
    return fenced(
        fence,
        "end of job " + jobId + "'s dry run",
        () -> {
          jobs.record(jobId, last, now);
          int failed = jobs.failedTasks(jobId);
          if (failed > 0 || schemaFailed) {
            jobs.moveJob(
                jobId, JobState.WaitingDryRun, JobState.DryRunFailure, errorOf.apply(failed), now);
            return JobState.DryRunFailure;
          }
          jobs.moveJob(jobId, JobState.WaitingDryRun, JobState.DryRunSuccess, null, now);
          jobs.moveTasks(jobId, TaskState.DryRunSuccess, TaskState.Run, now);
          jobs.moveJob(jobId, JobState.DryRunSuccess, JobState.WaitingRun, null, now);
          return JobState.WaitingRun;
        });
  }

  private <T> T fenced(Fence fence, String what, Transactions.Body<T> body) throws SQLException {
    return write(
        () -> {
          SqliteLease.require(connection, "main", fence, what);
          return body.run();
        });
  }

  /**
   * Not synchronized: it runs on a connection of its own to the schema database, and holding this
   * object's lock through a long migration would stall every status read and the heartbeat.
   */
  @Override
  public FinalStep.Outcome finish(
      Fence fence, long jobId, List<TaskOutcome> last, FinalStep step, long now)
      throws SQLException {
    return retry.run(() -> finalStep.run(fence, jobId, last, step, now));
  }

  // ---- lease

  @Override
  public synchronized Optional<Fence> acquireLease(String holder, long now, long ttlMillis)
      throws SQLException {
    return write(() -> SqliteLease.acquire(connection, holder, now, ttlMillis));
  }

  @Override
  public synchronized boolean renewLease(Fence fence, long now, long ttlMillis)
      throws SQLException {
    return write(() -> PortableStatements.renewLease(connection, fence, now + ttlMillis));
  }

  @Override
  public synchronized boolean holdsLease(Fence fence) throws SQLException {
    return retry.run(() -> SqliteLease.holds(connection, "main", fence));
  }

  @Override
  public synchronized void releaseLease(Fence fence) throws SQLException {
    write(
        () -> {
          PortableStatements.releaseLease(connection, fence);
          return null;
        });
  }

  @Override
  public synchronized void close() throws SQLException {
    connection.close();
  }

  @Override
  public String toString() {
    return "registry of " + schemaDatabase;
  }
}
