package dev.sharedschema.driver;

import dev.sharedschema.driver.internal.ScriptMigration;
import dev.sharedschema.scheduler.FleetNode;
import dev.sharedschema.scheduler.JobRecord;
import dev.sharedschema.scheduler.LinkOutcome;
import dev.sharedschema.scheduler.Linker;
import dev.sharedschema.scheduler.MigrationListener;
import dev.sharedschema.scheduler.MigrationResult;
import dev.sharedschema.scheduler.NodeRegistry;
import dev.sharedschema.scheduler.NodeSettings;
import dev.sharedschema.scheduler.NodeStatus;
import dev.sharedschema.scheduler.Registry;
import dev.sharedschema.scheduler.Scheduler;
import dev.sharedschema.scheduler.SchedulerOptions;
import dev.sharedschema.scheduler.SchemaFingerprint;
import dev.sharedschema.scheduler.TaskRef;
import dev.sharedschema.scheduler.TaskState;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The operator's view of one schema database and its fleet (DESIGN.md §8): links, jobs, drift,
 * recovery. Starts (or shares) the JVM's scheduler for the schema database, so unfinished jobs
 * resume while it is open.
 */
public final class SharedSchema implements AutoCloseable {
  /** How many failing databases a {@link JobSummary} lists. */
  public static final int FAILURES_SHOWN = 5;

  private static final int TASK_PAGE = 1000;

  /** The schema database's scheduler; null on a node without the schema database. */
  private final Scheduler scheduler;

  /** On a node without the schema database (DESIGN.md §10): that node's work; else null. */
  private final FleetNode node;

  private boolean closed;

  private SharedSchema(Scheduler scheduler, FleetNode node) {
    this.scheduler = scheduler;
    this.node = node;
  }

  /**
   * Opens the schema database {@code schemaDb}.
   *
   * @throws dev.sharedschema.scheduler.NotASchemaDatabaseException when it has no registry (make
   *     one with {@code sharedschema init} or a {@code shared_schema=true} URL)
   */
  public static SharedSchema open(Path schemaDb) throws SQLException {
    return open(schemaDb, SchedulerOptions.DEFAULTS);
  }

  public static SharedSchema open(Path schemaDb, SchedulerOptions options) throws SQLException {
    return new SharedSchema(Scheduler.acquire(schemaDb, options), null);
  }

  /**
   * Makes {@code schemaDb} a schema database (creating the file and its registry if missing), then
   * opens it.
   */
  public static SharedSchema init(Path schemaDb) throws SQLException {
    SharedSchemaDriver.register();
    Path abs = schemaDb.toAbsolutePath().normalize();
    DriverManager.getConnection("jdbc:sharedschema:sqlite:" + abs + "?shared_schema=true").close();
    return open(abs);
  }

  /**
   * Opens a fleet whose registry is in PostgreSQL as one of its nodes ({@code settings.node()}),
   * which need not hold the schema database (DESIGN.md §10): its links, link and unlink on this
   * node, status of every job and node, drift of this node's files. This JVM does the node's share
   * of every job while it is open. Migrations are submitted on the schema node.
   */
  public static SharedSchema openNode(NodeSettings settings, SchedulerOptions options)
      throws SQLException {
    return new SharedSchema(null, FleetNode.acquire(settings, options));
  }

  /**
   * As {@link #init(Path)}, for a fleet whose registry is in PostgreSQL ({@code settings}); this
   * machine is its schema node (DESIGN.md §10).
   */
  public static SharedSchema init(Path schemaDb, NodeSettings settings) throws SQLException {
    SharedSchemaDriver.register();
    Path abs = schemaDb.toAbsolutePath().normalize();
    DriverManager.getConnection(
            "jdbc:sharedschema:sqlite:"
                + abs
                + "?shared_schema=true&shared_schema_registry="
                + URLEncoder.encode(settings.registryUrl(), StandardCharsets.UTF_8)
                + "&shared_schema_node="
                + URLEncoder.encode(settings.node(), StandardCharsets.UTF_8))
        .close();
    return open(abs, SchedulerOptions.DEFAULTS.withRegistry(settings.provider()));
  }

  /** The schema database (on a node without it: its path on the schema node). */
  public Path schemaDatabase() {
    return registry().schemaDatabase();
  }

  private Registry registry() {
    return scheduler != null ? scheduler.registry() : node.registry();
  }

