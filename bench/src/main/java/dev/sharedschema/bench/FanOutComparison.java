package dev.sharedschema.bench;

import dev.sharedschema.scheduler.Linker;
import dev.sharedschema.scheduler.Migration;
import dev.sharedschema.scheduler.Registry;
import dev.sharedschema.scheduler.RegistryFile;
import dev.sharedschema.scheduler.Scheduler;
import dev.sharedschema.scheduler.SchedulerOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Fan-out of one {@code ALTER TABLE t ADD COLUMN} to N linked databases through the scheduler,
 * against the raw floor ({@link RawFloor}) at the same thread count and sequentially, in one run.
 * fsync on small VMs is noisy, so the measurements are interleaved run by run (in a rotating order)
 * on three identical fleets, one per measurement, each run adding a new column everywhere; medians
 * and per-run paired ratios are reported. Linking the N databases is timed as well.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.sharedschema.bench.FanOutComparison --dbs 1000 --runs 5
 * java -cp bench/target/benchmarks.jar dev.sharedschema.bench.FanOutComparison --quick
 * </pre>
 *
 * Options: {@code --dbs N} (1000), {@code --runs R} (5), {@code --threads T} (8, for both the floor
 * and the scheduler's workers), {@code --dir D} (a new temp dir), {@code --keep} (leave the files),
 * {@code --quick} (100 databases, 3 runs: well under a minute).
 */
public final class FanOutComparison {
  private static final String DDL = "CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT NOT NULL)";

  private int dbs = 1000;
  private int runs = 5;
  private int threads = 8;
  private Path dir;
  private boolean keep;

  public static void main(String[] args) throws Exception {
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
        case "--dir" -> dir = Path.of(args[++i]);
        case "--keep" -> keep = true;
        case "--quick" -> {
          dbs = 100;
          runs = 3;
        }
        default ->
            throw new IllegalArgumentException(
                "unknown option "
                    + args[i]
                    + "; use --dbs N --runs R --threads T --dir D --keep --quick");
      }
    }
    if (dir == null) {
      dir = Files.createTempDirectory("sharedschema-fanout");
    }
  }

  private void run(PrintStream out) throws Exception {
    out.printf(
        Locale.ROOT,
        "fan-out of ALTER TABLE t ADD COLUMN to %d databases, %d runs, %d threads, dir %s%n",
        dbs,
        runs,
        threads,
        dir);
    Path schema = dir.resolve("ss").resolve("schema.db");
    long t0 = System.nanoTime();
    List<Path> linked = createFleet(schema);
    double linkMs = (System.nanoTime() - t0) / 1e6;
    out.printf(
        Locale.ROOT,
        "create+link %d databases: %.0f ms, %.2f ms per database%n",
        dbs,
        linkMs,
        linkMs / dbs);
    List<Path> floorParFiles = copyFleet(linked, dir.resolve("floor-par"));
    List<Path> floorSeqFiles = copyFleet(linked, dir.resolve("floor-seq"));

    RunTimes floorPar = new RunTimes("raw floor, " + threads + " threads");
    RunTimes floorSeq = new RunTimes("raw floor, sequential");
    RunTimes shared = new RunTimes("sharedschema, " + threads + " workers");
    try (RawFloor par = new RawFloor(floorParFiles, threads, "floor-par");
        RawFloor seq = new RawFloor(floorSeqFiles, 1, "floor-seq");
        Scheduler scheduler =
            Scheduler.open(schema, SchedulerOptions.DEFAULTS.withWorkers(threads))) {
      List<Measurement> order =
          new ArrayList<>(
              List.of(
                  column -> time(floorPar, () -> par.apply(alter(column))),
                  column -> time(floorSeq, () -> seq.apply(alter(column))),
                  column ->
                      time(shared, () -> scheduler.migrate(Migration.of(alter(column)), null))));
      warmUp(par, seq, scheduler);
      for (int r = 0; r < runs; r++) {
        for (Measurement m : order) {
          m.run(r + 1);
        }
        order.add(order.remove(0)); // rotate, so no measurement always follows the same one
        out.printf(
            Locale.ROOT,
            "run %d: floor-par %.0f ms, floor-seq %.0f ms, sharedschema %.0f ms%n",
            r + 1,
            floorPar.run(r),
            floorSeq.run(r),
            shared.run(r));
      }
    }
    verify(List.of(linked, floorParFiles, floorSeqFiles));
    report(out, floorPar, floorSeq, shared);
    if (!keep) {
      delete(dir);
    }
  }

  @FunctionalInterface
  private interface Measurement {
    void run(int column) throws Exception;
  }

  @FunctionalInterface
  private interface Work {
    void run() throws Exception;
  }

  private static void time(RunTimes into, Work work) throws Exception {
    long start = System.nanoTime();
    work.run();
    into.add(System.nanoTime() - start);
  }

  private static String alter(int column) {
    return "ALTER TABLE t ADD COLUMN c" + column + " INTEGER";
  }

  /** One untimed round of each, so the first timed run does not pay for class loading and JIT. */
  private static void warmUp(RawFloor par, RawFloor seq, Scheduler scheduler) throws Exception {
    par.apply(alter(0));
    seq.apply(alter(0));
    scheduler.migrate(Migration.of(alter(0)), null);
  }

  /**
   * The schema database with table t, its registry, and {@link #dbs} databases linked (created as
   * copies).
   */
  private List<Path> createFleet(Path schema) throws SQLException, IOException {
    Files.createDirectories(schema.getParent());
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + schema);
        Statement st = c.createStatement()) {
      st.execute(DDL);
    }
    List<Path> linked = new ArrayList<>(dbs);
    try (Registry registry = RegistryFile.openOrCreate(schema, Clock.systemUTC())) {
      Linker linker = new Linker(registry, Clock.systemUTC());
      for (int i = 1; i <= dbs; i++) {
        Path db = schema.resolveSibling(String.format("tenant-%05d.db", i));
        linker.link(db);
        linked.add(db);
      }
    }
    return linked;
  }

  /** Plain copies of the linked files: the same schema and size, so both sides do the same work. */
  private static List<Path> copyFleet(List<Path> files, Path to) throws IOException {
    Files.createDirectories(to);
    List<Path> copies = new ArrayList<>(files.size());
    for (Path f : files) {
      Path c = to.resolve(f.getFileName());
      Files.copy(f, c);
      copies.add(c);
    }
    return copies;
  }

  /**
   * Every fleet must have got every column: a fast run that did nothing would otherwise go
   * unnoticed.
   */
  private void verify(List<List<Path>> fleets) throws SQLException {
    for (List<Path> fleet : fleets) {
      for (Path db : List.of(fleet.get(0), fleet.get(fleet.size() - 1))) {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
            Statement st = c.createStatement();
            var rs =
                st.executeQuery(
                    "SELECT count(*) FROM pragma_table_info('t') WHERE name LIKE 'c%'")) {
          rs.next();
          if (rs.getInt(1) != runs + 1) {
            throw new IllegalStateException(
                db + " has " + rs.getInt(1) + " added columns, expected " + (runs + 1));
          }
        }
      }
    }
  }

  private void report(PrintStream out, RunTimes floorPar, RunTimes floorSeq, RunTimes shared) {
    out.println();
    out.println(floorPar.line(dbs));
    out.println(floorSeq.line(dbs));
    out.println(shared.line(dbs));
    List<Double> paired = new ArrayList<>();
    for (int r = 0; r < shared.size(); r++) {
      paired.add(shared.run(r) / floorPar.run(r));
    }
    out.printf(
        Locale.ROOT,
        "%nsharedschema / floor at %d threads: median %.2fx, min %.2fx, median of per-run ratios %.2fx"
            + " (goal <= 1.5x: %s)%n",
        threads,
        shared.median() / floorPar.median(),
        shared.min() / floorPar.min(),
        RunTimes.median(paired),
        shared.median() / floorPar.median() <= 1.5 ? "met" : "missed");
    out.printf(
        Locale.ROOT,
        "sharedschema (%d workers) / sequential floor: median %.2fx%n",
        threads,
        shared.median() / floorSeq.median());
  }

  private static void delete(Path root) throws IOException {
    try (var files = Files.walk(root)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
