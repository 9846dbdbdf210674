package dev.sharedschema.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The floor a fan-out is measured against: per database one plain transaction applying the
 * statement (open, {@code BEGIN IMMEDIATE}, statement, {@code COMMIT}, close) with plain
 * sqlite-jdbc and each file's own settings, on a fixed number of threads. No framework, no dry run,
 * no bookkeeping: the least any tool can do.
 */
final class RawFloor implements FanOutAnchor {
  private final FleetPool pool;
  private final String name;

  RawFloor(List<Path> databases, int threads) {
    this.pool = new FleetPool(databases, threads, "floor");
    this.name = threads == 1 ? "raw floor, sequential" : "raw floor, " + threads + " threads";
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void addColumn(int column) throws Exception {
    String sql = FanOutAnchor.alter(column);
    pool.forEach(db -> applyOne(db, sql));
  }

  private static void applyOne(Path db, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement st = c.createStatement()) {
      st.execute("BEGIN IMMEDIATE");
      st.execute(sql);
      st.execute("COMMIT");
    }
  }

  @Override
  public void close() {
    pool.close();
  }
}
