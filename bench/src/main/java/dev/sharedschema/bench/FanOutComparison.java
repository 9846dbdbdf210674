package dev.sharedschema.bench;

import dev.sharedschema.scheduler.SchedulerOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Fan-out of one {@code ALTER TABLE t ADD COLUMN} to N linked databases through sharedschema,
 * against, in the same run: the raw floor ({@link RawFloor}) at the same thread count and
 * sequentially, a Flyway {@code migrate()} loop over the tenants (same thread count and
 * sequential), and a Liquibase {@code update} loop (sequential). fsync on small VMs is noisy, so
 * the anchors are interleaved run by run in a rotating order, each on its own identical copy of the
 * fleet, each run adding a new column everywhere; medians and paired per-run ratios are reported.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.sharedschema.bench.FanOutComparison --dbs 1000 --runs 5
 * java -cp bench/target/benchmarks.jar dev.sharedschema.bench.FanOutComparison --quick
 * java -cp bench/target/benchmarks.jar dev.sharedschema.bench.FanOutComparison --dbs 10000 --runs 3 \
 *     --anchors shared,floor,flyway
 * </pre>
 *
 * Options: {@code --dbs N} (1000), {@code --runs R} (5), {@code --warmup W} (1 untimed round),
 * {@code --csv FILE} (append every run's raw figures, for {@link FanOutChart}), {@code --batch B}
 * (the scheduler's batch size, 256), {@code --threads T} (8, for the parallel anchors and the
 * scheduler's workers), {@code --anchors a,b,…} (default all of {@code shared, floor, floor-seq,
 * two-phase, flyway, flyway-seq, liquibase}; {@code two-phase} is {@link TwoPhaseFloor}, what the
 * two-phase design costs without a scheduler), {@code --dir D} (a new temp dir), {@code --keep}
 * (leave the files), {@code --quick} (100 databases, 3 runs: well under a minute).
 */
public final class FanOutComparison {
  private static final List<String> ALL =
      List.of("shared", "floor", "floor-seq", "two-phase", "flyway", "flyway-seq", "liquibase");

  private int dbs = 1000;
  private int runs = 5;
  private int threads = 8;
  private List<String> anchors = ALL;
  private int warmup = 1;
  private int batchSize = SchedulerOptions.DEFAULTS.batchSize();
  private Path dir;
  private Path csv;
  private boolean keep;

  public static void main(String[] args) throws Exception {
    // Flyway and Liquibase report every tenant's migration at INFO; keep the report readable.
    Logger.getLogger("").setLevel(Level.WARNING);
    System.setProperty("liquibase.showBanner", "false");
    // Liquibase 4.30+ would try to send usage analytics per update; this machine has no network.
    System.setProperty("liquibase.analytics.enabled", "false");
    FanOutComparison c = new FanOutComparison();
    c.parse(args);
    c.run(System.out);
    System.exit(0); // the scheduler's and pools' daemon threads need no orderly wind-down here
  }