  private Linker linker() {
    return scheduler != null ? scheduler.linker() : node.linker();
  }

  private Scheduler scheduler() throws SQLException {
    if (scheduler == null) {
      throw new SQLException(
          "migrations of this fleet are submitted on its schema node "
              + node.registry().schemaNode()
              + " (the schema database "
              + node.registry().schemaDatabase()
              + "), not on node "
              + node.node(),
          "0A000");
    }
    return scheduler;
  }

  /**
   * The nodes of a fleet whose registry is in PostgreSQL, with their last heartbeat and their tasks
   * in job {@code jobId} (DESIGN.md §10); empty for a fleet on one machine.
   */
  public List<NodeStatus> nodes(long jobId) throws SQLException {
    return registry() instanceof NodeRegistry n ? n.nodeStatus(jobId) : List.of();
  }

  /** Every link of every node ({@code node}, path there); empty for a fleet on one machine. */
  public List<NodeRegistry.NodeLink> nodeLinks() throws SQLException {
    return registry() instanceof NodeRegistry n ? n.allLinks() : List.of();
  }

  /** The linked databases, in path order. */
  public List<Path> links() throws SQLException {
    return registry().links();
  }

  /**
   * Links {@code database} (any spelling of it: links are kept by canonical path). A missing file
   * is created as a copy of the schema database; an existing one that was never part of this fleet
   * is linked only if its schema equals the schema database's; one that was (unlinked, restored
   * from a backup, a copy of a tenant) is caught up on the jobs it missed; one already linked is
   * brought up to date if it fell behind.
   */
  public LinkOutcome link(Path database) throws SQLException {
    return linker().link(database);
  }

  /**
   * Links every database in {@code databases}; the missing ones are created together from one
   * snapshot of the schema database and one registry commit (bulk linking: about a file copy each).
   */
  public List<LinkOutcome> linkAll(List<Path> databases) throws SQLException {
    return linker().linkAll(databases);
  }

  /** The task state of every database in job {@code jobId}. */
  public Map<Path, TaskState> taskStates(long jobId) throws SQLException {
    Map<Path, TaskState> states = new HashMap<>();
    for (TaskState state : TaskState.values()) {
      String after = "";
      List<TaskRef> page;
      do {
        page = registry().tasks(jobId, state, after, TASK_PAGE);
        for (TaskRef task : page) {
          states.put(registry().resolve(task.path()), state);
        }
        after = page.isEmpty() ? after : page.get(page.size() - 1).path();
      } while (page.size() == TASK_PAGE);
    }
    return states;
  }

  /** The oldest job that is not terminal: the one the queue works on, or is paused at. */
  public Optional<JobSummary> headOfQueue() throws SQLException {
    Optional<JobRecord> head = registry().headOfQueue();
    return head.isEmpty() ? Optional.empty() : Optional.of(summary(head.get()));
  }

  /**
   * Stops propagating to {@code database} (any spelling of it); the file stays, with its history,
   * so linking it again later catches it up. Returns false if it was not linked.
   */
  public boolean unlink(Path database) throws SQLException {
    return scheduler != null ? scheduler.unlink(database) : node.unlink(database);
  }

  /** Jobs, newest first, at most {@code limit}. */
  public List<JobSummary> jobs(int limit) throws SQLException {
    List<JobSummary> out = new ArrayList<>();
    for (JobRecord r : registry().jobs(limit)) {
      out.add(summary(r));
    }
    return out;
  }

  /** Every job, newest first. */
  public List<JobSummary> jobs() throws SQLException {
    return jobs(Integer.MAX_VALUE);
  }

  public Optional<JobSummary> job(long id) throws SQLException {
    Optional<JobRecord> r = registry().job(id);
    return r.isEmpty() ? Optional.empty() : Optional.of(summary(r.get()));
  }

  private JobSummary summary(JobRecord r) throws SQLException {
    return new JobSummary(
        r.id(),
        r.state(),
        r.summary(),
        registry().taskCounts(r.id()),
        Instant.ofEpochMilli(r.submittedAt()),
        r.dryRunAt() == null ? null : Instant.ofEpochMilli(r.dryRunAt()),
        r.finishedAt() == null ? null : Instant.ofEpochMilli(r.finishedAt()),
        r.error(),
        registry().failures(r.id(), FAILURES_SHOWN));
  }

