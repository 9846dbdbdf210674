package dev.sharedschema.scheduler.internal;

import dev.sharedschema.scheduler.CanonicalPath;
import dev.sharedschema.scheduler.LinkRecord;
import dev.sharedschema.scheduler.NodeSettings;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code _sharedschema_applied}, the exactly-once record in each linked database (DESIGN.md §7; its
 * rows are described in {@code applied.sql}).
 */
public final class AppliedTable {
  public static final String NAME = "_sharedschema_applied";

  /** The job id of the row that marks the link itself. */
  public static final long LINK_ROW = 0;

  static final String LINKED = "Linked";
  static final String UNLINKED = "Unlinked";
  static final String BASELINE = "Baseline";
  static final String RUN_SUCCESS = "RunSuccess";

  private static final SqlScript DDL = SqlScript.load("applied.sql");

  /** One row of a registry. */
  public record Row(long jobId, String state, String token, String schemaDb) {
    public boolean isLink() {
      return jobId == LINK_ROW;
    }

    /** The link row of a file linked now (not one left by an unlink). */
    public boolean isLinkMark() {
      return isLink() && LINKED.equals(state);
    }

    /** A job applied here (not the link mark, not a baseline). */
    public boolean isApplied() {
      return RUN_SUCCESS.equals(state);
    }
  }

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

  /**
   * The link mark in the database open on {@code c} (file {@code file}), if any: the registry it
   * names and its schema database, resolved against the file's real directory.
   */
  public static Optional<LinkRecord> readLink(Connection c, Path file) throws SQLException {
    if (!exists(c)) {
      return Optional.empty();
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT registry_id, schema_db FROM main."
                + NAME
                + " WHERE job_id = "
                + LINK_ROW
                + " AND state = '"
                + LINKED
                + "'")) {
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        String named = rs.getString(2);
        if (named.startsWith(NodeSettings.NODE_MARK_PREFIX)) {
          return Optional.of(
              new LinkRecord(
                  rs.getString(1), null, named.substring(NodeSettings.NODE_MARK_PREFIX.length())));
        }
        return Optional.of(new LinkRecord(rs.getString(1), resolve(file, named)));
      }
    }
  }

  /** The schema database a mark written in {@code file} names. */
  public static Path resolveName(Path file, String schemaDb) {
    return resolve(file, schemaDb);
  }

  static Path resolve(Path file, String schemaDb) {
    Path dir = CanonicalPath.of(file).getParent();
    return CanonicalPath.of(dir.resolve(schemaDb));
  }

  /** How {@code file}'s rows name {@code schemaDatabase}: relative to the file's real directory. */
  public static String nameOf(Path schemaDatabase, Path file) {
    return CanonicalPath.of(file)
        .getParent()
        .relativize(CanonicalPath.of(schemaDatabase))
        .toString();
  }

  /**
   * Every row of registry {@code registryId}, link row first; empty when the table is missing. A
   * table written before tokens existed reads as rows without tokens (nothing is written).
   */
  public static List<Row> rows(Connection c, String registryId) throws SQLException {
    if (!exists(c)) {
      return List.of();
    }
    return read(c, registryId, " ORDER BY job_id");
  }

  /**
   * The link row and the row of the highest job of registry {@code registryId}: all a task needs to
   * know that a database is linked and up to date, in one indexed read. ({@code IN} rather than the
   * equal {@code OR} of two terms: SQLite plans it in a fifth less time, and it is planned afresh
   * on every task's connection.)
   *
   * @throws SQLException "no such table" when the file has none of ours
   */
  public static List<Row> linkAndLast(Connection c, String registryId) throws SQLException {
    return read(
        c,
        registryId,
        " AND job_id IN (0, (SELECT max(job_id) FROM main."
            + NAME
            + " WHERE registry_id = ?1)) ORDER BY job_id");
  }

  private static List<Row> read(Connection c, String registryId, String rest) throws SQLException {
    try {
      return query(c, registryId, "token", rest);
    } catch (SQLException e) {
      if (!String.valueOf(e.getMessage()).contains("no such column: token")) {
        throw e;
      }
      return query(c, registryId, "NULL", rest); // written by sharedschema 0.1.0
    }
  }

  private static List<Row> query(Connection c, String registryId, String token, String rest)
      throws SQLException {
    List<Row> out = new ArrayList<>(2);
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT job_id, state, "
                + token
                + ", schema_db FROM main."
                + NAME
                + " WHERE registry_id = ?1"
                + rest)) {
      ps.setString(1, registryId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)));
        }
      }
    }
    return out;
  }

  /** Creates the table if missing (inside the caller's transaction). */
  public static void create(Connection c) throws SQLException {
    DDL.run(c);
  }

  /** Writes (or rewrites) the link mark of registry {@code registryId}. */
  public static void writeLink(Connection c, String registryId, String schemaDb, long now)
      throws SQLException {
    write(c, "INSERT OR REPLACE", registryId, LINK_ROW, LINKED, null, schemaDb, now);
  }

  /** Records that the file holds the fleet's state as of job {@code jobId} (copied or compared). */
  public static void writeBaseline(
      Connection c, String registryId, long jobId, String token, String schemaDb, long now)
      throws SQLException {
    write(c, "INSERT OR REPLACE", registryId, jobId, BASELINE, token, schemaDb, now);
  }

  /** Records job {@code jobId} as applied; fails if it already is (exactly once). */
  public static void recordApplied(
      Connection c, String registryId, long jobId, String token, String schemaDb, long now)
      throws SQLException {
    write(c, "INSERT", registryId, jobId, RUN_SUCCESS, token, schemaDb, now);
  }

  private static void write(
      Connection c,
      String insert,
      String registryId,
      long jobId,
      String state,
      String token,
      String schemaDb,
      long now)
      throws SQLException {
    Transactions.Body<Void> row =
        () -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  insert
                      + " INTO main."
                      + NAME
                      + "(registry_id, job_id, state, error, applied_at, schema_db, token)"
                      + " VALUES (?, ?, ?, NULL, ?, ?, ?)")) {
            ps.setString(1, registryId);
            ps.setLong(2, jobId);
            ps.setString(3, state);
            ps.setLong(4, now);
            ps.setString(5, schemaDb);
            ps.setString(6, token);
            ps.executeUpdate();
          }
          return null;
        };
    try {
      row.run();
    } catch (SQLException e) {
      if (!String.valueOf(e.getMessage()).contains("has no column named token")) {
        throw e;
      }
      // Written by sharedschema 0.1.0: the column joins the caller's transaction.
      try (var st = c.createStatement()) {
        st.execute("ALTER TABLE main." + NAME + " ADD COLUMN token TEXT");
      }
      row.run();
    }
  }

  /**
   * Turns the link mark of registry {@code registryId} into an {@code Unlinked} row: the file is no
   * longer a linked database, but keeps the record that it was one of this fleet's, so that linking
   * it again catches it up on what it missed (even when it never got a job before it was unlinked).
   */
  public static void forgetLink(Connection c, String registryId) throws SQLException {
    if (!exists(c)) {
      return;
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE main."
                + NAME
                + " SET state = '"
                + UNLINKED
                + "' WHERE registry_id = ? AND job_id = "
                + LINK_ROW)) {
      ps.setString(1, registryId);
      ps.executeUpdate();
    }
  }
}
