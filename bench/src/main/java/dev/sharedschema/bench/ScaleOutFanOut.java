package dev.sharedschema.bench;

import dev.sharedschema.driver.SharedSchema;
import dev.sharedschema.scheduler.NodeSettings;
import dev.sharedschema.scheduler.SchedulerOptions;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The PostgreSQL registry's cost per tenant (docs/scale-out.md, docs/benchmarks.md): the fan-out of
 * one {@code ALTER TABLE t ADD COLUMN} through a schema connection, dry run included, to N tenants
 * with (1) the SQLite registry on one node, (2) the PostgreSQL registry on one node (the registry's
 * own cost: round trips per batch), (3) the PostgreSQL registry with the tenants spread over K
 * nodes, each a JVM of its own, on this machine (same total worker threads). Runs interleaved in a
 * rotating order, each variant on its own fleet; medians and paired ratios to (1).
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.sharedschema.bench.ScaleOutFanOut --dbs 1000 --runs 5
 * java -cp bench/target/benchmarks.jar dev.sharedschema.bench.ScaleOutFanOut --dbs 10000 --runs 3
 * </pre>
 *
 * Options: {@code --dbs N} (1000), {@code --runs R} (5), {@code --workers W} (8 in all), {@code
 * --nodes K} (3), {@code --dir D} (a new temp dir).
 */
public final class ScaleOutFanOut {
  private int dbs = 1000;
  private int runs = 5;
  private int workers = 8;
  private int nodes = 3;
  private Path dir;

  /** One way to run the fan-out, with its fleet and schema connection. */
  private record Variant(String name, SharedSchema fleet, Connection schema, PhaseClock phases) {}

  public static void main(String[] args) throws Exception {
    ScaleOutFanOut b = new ScaleOutFanOut();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--dbs" -> b.dbs = Integer.parseInt(args[++i]);
        case "--runs" -> b.runs = Integer.parseInt(args[++i]);
        case "--workers" -> b.workers = Integer.parseInt(args[++i]);
        case "--nodes" -> b.nodes = Integer.parseInt(args[++i]);
        case "--dir" -> b.dir = Path.of(args[++i]);
        default ->
            throw new IllegalArgumentException(
                "unknown option "
                    + args[i]
                    + "; use --dbs N --runs R --workers W --nodes K --dir D");
      }
    }
    b.run(System.out);
    System.exit(0);
  }

  private void run(PrintStream out) throws Exception {
    Path root = dir != null ? Files.createDirectories(dir) : Files.createTempDirectory("scaleout-");
    out.printf(
        Locale.ROOT,
        "scale-out fan-out: %d tenants, %d runs, %d workers in all, %d nodes; %s%n",
        dbs,
        runs,
        workers,
        nodes,
        Environment.describe());
    try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start()) {
      List<Variant> variants = new ArrayList<>();
      BenchFleet sqlite = BenchFleet.create(root.resolve("sqlite"), dbs);
      variants.add(
          open("SQLite registry, 1 node, " + workers + " workers", sqlite.schema, null, workers));
      String one = ScaleOutFleet.newRegistry(pg, "one");
      ScaleOutFleet single = ScaleOutFleet.create(one, root.resolve("pg1"), dbs, 1);
      variants.add(
          open(
              "PostgreSQL registry, 1 node, " + workers + " workers", single.schema, one, workers));
      String many = ScaleOutFleet.newRegistry(pg, "many");
      int each = Math.max(1, (workers + nodes - 1) / nodes);
      try (ScaleOutFleet spread = ScaleOutFleet.create(many, root.resolve("pgn"), dbs, nodes)) {
        spread.startNodes(each);
        variants.add(
            open(
                "PostgreSQL registry, " + nodes + " nodes (JVMs) x " + each + " workers",
                spread.schema,
                many,
                each));
        long postmaster = PostgresCpu.postmaster(pg.getPort());
        out.println(
            "PostgreSQL server: pid "
                + postmaster
                + " "
                + ProcessHandle.of(postmaster).flatMap(h -> h.info().command()).orElse("?"));
        measure(variants, out, postmaster);
      }
    }
  }

  private static Variant open(String name, Path schema, String registry, int workers)
      throws Exception {
    SchedulerOptions options = SchedulerOptions.DEFAULTS.withWorkers(workers);
    String url = "jdbc:sharedschema:sqlite:" + schema + "?shared_schema=true";
    if (registry != null) {
      options = options.withRegistry(new NodeSettings(registry, "a", null).provider());
      url +=
          "&shared_schema_node=a&shared_schema_registry="
              + URLEncoder.encode(registry, StandardCharsets.UTF_8);
    }
    SharedSchema fleet = SharedSchema.open(schema, options);
    PhaseClock phases = new PhaseClock();
    fleet.addListener(phases);
    return new Variant(name, fleet, DriverManager.getConnection(url), phases);
  }

  private void measure(List<Variant> variants, PrintStream out, long pgPid) throws Exception {
    Map<String, List<Double>> ms = new LinkedHashMap<>();
    Map<String, Double> pgCpu = new LinkedHashMap<>();
    int column = 0;
    column++;
    for (Variant v : variants) { // warm-up: class loading, JIT, connections
      alter(v, column);
      ms.put(v.name(), new ArrayList<>());
    }
    for (int r = 0; r < runs; r++) {
      column++;
      for (int k = 0; k < variants.size(); k++) {
        Variant v = variants.get((k + r) % variants.size());
        double cpu0 = PostgresCpu.seconds(pgPid);
        long t0 = System.nanoTime();
        alter(v, column);
        ms.get(v.name()).add((System.nanoTime() - t0) / 1e6);
        pgCpu.merge(v.name(), PostgresCpu.seconds(pgPid) - cpu0, Double::sum);
      }
    }
    List<Double> base = ms.get(variants.get(0).name());
    out.printf(
        Locale.ROOT,
        "%-52s %10s %12s %10s   %s%n",
        "",
        "median ms",
        "µs/tenant",
        "vs SQLite",
        "runs (ms)");
    for (Variant v : variants) {
      List<Double> mine = ms.get(v.name());
      List<Double> ratios = new ArrayList<>();
      for (int i = 0; i < mine.size(); i++) {
        ratios.add(mine.get(i) / base.get(i));
      }
      double median = median(mine);
      out.printf(
          Locale.ROOT,
          "%-52s %10.0f %12.1f %9.3fx   %s%n",
          v.name(),
          median,
          median * 1000 / dbs,
          median(ratios),
          mine.stream().map(d -> String.format(Locale.ROOT, "%.0f", d)).toList());
    }
    out.println("PostgreSQL server CPU per tenant (all its processes, /proc; mean of the runs):");
    for (Variant v : variants) {
      out.printf(
          Locale.ROOT, "  %-52s %6.1f µs%n", v.name(), pgCpu.get(v.name()) * 1e6 / runs / dbs);
    }
    out.println(
        "where the last run's time went (this JVM's tasks; node a's only, with several nodes):");
    for (Variant v : variants) {
      out.println("  " + v.name() + v.phases().describe());
      v.schema().close();
      v.fleet().close();
    }
  }

  private static void alter(Variant v, int column) throws Exception {
    v.phases().begin();
    try (Statement st = v.schema().createStatement()) {
      st.execute(FanOutAnchor.alter(column));
    }
    v.phases().end();
  }

  private static double median(List<Double> xs) {
    List<Double> s = new ArrayList<>(xs);
    s.sort(null);
    int n = s.size();
    return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
  }
}
