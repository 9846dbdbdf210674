package dev.sharedschema.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The least a two-phase, exactly-once fan-out can do, without a scheduler: what sharedschema's
 * design costs by itself, so that the report separates it from what the implementation adds.
 *
 * <p>Phase 1, every database: open, {@code BEGIN EXCLUSIVE}, read the link row, the last applied
 * row and the schema text in one statement (the proven dry run's read), {@code ROLLBACK}, keep the
 * connection when the fleet has at most {@value #MOST_KEPT} databases, the bound sharedschema's
 * carried connections use; a larger fleet keeps none and phase 2 opens each database again.
 * (Keeping 1,536 of 10,000 connections made phase 1 three times slower, measured: every open got
 * dearer as more files were open in the process, as SQLite's unix VFS looks a file's lock state up
 * among all the files the process holds open.) Phase 2, every database, once phase 1 passed
 * everywhere: {@code BEGIN EXCLUSIVE}, read the last applied row, the statement, insert the applied
 * row, {@code COMMIT}, close. No registry, no outcomes recorded, no schema database, no checks of
 * identity: a lower bound, not a product. Runs on a copy of the linked fleet (files carrying {@code
 * _sharedschema_applied}).
 */
final class TwoPhaseFloor implements FanOutAnchor {
  private static final String PROOF_READ =
      "SELECT (SELECT schema_db FROM _sharedschema_applied WHERE job_id = 0),"
          + " (SELECT job_id || ' ' || state FROM _sharedschema_applied"
          + " ORDER BY job_id DESC LIMIT 1),"
          + " (SELECT group_concat(type || ' ' || name || ' ' || coalesce(sql, ''), char(30))"
          + " FROM sqlite_master WHERE name NOT LIKE 'sqlite_%')";

  /** As sharedschema's {@code CarriedConnections}: at most this many kept between the phases. */
  static final int MOST_KEPT = 512;

  private final FleetPool pool;
  private final String name;
  private final Map<Path, Connection> carried = new ConcurrentHashMap<>();

  TwoPhaseFloor(List<Path> databases, int threads) {
    this.pool = new FleetPool(databases, threads, "two-phase");
    this.name = "two-phase floor, " + threads + " thr";
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void addColumn(int column) throws Exception {
    String sql = FanOutAnchor.alter(column);
    boolean carry = pool.databases().size() <= MOST_KEPT;
    pool.forEach(
        db -> {
          Connection c = checked(db);
          if (carry) {
            carried.put(db, c);
          } else {
            c.close();
          }
        });
    pool.forEach(
        db -> {
          Connection c = carried.remove(db);
          applyOne(c != null ? c : DriverManager.getConnection("jdbc:sqlite:" + db), column, sql);
        });
  }

  private static Connection checked(Path db) throws SQLException {
    Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
    try (Statement st = c.createStatement()) {
      st.execute("BEGIN EXCLUSIVE");
      try (ResultSet rs = st.executeQuery(PROOF_READ)) {
        if (!rs.next() || rs.getString(1) == null || rs.getString(3) == null) {
          throw new SQLException(db + " is not a linked database");
        }
      }
      st.execute("ROLLBACK");
    }
    return c;
  }

  private static void applyOne(Connection c, int column, String sql) throws SQLException {
    try (c;
        Statement st = c.createStatement()) {
      st.execute("BEGIN EXCLUSIVE");
      try (ResultSet rs =
          st.executeQuery(
              "SELECT job_id, state FROM _sharedschema_applied ORDER BY job_id DESC LIMIT 2")) {
        while (rs.next()) {
          rs.getLong(1);
        }
      }
      st.execute(sql);
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO _sharedschema_applied"
                  + " (registry_id, job_id, state, applied_at, schema_db, token)"
                  + " SELECT registry_id, ?, 'RunSuccess', ?, schema_db, 'bench'"
                  + " FROM _sharedschema_applied WHERE job_id = 0")) {
        ps.setLong(1, 1_000_000L + column);
        ps.setLong(2, System.currentTimeMillis());
        ps.executeUpdate();
      }
      st.execute("COMMIT");
    }
  }

  @Override
  public void close() {
    for (Connection c : carried.values()) {
      try {
        c.close();
      } catch (SQLException ignored) {
        // a benchmark's leftover connection
      }
    }
    pool.close();
  }
}
