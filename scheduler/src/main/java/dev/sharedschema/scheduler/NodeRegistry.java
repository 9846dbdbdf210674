package dev.sharedschema.scheduler;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * A registry shared by several machines (DESIGN.md §10): each link has an owner node, and a node's
 * workers claim only the tasks of files it owns, in batches. The {@link Registry} methods of such a
 * registry speak for this handle's {@link #node()}: {@link #links()}, {@link #isLinked}, {@link
 * #addLinks}, {@link #unlink} and {@link #tasks} are about this node's files; jobs, counts,
 * failures and history are the whole fleet's.
 */
public interface NodeRegistry extends Registry {
  /** The node this handle acts for. */
  String node();

  /** The node that holds the schema database. */
  String schemaNode();

  /** True when this handle is on the schema database's node. */
  default boolean isSchemaNode() {
    return node().equals(schemaNode());
  }

  /** How long the dry run waits for a node that stopped heartbeating; null: unbounded. */
  java.time.Duration nodeTimeout();

  /**
   * Claims up to {@code limit} tasks of this node in {@code state} for job {@code jobId}: they are
   * locked ({@code FOR UPDATE SKIP LOCKED}) in a transaction of their own that stays open until the
   * claim records its outcomes or is closed, so several JVMs of a node share the work without
   * waiting on each other, and the tasks of a JVM that dies pass on as soon as its connection does.
   * One round trip; the claim's tasks may be empty.
   */
  Claim claim(long jobId, TaskState state, int limit) throws SQLException;

  /** A batch of tasks held by one JVM of the node until it records them or lets them go. */
  interface Claim extends AutoCloseable {
    List<TaskRef> tasks();

    /**
     * Records the batch's outcomes, each only over the state and link generation it was computed
     * from, and lets the tasks go: one round trip.
     */
    void record(List<TaskOutcome> outcomes, long now) throws SQLException;

    /** Lets the tasks go unrecorded (another JVM, or a later pass, claims them again). */
    @Override
    void close();
  }

  /**
   * Records that the schema database passed job {@code jobId}'s dry run (node workers start only
   * then), with the schema text a schema-determined migration was checked against, or null.
   */
  boolean markChecked(Fence fence, long jobId, String proof, long now) throws SQLException;

  /** Whether the schema database passed the job's dry run, and its proof; empty: not yet. */
  Optional<Checked> checked(long jobId) throws SQLException;

  /** What {@link #checked} returns. */
  record Checked(String proof) {}

  /**
   * A number that grows whenever any node records a batch of outcomes: cheap to read, so the
   * coordinator counts a job's tasks again only when it moved (or now and then, for links and
   * retries).
   */
  long progress() throws SQLException;

  /** Says that {@code member}, a JVM of this node, is alive. */
  void heartbeat(String member, long now) throws SQLException;

  /** Every node with links or members: last heartbeat, template, tasks of job {@code jobId}. */
  List<NodeStatus> nodeStatus(long jobId) throws SQLException;

  /** Every link of every node, in node then path order. */
  List<NodeLink> allLinks() throws SQLException;

  /** One link: its owner node and the path on that node. */
  record NodeLink(String node, String path) {}

  /** This node's template (the copy source of new tenants here), once made. */
  Optional<Path> template() throws SQLException;

  /**
   * Records {@code template} as this node's template unless one is recorded; returns the one kept.
   */
  Path recordTemplate(Path template, long now) throws SQLException;

  /**
   * The schema database's file as of a finished job, for making a template on a node that has none
   * (the schema database is not there); empty before the schema node published one.
   */
  Optional<Snapshot> snapshot() throws SQLException;

  /**
   * On the schema node: publishes the schema database's file as of finished job {@code job} (0:
   * before any job), read under its read lock.
   */
  void publishSnapshot(long job) throws SQLException;

  /** What {@link #snapshot} returns. */
  record Snapshot(byte[] file, long job) {}
}
