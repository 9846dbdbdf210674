package dev.sharedschema.scheduler.internal.registry.postgres;

import static dev.sharedschema.scheduler.internal.registry.StateSets.UNFINISHED_JOBS;

import dev.sharedschema.scheduler.NodeRegistry.NodeLink;
import dev.sharedschema.scheduler.TaskState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Links in the PostgreSQL registry, keyed by owner node and the path on that node. */
final class PgLinks {
  private PgLinks() {}

  /**
   * Takes the fleet's lock (the registry row) until commit: submits, link changes, retries and the
   * final step are serialised by it, so a new link and a new job never miss each other.
   */
  static void lockFleet(Connection c) throws SQLException {
    try (PreparedStatement ps =
            c.prepareStatement("SELECT generation FROM _sharedschema_registry FOR UPDATE");
        ResultSet rs = ps.executeQuery()) {
      if (!rs.next()) {
        throw new SQLException("the PostgreSQL registry has no fleet", "08001");
      }
    }
  }

  static long nextGeneration(Connection c) throws SQLException {
    try (PreparedStatement ps =
            c.prepareStatement(
                "UPDATE _sharedschema_registry SET generation = generation + 1"
                    + " RETURNING generation");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  static boolean isLinked(Connection c, String node, String path) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT 1 FROM _sharedschema_links WHERE node = ? AND path = ?")) {
      ps.setString(1, node);
      ps.setString(2, path);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  static List<String> paths(Connection c, String node) throws SQLException {
    List<String> out = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement("SELECT path FROM _sharedschema_links WHERE node = ? ORDER BY path")) {
      ps.setString(1, node);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
    }
    return out;
  }

  static List<NodeLink> all(Connection c) throws SQLException {
    List<NodeLink> out = new ArrayList<>();
    try (PreparedStatement ps =
            c.prepareStatement("SELECT node, path FROM _sharedschema_links ORDER BY node, path");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(new NodeLink(rs.getString(1), rs.getString(2)));
      }
    }
    return out;
  }

  /**
   * Records the links under {@code generation}, each with a fresh {@code Enqueued} task for every
   * unfinished job (replacing a task left from an earlier link of the same path).
   */
  static void add(Connection c, String node, List<String> paths, long generation, long now)
      throws SQLException {
    try (PreparedStatement link =
            c.prepareStatement(
                "INSERT INTO _sharedschema_links(node, path, linked_at, generation)"
                    + " VALUES (?, ?, ?, ?) ON CONFLICT (node, path) DO UPDATE SET"
                    + " linked_at = excluded.linked_at, generation = excluded.generation");
        PreparedStatement tasks =
            c.prepareStatement(
                "INSERT INTO _sharedschema_tasks(job_id, node, path, state, updated_at,"
                    + " generation) SELECT id, ?, ?, ?, ?, ? FROM _sharedschema_jobs WHERE state"
                    + " IN "
                    + UNFINISHED_JOBS
                    + " ON CONFLICT (job_id, node, path) DO UPDATE SET state = excluded.state,"
                    + " generation = excluded.generation, statement = NULL, error = NULL,"
                    + " result_code = NULL, updated_at = excluded.updated_at")) {
      for (String path : paths) {
        link.setString(1, node);
        link.setString(2, path);
        link.setLong(3, now);
        link.setLong(4, generation);
        link.addBatch();
        tasks.setString(1, node);
        tasks.setString(2, path);
        tasks.setString(3, TaskState.Enqueued.name());
        tasks.setLong(4, now);
        tasks.setLong(5, generation);
        tasks.addBatch();
      }
      link.executeBatch();
      tasks.executeBatch();
    }
  }

  static boolean remove(Connection c, String node, String path) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "DELETE FROM _sharedschema_tasks WHERE node = ? AND path = ? AND job_id IN"
                + " (SELECT id FROM _sharedschema_jobs WHERE state IN "
                + UNFINISHED_JOBS
                + ")")) {
      ps.setString(1, node);
      ps.setString(2, path);
      ps.executeUpdate();
    }
    try (PreparedStatement ps =
        c.prepareStatement("DELETE FROM _sharedschema_links WHERE node = ? AND path = ?")) {
      ps.setString(1, node);
      ps.setString(2, path);
      return ps.executeUpdate() == 1;
    }
  }
}
