package dev.sharedschema.scheduler;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where the state of one schema database's fleet lives: its id, links, jobs, tasks and lease.
 * Behind an interface so that a registry shared by several machines (PostgreSQL, tasks claimed with
 * {@code FOR UPDATE SKIP LOCKED}) can follow the SQLite file beside the schema database.
 */
public interface Registry extends AutoCloseable {
  /** The random id made when the registry was created; keys each linked database's applied rows. */
  String id();

  /** The schema database this registry belongs to (absolute, normalised). */
  Path schemaDatabase();

  // ---- links

  /** Records {@code database} as linked; linking twice is harmless. */
  void link(Path database) throws SQLException;

  /**
   * Forgets {@code database}: its unfinished tasks are dropped; returns false if it was not linked.
   */
  boolean unlink(Path database) throws SQLException;

  /** True when {@code database} is recorded as linked. */
  boolean isLinked(Path database) throws SQLException;

  /** The linked databases, as absolute paths, in path order. */
  List<Path> links() throws SQLException;

  /** The absolute path of a database as stored in task rows. */
  Path resolve(String storedPath);

  // ---- jobs and tasks

  /**
   * Records a job in {@code WaitingDryRun} with one {@code Enqueued} task per linked database,
   * atomically.
   */
  long submit(Migration migration, long now) throws SQLException;

  Optional<JobRecord> job(long id) throws SQLException;

  /** The oldest job that is not terminal: the one the queue is working on (or paused at). */
  Optional<JobRecord> headOfQueue() throws SQLException;

  /** Jobs newest first, at most {@code limit}. */
  List<JobRecord> jobs(int limit) throws SQLException;

  Migration migration(long jobId) throws SQLException;

  /** The schema database's results of a job in {@code RunSuccess}, else empty. */
  Optional<List<StatementResult>> result(long jobId) throws SQLException;

  /**
   * Up to {@code limit} stored paths of tasks of {@code jobId} in {@code state}, after {@code
   * afterPath} in path order.
   */
  List<String> tasks(long jobId, TaskState state, String afterPath, int limit) throws SQLException;

  /** Records a batch of outcomes in one transaction. */
  void record(long jobId, List<TaskOutcome> outcomes, long now) throws SQLException;

  /** Moves every task of {@code jobId} in {@code from} to {@code to}. */
  void moveTasks(long jobId, TaskState from, TaskState to, long now) throws SQLException;

  /**
   * Moves the job if it is still in {@code from} (an optimistic update: two schedulers never both
   * move it). Returns false when it was not in {@code from}.
   */
  boolean moveJob(long jobId, JobState from, JobState to, String error, long now)
      throws SQLException;

  Map<TaskState, Integer> taskCounts(long jobId) throws SQLException;

  /** Failed tasks of a job, at most {@code limit}, in path order. */
  List<TaskFailure> failures(long jobId, int limit) throws SQLException;

  // ---- lease: which scheduler instance steps jobs

  /**
   * Takes or renews the lease for {@code holder} until {@code now + ttlMillis}; false if another
   * holds it.
   */
  boolean acquireLease(String holder, long now, long ttlMillis) throws SQLException;

  /** Gives the lease up if {@code holder} has it. */
  void releaseLease(String holder) throws SQLException;

  @Override
  void close() throws SQLException;
}
