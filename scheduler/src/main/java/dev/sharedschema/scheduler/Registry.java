package dev.sharedschema.scheduler;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;

/**
 * The one door to a fleet's state (DESIGN.md §7): its id, links, jobs, tasks, history and lease.
 * Only an implementation of this interface reads or writes registry tables; linking, the final step
 * and status all go through it. The SQLite file beside the schema database is the default ({@link
 * RegistryFile}).
 *
 * <p>Writes come from two kinds of callers. A <em>stepper</em> (the scheduler holding the lease)
 * records outcomes and moves tasks and jobs: each such write names its {@link Fence} and is made
 * only if that fence still holds the lease, in the same transaction; otherwise it throws {@link
 * LeaseLostException} and changes nothing. An <em>operator</em> (submit, link, unlink, retry) does
 * not step jobs and is not fenced; its writes are conditional on the states they move from.
 */
public interface Registry extends AutoCloseable {
  /** The random id made when the registry was created; keys each linked database's rows. */
  String id();

  /** The schema database this registry belongs to (canonical path). */
  Path schemaDatabase();

  // ---- links (operator)

  /** True when {@code database} (any spelling) is recorded as linked. */
  boolean isLinked(Path database) throws SQLException;

  /** The linked databases, as canonical paths, in path order. */
  List<Path> links() throws SQLException;

  /** The canonical path of a database as stored in task rows. */
  Path resolve(String storedPath);

  /**
   * Records {@code databases} (canonical paths) as linked, each under a new generation, with an
   * {@code Enqueued} task for every unfinished job, in one transaction — provided that no job after
   * {@code baseline} finished meanwhile, since the files hold the fleet's state as of that job.
   *
   * @return true when recorded; false when a later job finished first (bring the files up to date
   *     and call again)
   */
  boolean addLinks(List<Path> databases, long baseline, long now) throws SQLException;

  /**
   * Forgets {@code database}: its tasks of unfinished jobs are dropped and its generation moves on,
   * so an outcome still on its way for it is discarded. Returns false if it was not linked.
   */
  boolean unlink(Path database, long now) throws SQLException;

  // ---- history

  /** The finished jobs with their tokens: what linked databases are compared with. */
  FleetHistory history() throws SQLException;

  /**
   * The schema database's schema as the registry last recorded it (after the last finished job, or
   * when the registry was made), if it was recorded.
   */
  Optional<SchemaFingerprint> recordedSchema() throws SQLException;

  // ---- jobs (operator)

  /**
   * Records a job in {@code WaitingDryRun} with a new token and one {@code Enqueued} task per
   * linked database, atomically; returns its id.
   */
  long submit(Migration migration, long now) throws SQLException;

  Optional<JobRecord> job(long id) throws SQLException;

  /** The oldest job that is not terminal: the one the queue is working on (or paused at). */
  Optional<JobRecord> headOfQueue() throws SQLException;

  /** Jobs newest first, at most {@code limit}. */
  List<JobRecord> jobs(int limit) throws SQLException;

  /** The migration of job {@code jobId} (kept for every job, for catch-up). */
  Migration migration(long jobId) throws SQLException;

  /** The schema database's results of a job in {@code RunSuccess}, else empty. */
  Optional<List<StatementResult>> result(long jobId) throws SQLException;

  /** Up to {@code limit} tasks of {@code jobId} in {@code state}, after {@code afterPath}. */
  List<TaskRef> tasks(long jobId, TaskState state, String afterPath, int limit) throws SQLException;

  Map<TaskState, Integer> taskCounts(long jobId) throws SQLException;

  /** Failed tasks of a job, at most {@code limit}, in path order. */
  List<TaskFailure> failures(long jobId, int limit) throws SQLException;

  /**
   * Re-drives job {@code jobId}, paused in {@code RunFailure}: its failed tasks go back to be run
   * (or dry-run) and the job to {@code WaitingRun}, in one transaction. Returns false when the job
   * was not paused.
   */
  boolean retry(long jobId, long now) throws SQLException;

  // ---- stepping (fenced)

  /**
   * Records a batch of outcomes, each only over the state and link generation it was computed from
   * (others are dropped: the task moved on, or its link was made anew).
   */
  void record(Fence fence, long jobId, List<TaskOutcome> outcomes, long now) throws SQLException;

  /** Moves every task of {@code jobId} in {@code from} to {@code to}. */
  void moveTasks(Fence fence, long jobId, TaskState from, TaskState to, long now)
      throws SQLException;

  /** Moves the job if it is still in {@code from}; false when it was not. */
  boolean moveJob(Fence fence, long jobId, JobState from, JobState to, String error, long now)
      throws SQLException;

  /**
   * Ends the dry run of job {@code jobId} (in {@code WaitingDryRun}) in one transaction: records
   * {@code last}, the outcomes of its last batch; then, when no task of the job failed and {@code
   * schemaFailed} is false, moves it through {@code DryRunSuccess} to {@code WaitingRun} with its
   * passed tasks to {@code Run}; otherwise to {@code DryRunFailure} with the error {@code errorOf}
   * gives for the number of failed tasks.
   *
   * @return the job's state afterwards
   */
  JobState endDryRun(
      Fence fence,
      long jobId,
      List<TaskOutcome> last,
      boolean schemaFailed,
      IntFunction<String> errorOf,
      long now)
      throws SQLException;

  /**
   * The job's last step: records {@code last} (the outcomes of the run's last batch, all
   * successes); then, if every task of {@code jobId} succeeded and the job is in {@code
   * WaitingRun}, applies {@code step} to the schema database and marks the job {@code RunSuccess}
   * with its results and the schema database's schema — all atomically.
   */
  FinalStep.Outcome finish(
      Fence fence, long jobId, List<TaskOutcome> last, FinalStep step, long now)
      throws SQLException;

  // ---- lease: which scheduler instance steps jobs

  /**
   * Takes the lease for {@code holder} until {@code now + ttlMillis} if it is free or expired, in a
   * new epoch; empty if another holds it.
   */
  Optional<Fence> acquireLease(String holder, long now, long ttlMillis) throws SQLException;

  /** Extends the lease of {@code fence}; false when it was taken over (or released). */
  boolean renewLease(Fence fence, long now, long ttlMillis) throws SQLException;

  /** True while {@code fence} still holds the lease. */
  boolean holdsLease(Fence fence) throws SQLException;

  /**
   * Gives the lease up if {@code fence} holds it (the epoch stays: the next holder moves it on).
   */
  void releaseLease(Fence fence) throws SQLException;

  @Override
  void close() throws SQLException;
}