  private void parse(String[] args) throws IOException {
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--dbs" -> dbs = Integer.parseInt(args[++i]);
        case "--runs" -> runs = Integer.parseInt(args[++i]);
        case "--threads" -> threads = Integer.parseInt(args[++i]);
        case "--anchors" -> anchors = List.of(args[++i].split(","));
        case "--warmup" -> warmup = Integer.parseInt(args[++i]);
        case "--batch" -> batchSize = Integer.parseInt(args[++i]);
        case "--dir" -> dir = Path.of(args[++i]);
        case "--csv" -> csv = Path.of(args[++i]);
        case "--keep" -> keep = true;
        case "--quick" -> {
          dbs = 100;
          runs = 3;
        }
        default ->
            throw new IllegalArgumentException(
                "unknown option "
                    + args[i]
                    + "; use --dbs N --runs R --threads T --anchors "
                    + String.join(",", ALL)
                    + " --warmup W --batch B --dir D --csv FILE --keep --quick");
      }
    }
    for (String a : anchors) {
      if (!ALL.contains(a)) {
        throw new IllegalArgumentException("unknown anchor " + a + "; known: " + ALL);
      }
    }
    if (dir == null) {
      dir = Files.createTempDirectory("sharedschema-fanout");
    }
  }

  private void run(PrintStream out) throws Exception {
    out.printf(
        Locale.ROOT,
        "fan-out of ALTER TABLE t ADD COLUMN to %d databases, %d runs, %d threads, %s, dir %s%n",
        dbs,
        runs,
        threads,
        Environment.describe(),
        dir);
    long t0 = System.nanoTime();
    BenchFleet fleet = BenchFleet.create(dir, dbs);
    double linkMs = (System.nanoTime() - t0) / 1e6;
    out.printf(
        Locale.ROOT,
        "create+link %d databases (Linker.linkAll): %.0f ms, %.2f ms per database%n",
        dbs,
        linkMs,
        linkMs / dbs);

    Map<String, FanOutAnchor> byKey = new LinkedHashMap<>();
    Map<String, List<Path>> fleets = new LinkedHashMap<>();
    try {
      for (String key : anchors) {
        List<Path> files = key.equals("shared") ? fleet.linked : fleet.copyTo(dir.resolve(key));
        // Copies are made without fsync, so an anchor's synced files are its migrations' alone.
        fleets.put(key, files);
        byKey.put(key, open(key, fleet, files));
      }
      Map<String, RunTimes> times = new LinkedHashMap<>();
      Map<String, RunTimes> cpu = new LinkedHashMap<>();
      byKey.forEach((k, a) -> times.put(k, new RunTimes(a.name())));
      byKey.forEach((k, a) -> cpu.put(k, new RunTimes(a.name() + " (CPU)")));
      List<String> order = new ArrayList<>(byKey.keySet());
      // Warm-up: class loading, JIT, Flyway/Liquibase history tables. Column numbers 0..warmup-1.
      for (int w = 0; w < warmup; w++) {
        for (String k : order) {
          byKey.get(k).addColumn(w);
        }
      }
      for (int r = warmup; r < warmup + runs; r++) {
        StringBuilder line = new StringBuilder("run " + (r - warmup + 1) + ":");
        for (String k : order) {
          long start = System.nanoTime();
          long cpuStart = processCpuNanos();
          byKey.get(k).addColumn(r);
          times.get(k).add(System.nanoTime() - start);
          cpu.get(k).add(processCpuNanos() - cpuStart);
          line.append(String.format(Locale.ROOT, " %s %.0f ms", k, times.get(k).last()));
          if (byKey.get(k) instanceof SharedSchemaFanOut s) {
            line.append(s.lastPhases());
          }
          line.append(',');
        }
        out.println(line.substring(0, line.length() - 1));
        order.add(order.remove(0)); // rotate, so no anchor always follows the same one
      }
      verify(fleets);
      report(out, times, cpu);
      if (csv != null) {
        appendCsv(times, cpu);
      }
    } finally {
      for (FanOutAnchor a : byKey.values()) {
        a.close();
      }
    }
    if (!keep) {
      BenchFleet.delete(dir);
    }
  }

  private FanOutAnchor open(String key, BenchFleet fleet, List<Path> files) throws Exception {
    return switch (key) {
      case "shared" -> new SharedSchemaFanOut(fleet.schema, threads, batchSize);
      case "floor" -> new RawFloor(files, threads);
      case "floor-seq" -> new RawFloor(files, 1);
      case "two-phase" -> new TwoPhaseFloor(files, threads);
      case "flyway" -> new FlywayLoop(files, threads, dir.resolve("flyway-migrations-par"));
      case "flyway-seq" -> new FlywayLoop(files, 1, dir.resolve("flyway-migrations-seq"));
      case "liquibase" -> new LiquibaseLoop(files, 1, dir.resolve("liquibase-changelog"));
      default -> throw new IllegalArgumentException(key);
    };
  }

  /**
   * CPU time used by this JVM so far. On a shared 2-core machine wall time moves with the
   * neighbours' load; CPU time per database says what each anchor costs regardless.
   */
  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** Every fleet must have got every column: a fast run that did nothing would go unnoticed. */
  private void verify(Map<String, List<Path>> fleets) throws Exception {
    for (var e : fleets.entrySet()) {
      List<Path> files = e.getValue();
      for (Path db :
          List.of(files.get(0), files.get(files.size() / 2), files.get(files.size() - 1))) {
        int columns = BenchFleet.addedColumns(db);
        if (columns != runs + warmup) {
          throw new IllegalStateException(
              e.getKey()
                  + ": "
                  + db
                  + " has "
                  + columns
                  + " added columns, expected "
                  + (runs + warmup));
        }
      }
    }
  }

  private void report(PrintStream out, Map<String, RunTimes> times, Map<String, RunTimes> cpu) {
    out.println();
    times.values().forEach(t -> out.println(t.line(dbs)));
    out.println();
    out.println("CPU time of this process (all threads, user + system) while each ran:");
    cpu.values().forEach(t -> out.println(t.line(dbs)));
    out.println();
    RunTimes shared = times.get("shared");
    if (shared == null) {
      return; // nothing to compare against: times only (e.g. counting one anchor's fsyncs)
    }
    ratio(
        out,
        times.get("floor"),
        shared,
        "sharedschema / raw floor (same threads)",
        "<= 1.3x",
        1.3,
        false);
    ratio(
        out,
        times.get("floor-seq"),
        shared,
        "sharedschema / raw floor, sequential",
        null,
        0,
        false);
    ratio(
        out,
        times.get("two-phase"),
        shared,
        "sharedschema / two-phase floor (same threads)",
        null,
        0,
        false);
    ratio(
        out,
        times.get("two-phase"),
        times.get("floor"),
        "two-phase floor / raw floor (what the design costs)",
        null,
        0,
        true);
    ratio(
        out,
        times.get("flyway"),
        shared,
        "flyway loop (same threads) / sharedschema",
        ">= 2x",
        2,
        true);
    ratio(
        out,
        times.get("flyway-seq"),
        shared,
        "flyway loop, sequential / sharedschema",
        null,
        0,
        true);
    ratio(
        out,
        times.get("liquibase"),
        shared,
        "liquibase loop, sequential / sharedschema",
        ">= 10x",
        10,
        true);
  }

  /**
   * Appends every timed run as {@code dbs,anchor,run,wall_ms,cpu_ms} to the {@code --csv} file (its
   * header first when the file is new): the raw figures {@link FanOutChart} draws.
   */
  private void appendCsv(Map<String, RunTimes> times, Map<String, RunTimes> cpu)
      throws IOException {
    StringBuilder rows = new StringBuilder();
    if (!Files.exists(csv)) {
      rows.append(FanOutChart.HEADER).append('\n');
    }
    for (var e : times.entrySet()) {
      RunTimes wall = e.getValue();
      for (int r = 0; r < wall.size(); r++) {
        rows.append(
            String.format(
                Locale.ROOT,
                "%d,%s,%d,%.1f,%.1f%n",
                dbs,
                e.getKey(),
                r + 1,
                wall.run(r),
                cpu.get(e.getKey()).run(r)));
      }
    }
    Files.writeString(
        csv,
        rows,
        java.nio.charset.StandardCharsets.UTF_8,
        java.nio.file.StandardOpenOption.CREATE,
        java.nio.file.StandardOpenOption.APPEND);
  }

  /**
   * Prints the ratio of medians, minimums and the median of paired per-run ratios; {@code
   * anchorOverShared} says which way round (a speed-up of sharedschema, or its cost over a floor).
   */
  private static void ratio(
      PrintStream out,
      RunTimes anchor,
      RunTimes shared,
      String label,
      String goal,
      double bound,
      boolean anchorOverShared) {
    if (anchor == null || shared == null) {
      return;
    }
    List<Double> paired = new ArrayList<>();
    for (int r = 0; r < shared.size(); r++) {
      paired.add(anchorOverShared ? anchor.run(r) / shared.run(r) : shared.run(r) / anchor.run(r));
    }
    double medians =
        anchorOverShared ? anchor.median() / shared.median() : shared.median() / anchor.median();
    double mins = anchorOverShared ? anchor.min() / shared.min() : shared.min() / anchor.min();
    String verdict =
        goal == null
            ? ""
            : String.format(
                " (goal %s: %s)",
                goal, (anchorOverShared ? medians >= bound : medians <= bound) ? "met" : "missed");
    out.printf(
        Locale.ROOT,
        "%-44s medians %.2fx, minimums %.2fx, median of per-run ratios %.2fx%s%n",
        label + ":",
        medians,
        mins,
        RunTimes.median(paired),
        verdict);
  }
}
