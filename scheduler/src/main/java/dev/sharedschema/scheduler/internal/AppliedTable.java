package dev.sharedschema.scheduler.internal;

import dev.sharedschema.scheduler.LinkRecord;
import dev.sharedschema.scheduler.Registry;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Optional;

/**
 * {@code _sharedschema_applied}, the exactly-once record in each linked database (DESIGN.md §7).
 */
public final class AppliedTable {
  public static final String NAME = "_sharedschema_applied";

  /** The job id of the row that marks the link itself. */
  public static final long LINK_ROW = 0;

  private static final SqlScript DDL = SqlScript.load("applied.sql");

  private AppliedTable() {}

  /** True when the {@code main} database of {@code c} has our table. */
  public static boolean exists(Connection c) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT 1 FROM main.sqlite_master WHERE type = 'table' AND name = '" + NAME + "'")) {
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  /** The link recorded in the database open on {@code c} (file {@code file}), if any. */
  public static Optional<LinkRecord> readLink(Connection c, Path file) throws SQLException {
    if (!exists(c)) {
      return Optional.empty();
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT registry_id, schema_db FROM main." + NAME + " WHERE job_id = " + LINK_ROW)) {
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        Path dir = file.toAbsolutePath().normalize().getParent();
        return Optional.of(
            new LinkRecord(rs.getString(1), SqliteFiles.resolve(dir, rs.getString(2))));
      }
    }
  }

  /** Deletes the link row written for registry {@code registryId}; the history rows stay. */
  public static void forgetLink(Connection c, String registryId) throws SQLException {
    if (!exists(c)) {
      return;
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "DELETE FROM main." + NAME + " WHERE registry_id = ? AND job_id = " + LINK_ROW)) {
      ps.setString(1, registryId);
      ps.executeUpdate();
    }
  }

  /**
   * Creates the table and the link row in one transaction. {@code file} is where the database lives
   * (or will).
   */
  public static void createWithLink(Connection c, Path file, Registry registry, Clock clock)
      throws SQLException {
    boolean auto = c.getAutoCommit();
    c.setAutoCommit(false);
    try {
      DDL.run(c);
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT OR REPLACE INTO "
                  + NAME
                  + "(registry_id, job_id, state, error, applied_at, schema_db)"
                  + " VALUES (?, ?, 'Linked', NULL, ?, ?)")) {
        ps.setString(1, registry.id());
        ps.setLong(2, LINK_ROW);
        ps.setLong(3, clock.millis());
        Path dir = file.toAbsolutePath().normalize().getParent();
        ps.setString(4, SqliteFiles.portablePath(dir, registry.schemaDatabase()));
        ps.executeUpdate();
      }
      c.commit();
    } catch (SQLException | RuntimeException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(auto);
    }
  }
}
