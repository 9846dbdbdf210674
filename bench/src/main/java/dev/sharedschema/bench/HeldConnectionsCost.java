package dev.sharedschema.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What keeping connections open costs every other open in the process (docs/benchmarks.md §8): a
 * dry-run pass over N databases (open, {@code BEGIN EXCLUSIVE}, one read of the schema, {@code
 * ROLLBACK}), where the first K passed connections are kept open until the pass ends and the others
 * are closed — as a dry run that carries K connections to its run. SQLite's unix VFS finds a file's
 * lock state by walking a list of every file the process has open, under one process-wide mutex, so
 * the pass gets dearer with K. Prints the wall time per database of each round and the median.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.sharedschema.bench.HeldConnectionsCost --dbs 10000 --held 0
 * java -cp bench/target/benchmarks.jar dev.sharedschema.bench.HeldConnectionsCost --dbs 10000 --held 1536
 * </pre>
 *
 * Options: {@code --dbs N} (10000), {@code --held K} (0), {@code --threads T} (8), {@code --rounds
 * R} (6, the first two not counted).
 */
public final class HeldConnectionsCost {
  private static final String READ =
      "SELECT group_concat(type || ' ' || name || ' ' || coalesce(sql, ''), char(30))"
          + " FROM sqlite_master";

  public static void main(String[] args) throws Exception {
    int dbs = 10_000;
    int held = 0;
    int threads = 8;
    int rounds = 6;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--dbs" -> dbs = Integer.parseInt(args[++i]);
        case "--held" -> held = Integer.parseInt(args[++i]);
        case "--threads" -> threads = Integer.parseInt(args[++i]);
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        default ->
            throw new IllegalArgumentException(
                "unknown option " + args[i] + "; use --dbs N --held K --threads T --rounds R");
      }
    }
    Path dir = Files.createTempDirectory("sharedschema-held");
    List<Path> files =
        BareFleet.create(
            dir,
            dbs,
            List.of(
                "CREATE TABLE t(id INTEGER PRIMARY KEY, a TEXT, b TEXT)",
                "CREATE INDEX t_a ON t(a)"));
    System.out.printf(
        Locale.ROOT,
        "dry-run pass over %d databases, %d threads, first %d connections held; dir %s%n",
        dbs,
        threads,
        held,
        dir);
    double[] perDb = new double[Math.max(0, rounds - 2)];
    try (FleetPool pool = new FleetPool(files, threads, "held-cost")) {
      for (int round = 0; round < rounds; round++) {
        double ms = pass(pool, held) / (double) dbs;
        System.out.printf(Locale.ROOT, "round %d: %.3f ms per database%n", round + 1, ms);
        if (round >= 2) {
          perDb[round - 2] = ms;
        }
      }
    }
    Arrays.sort(perDb);
    if (perDb.length > 0) {
      System.out.printf(
          Locale.ROOT,
          "median %.3f ms per database (held %d, %d threads)%n",
          perDb[perDb.length / 2],
          held,
          threads);
    }
  }

  /** One pass; returns its wall time in milliseconds. */
  private static double pass(FleetPool pool, int held) throws Exception {
    AtomicInteger passed = new AtomicInteger();
    ConcurrentLinkedQueue<Connection> kept = new ConcurrentLinkedQueue<>();
    long start = System.nanoTime();
    pool.forEach(
        db -> {
          Connection c = checked(db);
          if (passed.incrementAndGet() <= held) {
            kept.add(c);
          } else {
            c.close();
          }
        });
    long end = System.nanoTime();
    for (Connection c : kept) {
      c.close();
    }
    return (end - start) / 1e6;
  }

  private static Connection checked(Path db) throws SQLException {
    Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
    try (Statement st = c.createStatement()) {
      st.execute("BEGIN EXCLUSIVE");
      try (ResultSet rs = st.executeQuery(READ)) {
        rs.next();
      }
      st.execute("ROLLBACK");
    }
    return c;
  }
}
