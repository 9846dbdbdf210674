package dev.sharedschema.bench;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What each part of the run's transaction costs next to the floor's (docs/benchmarks.md §8), on
 * bare SQLite: one {@code ALTER TABLE … ADD COLUMN} per database on 8 threads, as
 *
 * <ul>
 *   <li>{@code floor}: open, {@code BEGIN IMMEDIATE}, the statement, {@code COMMIT}, close;
 *   <li>{@code exclusive}: the same under {@code BEGIN EXCLUSIVE};
 *   <li>{@code read}: and the read of the link row and the last applied row first;
 *   <li>{@code applied}: and the applied row inserted — the run of the design;
 *   <li>{@code persist}, {@code truncate}: the design's run on a connection in that journal mode.
 * </ul>
 *
 * Each variant has its own copy of the fleet (a {@code PERSIST} connection leaves a journal file
 * that every later open of the file must check) and they take turns within each round (the order
 * rotates), so each round's figures are paired. Prints the median wall time and process CPU time
 * per database of each.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.sharedschema.bench.RunPhaseCost --dbs 1000 --rounds 9
 * </pre>
 *
 * Options: {@code --dbs N} (1000), {@code --rounds R} (9, after 3 not counted), {@code --threads T}
 * (8), {@code --variants a,b,…} (all).
 */
public final class RunPhaseCost {
  private static final String REGISTRY = "0123456789abcdef0123456789abcdef";
  private static final String LINK_AND_LAST =
      "SELECT job_id, state, token, schema_db FROM main._sharedschema_applied"
          + " WHERE registry_id = ?1 AND job_id IN (0, (SELECT max(job_id)"
          + " FROM main._sharedschema_applied WHERE registry_id = ?1)) ORDER BY job_id";
  private static final String APPLIED =
      "INSERT INTO main._sharedschema_applied"
          + " (registry_id, job_id, state, token, error, applied_at, schema_db)"
          + " VALUES (?, ?, 'RunSuccess', ?, NULL, ?, '../schema.db')";
  private static final List<String> ALL =
      List.of("floor", "exclusive", "read", "applied", "persist", "truncate");

  public static void main(String[] args) throws Exception {
    int dbs = 1000;
    int rounds = 9;
    int threads = 8;
    List<String> variants = ALL;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--dbs" -> dbs = Integer.parseInt(args[++i]);
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        case "--threads" -> threads = Integer.parseInt(args[++i]);
        case "--variants" -> variants = List.of(args[++i].split(","));
        default ->
            throw new IllegalArgumentException(
                "unknown option "
                    + args[i]
                    + "; use --dbs N --rounds R --threads T --variants a,b");
      }
    }
    if (!ALL.containsAll(variants)) {
      throw new IllegalArgumentException("variants are " + ALL);
    }
    Path dir = Files.createTempDirectory("sharedschema-runcost");
    List<String> ddl = tenant();
    Map<String, FleetPool> pools = new LinkedHashMap<>();
    for (String variant : variants) {
      pools.put(
          variant,
          new FleetPool(BareFleet.create(dir.resolve(variant), dbs, ddl), threads, variant));
    }
    System.out.printf(
        Locale.ROOT,
        "run-phase parts over %d databases, %d threads, %d rounds (3 more first); dir %s%n",
        dbs,
        threads,
        rounds,
        dir);
    Map<String, List<double[]>> figures = new LinkedHashMap<>();
    long job = 100;
    try {
      for (int round = 0; round < rounds + 3; round++) {
        List<String> order = new ArrayList<>(variants);
        Collections.rotate(order, round);
        String alter = FanOutAnchor.alter(round);
        long jobId = job++;
        for (String variant : order) {
          long wall = System.nanoTime();
          long cpu = processCpuNanos();
          pools.get(variant).forEach(db -> applyOne(variant, db, alter, jobId));
          double[] perDb = {
            (System.nanoTime() - wall) / 1e6 / dbs, (processCpuNanos() - cpu) / 1e6 / dbs
          };
          if (round >= 3) {
            figures.computeIfAbsent(variant, v -> new ArrayList<>()).add(perDb);
          }
        }
      }
    } finally {
      for (FleetPool pool : pools.values()) {
        pool.close();
      }
    }
    for (String variant : variants) {
      List<double[]> f = figures.get(variant);
      System.out.printf(
          Locale.ROOT,
          "%-10s wall %.3f ms per database, CPU %.3f ms per database (medians of %d)%n",
          variant,
          median(f, 0),
          median(f, 1),
          f.size());
    }
  }

  private static void applyOne(String variant, Path db, String alter, long jobId)
      throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement st = c.createStatement()) {
      if (variant.equals("persist") || variant.equals("truncate")) {
        st.execute("PRAGMA journal_mode = " + variant);
      }
      st.execute(variant.equals("floor") ? "BEGIN IMMEDIATE" : "BEGIN EXCLUSIVE");
      boolean design = !variant.equals("floor") && !variant.equals("exclusive");
      if (design) {
        try (PreparedStatement ps = c.prepareStatement(LINK_AND_LAST)) {
          ps.setString(1, REGISTRY);
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              rs.getString(3);
            }
          }
        }
      }
      st.execute(alter);
      if (design && !variant.equals("read")) {
        try (PreparedStatement ps = c.prepareStatement(APPLIED)) {
          ps.setString(1, REGISTRY);
          ps.setLong(2, jobId);
          ps.setString(3, REGISTRY);
          ps.setLong(4, System.currentTimeMillis());
          ps.executeUpdate();
        }
      }
      st.execute("COMMIT");
    }
  }

  /** A table, and a linked database's applied table: its link row and ten jobs. */
  private static List<String> tenant() {
    List<String> ddl = new ArrayList<>();
    ddl.add("CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT)");
    ddl.add("INSERT INTO t(name) VALUES ('a'), ('b'), ('c')");
    ddl.add(
        "CREATE TABLE _sharedschema_applied(registry_id TEXT NOT NULL, job_id INTEGER NOT NULL,"
            + " state TEXT NOT NULL, error TEXT, applied_at INTEGER NOT NULL, schema_db TEXT,"
            + " token TEXT, PRIMARY KEY (registry_id, job_id))");
    ddl.add(
        "INSERT INTO _sharedschema_applied VALUES ('"
            + REGISTRY
            + "', 0, 'Linked', NULL, 1, '../schema.db', NULL)");
    for (int j = 1; j <= 10; j++) {
      ddl.add(
          "INSERT INTO _sharedschema_applied VALUES ('"
              + REGISTRY
              + "', "
              + j
              + ", 'RunSuccess', NULL, 1, '../schema.db', '"
              + REGISTRY
              + "')");
    }
    return ddl;
  }

  private static double median(List<double[]> figures, int index) {
    double[] values = figures.stream().mapToDouble(f -> f[index]).sorted().toArray();
    return values[values.length / 2];
  }

  private static long processCpuNanos() {
    return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }
}
