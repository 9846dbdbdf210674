package dev.sharedschema.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The floor a fan-out is measured against: per database one plain transaction applying the
 * statement (open, {@code BEGIN IMMEDIATE}, statement, {@code COMMIT}, close) with plain
 * sqlite-jdbc and each file's own settings, on a fixed number of threads. No framework, no dry run,
 * no bookkeeping: the least any tool can do.
 */
final class RawFloor implements AutoCloseable {
  private final List<Path> databases;
  private final ExecutorService pool;

  RawFloor(List<Path> databases, int threads, String name) {
    this.databases = List.copyOf(databases);
    this.pool =
        Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread t = new Thread(r, name);
              t.setDaemon(true);
              return t;
            });
  }

  /** Applies {@code sql} to every database; returns once all committed. */
  void apply(String sql) throws SQLException, InterruptedException {
    List<Future<?>> done = new ArrayList<>(databases.size());
    for (Path db : databases) {
      done.add(
          pool.submit(
              () -> {
                applyOne(db, sql);
                return null;
              }));
    }
    for (Future<?> f : done) {
      try {
        f.get();
      } catch (ExecutionException e) {
        throw new SQLException("raw floor failed: " + e.getCause(), e.getCause());
      }
    }
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
    pool.shutdownNow();
  }
}
