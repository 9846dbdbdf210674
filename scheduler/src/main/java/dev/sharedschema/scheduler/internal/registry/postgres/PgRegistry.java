package dev.sharedschema.scheduler.internal.registry.postgres;

import dev.sharedschema.scheduler.CanonicalPath;
import dev.sharedschema.scheduler.FaultHooks;
import dev.sharedschema.scheduler.Fence;
import dev.sharedschema.scheduler.FinalStep;
import dev.sharedschema.scheduler.FleetHistory;
import dev.sharedschema.scheduler.JobRecord;
import dev.sharedschema.scheduler.JobState;
import dev.sharedschema.scheduler.Migration;
import dev.sharedschema.scheduler.NodeRegistry;
import dev.sharedschema.scheduler.NodeStatus;
import dev.sharedschema.scheduler.SchemaFingerprint;
import dev.sharedschema.scheduler.StatementResult;
import dev.sharedschema.scheduler.TaskFailure;
import dev.sharedschema.scheduler.TaskOutcome;
import dev.sharedschema.scheduler.TaskRef;
import dev.sharedschema.scheduler.TaskState;
import dev.sharedschema.scheduler.internal.registry.PortableStatements;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;

/**
 * The registry of a fleet spread over several machines, in PostgreSQL (DESIGN.md §10). One handle
 * per JVM and node: reads and writes are one transaction each on one connection ({@link
 * PgSession}); a coordinator's writes check its fence in the same transaction; a node's workers
 * claim and record their own tasks in batches. Opened with {@link PgRegistries}.
 */
public final class PgRegistry implements NodeRegistry {
  private final PgSession session;
  private final String id;
  private final String node;
  private final String schemaNode;
  private final Path schemaDatabase;
  private final Duration nodeTimeout;
  private final PgFinalStep finalStep;
  private final PgClaims claims;

