package dev.sharedschema.scheduler.internal.registry.postgres;

import dev.sharedschema.scheduler.NodeRegistry.Claim;
import dev.sharedschema.scheduler.TaskOutcome;
import dev.sharedschema.scheduler.TaskRef;
import dev.sharedschema.scheduler.TaskState;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * A node's claims (DESIGN.md §10): each batch is a transaction on a connection of its own that
 * holds the batch's task rows locked ({@code FOR UPDATE SKIP LOCKED}) while the JVM works on them,
 * and records their outcomes and commits in one round trip. Nothing is written to claim a task, and
 * a JVM that dies lets its tasks go with its connection. A phase runner holds at most two batches,
 * so a few connections are kept for reuse.
 */
final class PgClaims implements AutoCloseable {
  private static final int IDLE_KEPT = 4;

  private final String url;
  private final String node;
  private final Deque<Connection> idle = new ArrayDeque<>();
  private boolean closed;

  PgClaims(String url, String node) {
    this.url = url;
    this.node = node;
  }

  Claim claim(long jobId, TaskState state, int limit) throws SQLException {
    Connection c = take();
    try {
      List<TaskRef> tasks = PgTasks.claim(c, node, jobId, state, limit);
      if (tasks.isEmpty()) {
        c.rollback();
        give(c);
        return new Held(null, jobId, tasks);
      }
      return new Held(c, jobId, tasks);
    } catch (SQLException | RuntimeException e) {
      PgSession.closeQuietly(c);
      throw e;
    }
  }

  private synchronized Connection take() throws SQLException {
    while (!idle.isEmpty()) {
      Connection c = idle.pop();
      if (!c.isClosed()) {
        return c;
      }
    }
    Connection c = PgSession.connect(url);
    // Outcomes need not wait for the WAL flush: one lost in a crash of PostgreSQL is only work
    // done again (a run is skipped by token), and every move of a job that relies on them is a
    // synchronous commit of the coordinator, which flushes them first.
    PgSession.exec(c, "SET synchronous_commit = off");
    c.commit();
    return c;
  }

  private synchronized void give(Connection c) {
    if (closed || idle.size() >= IDLE_KEPT) {
      PgSession.closeQuietly(c);
    } else {
      idle.push(c);
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    idle.forEach(PgSession::closeQuietly);
    idle.clear();
  }

  /** One batch, held until recorded or closed. */
  private final class Held implements Claim {
    private final long jobId;
    private final List<TaskRef> tasks;
    private Connection connection;

    Held(Connection connection, long jobId, List<TaskRef> tasks) {
      this.connection = connection;
      this.jobId = jobId;
      this.tasks = List.copyOf(tasks);
    }

    @Override
    public List<TaskRef> tasks() {
      return tasks;
    }

    @Override
    public synchronized void record(List<TaskOutcome> outcomes, long now) throws SQLException {
      if (connection == null) {
        throw new SQLException("this claim was already recorded or let go", "55000");
      }
      Connection c = connection;
      connection = null;
      try {
        PgTasks.record(c, node, jobId, outcomes, now);
        PgTasks.progressed(c, node);
        c.commit();
      } catch (SQLException | RuntimeException e) {
        PgSession.closeQuietly(c); // rolls back; the tasks are claimed again
        throw e;
      }
      give(c);
    }

    @Override
    public synchronized void close() {
      if (connection != null) {
        Connection c = connection;
        connection = null;
        try {
          c.rollback();
          give(c);
        } catch (SQLException e) {
          PgSession.closeQuietly(c);
        }
      }
    }
  }
}
