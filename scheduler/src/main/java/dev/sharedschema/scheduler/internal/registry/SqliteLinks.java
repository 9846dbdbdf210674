package dev.sharedschema.scheduler.internal.registry;

import static dev.sharedschema.scheduler.internal.registry.StateSets.UNFINISHED_JOBS;

import dev.sharedschema.scheduler.CanonicalPath;
import dev.sharedschema.scheduler.TaskState;
import dev.sharedschema.scheduler.internal.SqliteFiles;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Links in the registry file, keyed by canonical path (DESIGN.md §7 "Identities"): every spelling
 * of a file, symlinks included, is one link. Stored relative to the schema database's directory
 * when under it, so a fleet directory can be moved as a whole. Callers hold the registry's lock and
 * transaction.
 */
final class SqliteLinks {
  private final Connection c;
  private final Path directory;

  SqliteLinks(Connection c, Path directory) {
    this.c = c;
    this.directory = directory;
  }

  /** The stored form of {@code database}: canonical, relative under the schema's directory. */
  String stored(Path database) {
    return SqliteFiles.portablePath(directory, CanonicalPath.of(database));
  }

  Path resolve(String stored) {
    return SqliteFiles.resolve(directory, stored);
  }

  boolean isLinked(Path database) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT 1 FROM _sharedschema_links WHERE path = ?")) {
      ps.setString(1, stored(database));
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  List<Path> all() throws SQLException {
    List<Path> out = new ArrayList<>();
    try (var st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT path FROM _sharedschema_links ORDER BY path")) {
      while (rs.next()) {
        out.add(resolve(rs.getString(1)));
      }
    }
    return out;
  }

  /** Moves the registry's generation on and returns the new value. */
  long nextGeneration() throws SQLException {
    try (var st = c.createStatement()) {
      st.executeUpdate("UPDATE _sharedschema_registry SET generation = generation + 1");
      try (ResultSet rs = st.executeQuery("SELECT generation FROM _sharedschema_registry")) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /**
   * Records {@code database} under {@code generation} with a fresh {@code Enqueued} task for every
   * unfinished job; a task left from an earlier link of the same path is replaced, since the file
   * may be another one now (it is dry-run again, and a job it already holds passes by token).
   */
  void add(Path database, long generation, long now) throws SQLException {
    String path = stored(database);
    try (PreparedStatement link =
            c.prepareStatement(
                "INSERT OR REPLACE INTO _sharedschema_links(path, linked_at, generation)"
                    + " VALUES (?, ?, ?)");
        PreparedStatement tasks =
            c.prepareStatement(
                "INSERT OR REPLACE INTO _sharedschema_tasks(job_id, path, state, updated_at,"
                    + " generation) SELECT id, ?, ?, ?, ? FROM _sharedschema_jobs WHERE state IN "
                    + UNFINISHED_JOBS)) {
      link.setString(1, path);
      link.setLong(2, now);
      link.setLong(3, generation);
      link.executeUpdate();
      tasks.setString(1, path);
      tasks.setString(2, TaskState.Enqueued.name());
      tasks.setLong(3, now);
      tasks.setLong(4, generation);
      tasks.executeUpdate();
    }
  }

  /** Forgets {@code database} and its tasks of unfinished jobs; false if it was not linked. */
  boolean remove(Path database) throws SQLException {
    String path = stored(database);
    try (PreparedStatement ps =
        c.prepareStatement(
            "DELETE FROM _sharedschema_tasks WHERE path = ? AND job_id IN"
                + " (SELECT id FROM _sharedschema_jobs WHERE state IN "
                + UNFINISHED_JOBS
                + ")")) {
      ps.setString(1, path);
      ps.executeUpdate();
    }
    try (PreparedStatement ps =
        c.prepareStatement("DELETE FROM _sharedschema_links WHERE path = ?")) {
      ps.setString(1, path);
      return ps.executeUpdate() == 1;
    }
  }

  /**
   * Rewrites every stored path in its canonical form (a format-1 registry stored paths as given),
   * merging two spellings of one file into one link.
   */
  void canonicalise() throws SQLException {
    List<String> stored = new ArrayList<>();
    try (var st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT path FROM _sharedschema_links ORDER BY path")) {
      while (rs.next()) {
        stored.add(rs.getString(1));
      }
    }
    for (String old : stored) {
      String canonical = stored(resolve(old));
      if (canonical.equals(old)) {
        continue;
      }
      if (isStored(canonical)) {
        deleteStored(old); // the same file under another spelling: one link is enough
      } else {
        rename(old, canonical);
      }
    }
  }

  private boolean isStored(String path) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT 1 FROM _sharedschema_links WHERE path = ?")) {
      ps.setString(1, path);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  private void deleteStored(String path) throws SQLException {
    for (String table : List.of("_sharedschema_links", "_sharedschema_tasks")) {
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE path = ?")) {
        ps.setString(1, path);
        ps.executeUpdate();
      }
    }
  }

  private void rename(String from, String to) throws SQLException {
    for (String table : List.of("_sharedschema_links", "_sharedschema_tasks")) {
      try (PreparedStatement ps =
          c.prepareStatement("UPDATE " + table + " SET path = ? WHERE path = ?")) {
        ps.setString(1, to);
        ps.setString(2, from);
        ps.executeUpdate();
      }
    }
  }
}