  /**
   * Schema drift; empty when none drifts. The schema database is compared with the schema the
   * registry recorded after its last migration: a change made to it outside sharedschema is
   * reported as its own drift (first), and every linked database is compared with that recorded
   * schema, so one hand-made change does not show as drift of every tenant.
   */
  public List<Drift> check() throws SQLException {
    List<Drift> out = new ArrayList<>();
    SchemaFingerprint expected;
    if (scheduler != null) {
      SchemaFingerprint actual;
      try (Connection c = readOnly(schemaDatabase())) {
        actual = SchemaFingerprint.read(c);
      }
      expected = registry().recordedSchema().orElse(actual);
      List<String> own = actual.differencesFrom(expected);
      if (!own.isEmpty()) {
        out.add(new Drift(schemaDatabase(), own, true));
      }
    } else {
      // The schema database is on another node: this node's files are compared with what the
      // registry recorded after the last migration.
      expected = registry().recordedSchema().orElse(SchemaFingerprint.empty());
    }
    Linker linker = linker();
    for (Path db : links()) {
      if (!Files.isRegularFile(db)) {
        out.add(new Drift(db, List.of("file does not exist")));
        continue;
      }
      try (Connection c = readOnly(db)) {
        List<String> diff = new ArrayList<>();
        List<Long> missed = linker.missedJobs(c);
        if (!missed.isEmpty()) {
          diff.add(
              "lacks "
                  + (missed.size() == 1 ? "job " : "jobs ")
                  + missed.stream().map(String::valueOf).collect(Collectors.joining(", "))
                  + " (restored from a backup, or linked again after an unlink): link it again"
                  + " to catch it up");
        }
        diff.addAll(SchemaFingerprint.read(c).differencesFrom(expected));
        if (!diff.isEmpty()) {
          out.add(new Drift(db, diff));
        }
      } catch (SQLException e) {
        out.add(new Drift(db, List.of("cannot read it: " + e.getMessage())));
      }
    }
    return out;
  }

  private static Connection readOnly(Path db) throws SQLException {
    return DriverManager.getConnection("jdbc:sqlite:" + db + "?open_mode=1");
  }

  /**
   * Runs {@code script} as one migration (every statement in it, in order) and waits for it, like a
   * {@code commit()} on a schema connection. Leading {@code PRAGMA foreign_keys}-style settings
   * travel with it; transaction statements, ATTACH/DETACH and other connection-local statements are
   * refused, and so is a script in which no statement writes ({@code SELECT 1}: state {@code
   * 42000}, before any job is recorded).
   *
   * @param timeout how long to wait; {@code null} waits until the job is terminal or paused
   */
  public MigrationResult migrate(String script, java.time.Duration timeout) throws SQLException {
    return scheduler().migrate(ScriptMigration.of(script, schemaDatabase()), timeout);
  }

  /** Submits {@code script} as one migration without waiting; returns the job id. */
  public long submit(String script) throws SQLException {
    return scheduler().submit(ScriptMigration.of(script, schemaDatabase()));
  }

  /** Waits for job {@code id} as {@link #migrate} does. */
  public MigrationResult await(long id, java.time.Duration timeout) throws SQLException {
    return scheduler().await(id, timeout);
  }

  /**
   * Re-drives job {@code id}, paused in {@code RunFailure}, after the failing databases were fixed.
   */
  public void retry(long id) throws SQLException {
    if (scheduler != null) {
      scheduler.retry(id);
    } else {
      node.retry(id);
    }
  }

  /**
   * Waits until no job is runnable (all finished, or the first paused); false if the time ran out.
   */
  public boolean drain(java.time.Duration timeout) throws SQLException {
    return scheduler != null ? scheduler.drain(timeout) : node.drain(timeout);
  }

  public void addListener(MigrationListener listener) {
    if (scheduler != null) {
      scheduler.addListener(listener);
    } else {
      node.addListener(listener);
    }
  }

  public void removeListener(MigrationListener listener) {
    if (scheduler != null) {
      scheduler.removeListener(listener);
    } else {
      node.removeListener(listener);
    }
  }

  /** Releases the scheduler (it stops when no connection or other handle uses it). */
  @Override
  public void close() {
    if (!closed) {
      closed = true;
      if (scheduler != null) {
        scheduler.release();
      } else {
        node.release();
      }
    }
  }
}
