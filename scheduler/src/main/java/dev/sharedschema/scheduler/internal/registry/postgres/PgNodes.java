package dev.sharedschema.scheduler.internal.registry.postgres;

import dev.sharedschema.scheduler.NodeStatus;
import dev.sharedschema.scheduler.TaskState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Nodes and their members (JVMs) in the PostgreSQL registry: heartbeats and templates. */
final class PgNodes {
  /** A member that heartbeated within this long counts as running, for status. */
  static final long ALIVE_MS = 60_000;

  private PgNodes() {}

  static void heartbeat(Connection c, String member, String node, long now) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO _sharedschema_members(id, node, started_at, heartbeat_at)"
                + " VALUES (?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET heartbeat_at ="
                + " excluded.heartbeat_at")) {
      ps.setString(1, member);
      ps.setString(2, node);
      ps.setLong(3, now);
      ps.setLong(4, now);
      ps.executeUpdate();
    }
    ensureNode(c, node, now);
  }

  static void ensureNode(Connection c, String node, long now) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO _sharedschema_nodes(name, created_at) VALUES (?, ?)"
                + " ON CONFLICT (name) DO NOTHING")) {
      ps.setString(1, node);
      ps.setLong(2, now);
      ps.executeUpdate();
    }
  }

  static String template(Connection c, String node) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT template FROM _sharedschema_nodes WHERE name = ?")) {
      ps.setString(1, node);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  /** Records {@code template} unless the node has one; returns the one recorded. */
  static String recordTemplate(Connection c, String node, String template, long now)
      throws SQLException {
    ensureNode(c, node, now);
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE _sharedschema_nodes SET template = coalesce(template, ?) WHERE name = ?"
                + " RETURNING template")) {
      ps.setString(1, template);
      ps.setString(2, node);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getString(1);
      }
    }
  }

  /** The last heartbeat of every node that has one, 0 for nodes that never had. */
  static Map<String, Long> lastHeartbeats(Connection c) throws SQLException {
    Map<String, Long> out = new LinkedHashMap<>();
    try (PreparedStatement ps =
            c.prepareStatement(
                "SELECT n.name, coalesce(max(m.heartbeat_at), 0) FROM (SELECT name FROM"
                    + " _sharedschema_nodes UNION SELECT DISTINCT node FROM _sharedschema_links)"
                    + " n LEFT JOIN _sharedschema_members m ON m.node = n.name GROUP BY n.name"
                    + " ORDER BY n.name");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.put(rs.getString(1), rs.getLong(2));
      }
    }
    return out;
  }

  static List<NodeStatus> status(Connection c, long jobId, long now) throws SQLException {
    Map<String, Map<TaskState, Integer>> tasks = new LinkedHashMap<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT node, state, count(*) FROM _sharedschema_tasks WHERE job_id = ?"
                + " GROUP BY node, state")) {
      ps.setLong(1, jobId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          tasks
              .computeIfAbsent(rs.getString(1), n -> new EnumMap<>(TaskState.class))
              .put(TaskState.valueOf(rs.getString(2)), rs.getInt(3));
        }
      }
    }
    List<NodeStatus> out = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT n.name, (SELECT count(*) FROM _sharedschema_links l WHERE l.node = n.name),"
                + " (SELECT coalesce(max(heartbeat_at), 0) FROM _sharedschema_members m"
                + " WHERE m.node = n.name), (SELECT count(*) FROM _sharedschema_members m"
                + " WHERE m.node = n.name AND m.heartbeat_at >= ?),"
                + " (SELECT template FROM _sharedschema_nodes t WHERE t.name = n.name)"
                + " FROM (SELECT name FROM _sharedschema_nodes UNION SELECT DISTINCT node FROM"
                + " _sharedschema_links) n ORDER BY n.name")) {
      ps.setLong(1, now - ALIVE_MS);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String name = rs.getString(1);
          out.add(
              new NodeStatus(
                  name,
                  rs.getInt(2),
                  rs.getLong(3),
                  rs.getInt(4),
                  rs.getString(5),
                  tasks.getOrDefault(name, Map.of())));
        }
      }
    }
    return out;
  }
}