  PgRegistry(
      PgSession session,
      String id,
      String node,
      String schemaNode,
      Path schemaDatabase,
      Duration nodeTimeout,
      FaultHooks faults) {
    this.session = session;
    this.id = id;
    this.node = node;
    this.schemaNode = schemaNode;
    this.schemaDatabase = schemaDatabase;
    this.nodeTimeout = nodeTimeout;
    this.claims = new PgClaims(session.url(), node);
    this.finalStep =
        node.equals(schemaNode) ? new PgFinalStep(schemaDatabase, session.url(), faults) : null;
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
  public String node() {
    return node;
  }

  @Override
  public String schemaNode() {
    return schemaNode;
  }

  @Override
  public Duration nodeTimeout() {
    return nodeTimeout;
  }

  @Override
  public Path resolve(String storedPath) {
    return Path.of(storedPath);
  }

  private static String stored(Path database) {
    return CanonicalPath.of(database).toString();
  }

  // ---- links

  @Override
  public boolean isLinked(Path database) throws SQLException {
    return session.tx(c -> PgLinks.isLinked(c, node, stored(database)));
  }

  @Override
  public List<Path> links() throws SQLException {
    return session.tx(c -> PgLinks.paths(c, node).stream().map(Path::of).toList());
  }

  @Override
  public List<NodeLink> allLinks() throws SQLException {
    return session.tx(PgLinks::all);
  }

  @Override
  public boolean addLinks(List<Path> databases, long baseline, long now) throws SQLException {
    List<String> paths = databases.stream().map(PgRegistry::stored).toList();
    return session.tx(
        c -> {
          PgLinks.lockFleet(c);
          if (PgJobs.finishedAfter(c, baseline)) {
            return false;
          }
          PgNodes.ensureNode(c, node, now);
          PgLinks.add(c, node, paths, PgLinks.nextGeneration(c), now);
          PgJobs.recountUnfinished(c);
          return true;
        });
  }

  @Override
  public boolean unlink(Path database, long now) throws SQLException {
    return session.tx(
        c -> {
          PgLinks.lockFleet(c);
          boolean was = PgLinks.remove(c, node, stored(database));
          PgLinks.nextGeneration(c);
          PgJobs.recountUnfinished(c);
          return was;
        });
  }

  // ---- history

  /**
   * The finished jobs; on the schema node also a job the sidecar records as applied to the schema
   * database while the registry has not caught up (between the final step's two commits, or after a
   * crash there): the schema database's file holds it, so a copy of it does too.
   */
  @Override
  public FleetHistory history() throws SQLException {
    FleetHistory h = session.tx(PgJobs::history);
    if (finalStep == null) {
      return h;
    }
    List<Long> ids = new ArrayList<>();
    List<String> tokens = new ArrayList<>();
    for (Map.Entry<Long, String> e : Sidecar.applied(schemaDatabase).entrySet()) {
      if (e.getKey() > h.head()
          && job(e.getKey()).map(j -> j.token().equals(e.getValue())).orElse(false)) {
        ids.add(e.getKey());
        tokens.add(e.getValue());
      }
    }
    if (ids.isEmpty()) {
      return h;
    }
    List<Long> allIds = new ArrayList<>(h.between(0, Long.MAX_VALUE));
    List<String> allTokens = new ArrayList<>();
    for (long i : allIds) {
      allTokens.add(h.token(i));
    }
    allIds.addAll(ids);
    allTokens.addAll(tokens);
    return new FleetHistory(
        allIds.stream().mapToLong(Long::longValue).toArray(),
        allTokens.toArray(String[]::new),
        0,
        0);
  }

  @Override
  public Optional<SchemaFingerprint> recordedSchema() throws SQLException {
    return session.tx(PgJobs::lastSchema).map(SchemaFingerprint::decode);
  }

  // ---- jobs

  @Override
  public long submit(Migration migration, long now) throws SQLException {
    return session.tx(
        c -> {
          PgLinks.lockFleet(c);
          return PgJobs.submit(c, migration, now);
        });
  }

  @Override
  public Optional<JobRecord> job(long jobId) throws SQLException {
    return session.tx(c -> PgJobs.job(c, jobId));
  }

  @Override
  public Optional<JobRecord> headOfQueue() throws SQLException {
    return session.tx(PgJobs::headOfQueue);
  }

  @Override
  public List<JobRecord> jobs(int limit) throws SQLException {
    return session.tx(c -> PgJobs.jobs(c, limit));
  }

  @Override
  public Migration migration(long jobId) throws SQLException {
    return session.tx(c -> PgJobs.migration(c, jobId));
  }

  @Override
  public Optional<List<StatementResult>> result(long jobId) throws SQLException {
    return session.tx(c -> PgJobs.result(c, jobId));
  }

  @Override
  public List<TaskRef> tasks(long jobId, TaskState state, String afterPath, int limit)
      throws SQLException {
    return session.tx(c -> PgTasks.tasks(c, node, jobId, state, afterPath, limit));
  }

  @Override
  public Map<TaskState, Integer> taskCounts(long jobId) throws SQLException {
    return session.tx(c -> PgJobs.taskCounts(c, jobId));
  }

  @Override
  public List<TaskFailure> failures(long jobId, int limit) throws SQLException {
    return session.tx(c -> PgJobs.failures(c, jobId, limit, node));
  }

  @Override
  public boolean retry(long jobId, long now) throws SQLException {
    return session.tx(
        c -> {
          PgLinks.lockFleet(c);
          if (!PgJobs.moveJob(c, jobId, JobState.RunFailure, JobState.WaitingRun, null, now)) {
            return false;
          }
          PgTasks.move(c, jobId, TaskState.RunFailure, TaskState.Run, now);
          PgTasks.move(c, jobId, TaskState.DryRunFailure, TaskState.Enqueued, now);
          return true;
        });
  }

  // ---- stepping (fenced)

  @Override
  public void record(Fence fence, long jobId, List<TaskOutcome> outcomes, long now)
      throws SQLException {
    session.tx(
        c -> {
          PgLease.require(c, fence, "outcomes of job " + jobId);
          PgTasks.record(c, node, jobId, outcomes, now);
          return null;
        });
  }

  @Override
  public void moveTasks(Fence fence, long jobId, TaskState from, TaskState to, long now)
      throws SQLException {
    session.tx(
        c -> {
          PgLease.require(c, fence, "move of job " + jobId + "'s tasks to " + to);
          PgTasks.move(c, jobId, from, to, now);
          return null;
        });
  }

  @Override
  public boolean moveJob(
      Fence fence, long jobId, JobState from, JobState to, String error, long now)
      throws SQLException {
    return session.tx(
        c -> {
          PgLease.require(c, fence, "move of job " + jobId + " to " + to);
          return PgJobs.moveJob(c, jobId, from, to, error, now);
        });
  }

  @Override
  public boolean markChecked(Fence fence, long jobId, String proof, long now) throws SQLException {
    return session.tx(
        c -> {
          PgLease.require(c, fence, "dry run of job " + jobId + " on the schema database");
          return PgJobs.markChecked(c, jobId, proof, now);
        });
  }

  @Override
  public Optional<Checked> checked(long jobId) throws SQLException {
    String proof = session.tx(c -> PgJobs.checked(c, jobId));
    return proof == null
        ? Optional.empty()
        : Optional.of(new Checked(proof.isEmpty() ? null : proof));
  }

  @Override
  public JobState endDryRun(
      Fence fence,
      long jobId,
      List<TaskOutcome> last,
      boolean schemaFailed,
      IntFunction<String> errorOf,
      long now)
      throws SQLException {
    return session.tx(
        c -> {
          PgLease.require(c, fence, "end of job " + jobId + "'s dry run");
          PgTasks.record(c, node, jobId, last, now);
          Map<TaskState, Integer> counts = PgJobs.taskCounts(c, jobId);
          int failed = 0;
          for (TaskState s : TaskState.failed()) {
            failed += counts.getOrDefault(s, 0);
          }
          if (failed > 0 || schemaFailed) {
            PgJobs.moveJob(
                c,
                jobId,
                JobState.WaitingDryRun,
                JobState.DryRunFailure,
                errorOf.apply(failed),
                now);
            return JobState.DryRunFailure;
          }
          PgJobs.moveJob(c, jobId, JobState.WaitingDryRun, JobState.DryRunSuccess, null, now);
          PgTasks.move(c, jobId, TaskState.DryRunSuccess, TaskState.Run, now);
          PgJobs.moveJob(c, jobId, JobState.DryRunSuccess, JobState.WaitingRun, null, now);
          return JobState.WaitingRun;
        });
  }

  @Override
  public FinalStep.Outcome finish(
      Fence fence, long jobId, List<TaskOutcome> last, FinalStep step, long now)
      throws SQLException {
    if (!last.isEmpty()) {
      record(fence, jobId, last, now);
    }
    if (finalStep == null) {
      throw new SQLException(
          "the final step of job "
              + jobId
              + " runs on the schema node "
              + schemaNode
              + ", not on "
              + node,
          "0A000");
    }
    return finalStep.run(fence, jobId, step, now);
  }

  // ---- node work

  @Override
  public Claim claim(long jobId, TaskState state, int limit) throws SQLException {
    return claims.claim(jobId, state, limit);
  }

  @Override
  public long progress() throws SQLException {
    return session.tx(PgTasks::progress);
  }

  @Override
  public void heartbeat(String member, long now) throws SQLException {
    session.tx(
        c -> {
          PgNodes.heartbeat(c, member, node, now);
          return null;
        });
  }

  @Override
  public List<NodeStatus> nodeStatus(long jobId) throws SQLException {
    return session.tx(c -> PgNodes.status(c, jobId, System.currentTimeMillis()));
  }

  /** The last heartbeat of every node with links (0: never). */
  public Map<String, Long> lastHeartbeats() throws SQLException {
    return session.tx(PgNodes::lastHeartbeats);
  }

  @Override
  public Optional<Path> template() throws SQLException {
    String t = session.tx(c -> PgNodes.template(c, node));
    return t == null ? Optional.empty() : Optional.of(Path.of(t));
  }

  @Override
  public Path recordTemplate(Path template, long now) throws SQLException {
    String kept = session.tx(c -> PgNodes.recordTemplate(c, node, stored(template), now));
    return Path.of(kept);
  }

  @Override
  public Optional<Snapshot> snapshot() throws SQLException {
    return session.tx(PgRegistries::snapshot);
  }

  @Override
  public void publishSnapshot(long job) throws SQLException {
    if (finalStep == null) {
      throw new SQLException(
          "only the schema node " + schemaNode + " publishes its schema", "0A000");
    }
    byte[] file = PgFinalStep.snapshot(schemaDatabase);
    session.tx(
        c -> {
          PgRegistries.publish(c, file, job);
          return null;
        });
  }

  // ---- lease

  @Override
  public Optional<Fence> acquireLease(String holder, long now, long ttlMillis) throws SQLException {
    return session.tx(c -> PgLease.acquire(c, holder, now, ttlMillis));
  }

  @Override
  public boolean renewLease(Fence fence, long now, long ttlMillis) throws SQLException {
    return session.tx(c -> PortableStatements.renewLease(c, fence, now + ttlMillis));
  }

  @Override
  public boolean holdsLease(Fence fence) throws SQLException {
    return session.tx(c -> PgLease.holds(c, fence, false));
  }

  @Override
  public void releaseLease(Fence fence) throws SQLException {
    session.tx(
        c -> {
          PortableStatements.releaseLease(c, fence);
          return null;
        });
  }

  @Override
  public void close() {
    claims.close();
    if (finalStep != null) {
      finalStep.close();
    }
    session.close();
  }

  @Override
  public String toString() {
    return "registry " + PgSession.redacted(session.url()) + " (node " + node + ")";
  }
}
