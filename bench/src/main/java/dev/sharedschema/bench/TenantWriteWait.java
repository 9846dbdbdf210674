package dev.sharedschema.bench;

import dev.sharedschema.driver.SharedSchema;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * How long a tenant's write waits while a migration fans out to the fleet (issue 5, "Concurrency").
 * Writers insert rows into random tenants continuously through linked connections with default
 * settings; the program records every write's latency in three phases: a baseline without
 * migration, the fan-out of {@code --migrations} migrations through a schema connection, and a
 * second baseline. Fan-out writes are split by whether one of their own tenant's migration tasks
 * ended within {@code --near-ms} of the write (reported by the scheduler's progress listener): the
 * writes away from their tenant's tasks should look like the baseline, the waits should all be
 * near.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.sharedschema.bench.TenantWriteWait [--dbs 1000] [--writers 16]
 * </pre>
 *
 * Options: {@code --dbs N} (1000), {@code --writers W} (16), {@code --migrations M} (3: add a
 * column, create an index, update every row), {@code --baseline-seconds S} (10, before and after
 * the fan-out each), {@code --warmup-seconds S} (3), {@code --near-ms T} (250), {@code --rows R}
 * (200 rows per tenant to start with), {@code --pause-ms P} (0: write continuously), {@code --seed
 * N}, {@code --dir D} (a new temp dir), {@code --keep}.
 */
public final class TenantWriteWait {
  private int dbs = 1000;
  private int writers = 16;
  private int migrations = 3;
  private int baselineSeconds = 10;
  private int warmupSeconds = 3;
  private long nearMillis = 250;
  private int rows = 200;
  private long pauseMillis;
  private long seed = System.nanoTime();
  private Path dir;
  private boolean keep;
  private boolean probe = true;
  private boolean readFirst;

  public static void main(String[] args) throws Exception {
    TenantWriteWait w = new TenantWriteWait();
    w.parse(args);
    int exit = w.run(System.out);
    System.exit(exit); // the scheduler's daemon threads need no orderly wind-down here
  }

  private void parse(String[] args) throws IOException {
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--dbs" -> dbs = Integer.parseInt(args[++i]);
        case "--writers" -> writers = Integer.parseInt(args[++i]);
        case "--migrations" -> migrations = Integer.parseInt(args[++i]);
        case "--baseline-seconds" -> baselineSeconds = Integer.parseInt(args[++i]);
        case "--warmup-seconds" -> warmupSeconds = Integer.parseInt(args[++i]);
        case "--near-ms" -> nearMillis = Long.parseLong(args[++i]);
        case "--rows" -> rows = Integer.parseInt(args[++i]);
        case "--pause-ms" -> pauseMillis = Long.parseLong(args[++i]);
        case "--seed" -> seed = Long.parseLong(args[++i]);
        case "--dir" -> dir = Path.of(args[++i]);
        case "--keep" -> keep = true;
        case "--sqlite-busy-handler" -> probe = false;
        case "--read-then-write" -> readFirst = true;
        default ->
            throw new IllegalArgumentException(
                "unknown option "
                    + args[i]
                    + "; use --dbs N --writers W --migrations M --baseline-seconds S"
                    + " --warmup-seconds S --near-ms T --rows R --pause-ms P --seed N --dir D --keep"
                    + " --sqlite-busy-handler --read-then-write");
      }
    }
    if (writers < 1 || writers > dbs) {
      throw new IllegalArgumentException("--writers must be between 1 and --dbs");
    }
    if (dir == null) {
      dir = Files.createTempDirectory("sharedschema-writewait");
    }
  }

  private int run(PrintStream out) throws Exception {
    out.printf(
        Locale.ROOT,
        "tenant write wait: %d databases, %d writers%s, %d migrations, baseline 2 x %d s,"
            + " near = within %d ms of a task of the write's tenant, seed %d, dir %s%n",
        dbs,
        writers,
        readFirst ? " (read-then-write transactions)" : "",
        migrations,
        baselineSeconds,
        nearMillis,
        seed,
        dir);
    Path schema = dir.resolve("schema.db");
    List<Path> files = createFleet(out, schema);
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < files.size(); i++) {
      index.put(schema.getParent().relativize(files.get(i)).toString(), i);
    }
    TaskTimes tasks = new TaskTimes(index, dbs, 2 * migrations);
    AtomicBoolean stop = new AtomicBoolean();
    List<ContinuousWriter> all = startWriters(files, stop);
    List<Thread> threads = new ArrayList<>();
    for (int w = 0; w < all.size(); w++) {
      Thread t = new Thread(all.get(w), "tenant-writer-" + w);
      threads.add(t);
      t.start();
    }
    long[] phases = new long[6];
    try (SharedSchema ss = SharedSchema.open(schema);
        Connection c = DriverManager.getConnection(schemaUrl(schema));
        Statement st = c.createStatement()) {
      ss.addListener(tasks);
      Thread.sleep(warmupSeconds * 1000L);
      phases[0] = System.nanoTime();
      Thread.sleep(baselineSeconds * 1000L);
      phases[1] = System.nanoTime();
      phases[2] = System.nanoTime();
      for (int m = 1; m <= migrations; m++) {
        String sql = migration(m);
        long start = System.nanoTime();
        st.execute(sql);
        out.printf(
            Locale.ROOT, "migration %d (%s): %.0f ms%n", m, sql, (System.nanoTime() - start) / 1e6);
      }
      phases[3] = System.nanoTime();
      phases[4] = System.nanoTime();
      Thread.sleep(baselineSeconds * 1000L);
      phases[5] = System.nanoTime();
    } finally {
      stop.set(true);
      for (Thread t : threads) {
        t.join();
      }
    }
    report(out, all, tasks, phases);
    int problems = verify(out, schema, files, all);
    if (!keep) {
      delete(dir);
    }
    return problems == 0 ? 0 : 1;
  }

  private static String migration(int m) {
    return switch (m) {
      case 1 -> "ALTER TABLE events ADD COLUMN note TEXT";
      case 2 -> "CREATE INDEX events_writer ON events(writer, seq)";
      case 3 -> "UPDATE events SET note = 'migrated' WHERE note IS NULL";
      default -> "ALTER TABLE events ADD COLUMN c" + m + " INTEGER";
    };
  }

  private List<Path> createFleet(PrintStream out, Path schema) throws SQLException {
    long start = System.nanoTime();
    try (Connection c = DriverManager.getConnection(schemaUrl(schema));
        Statement st = c.createStatement()) {
      st.execute(
          "CREATE TABLE events(id INTEGER PRIMARY KEY, writer INTEGER NOT NULL,"
              + " seq INTEGER NOT NULL, payload TEXT)");
      // Reference rows, copied into every tenant when it is linked: tables with data to migrate.
      st.execute(
          "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < "
              + rows
              + ") INSERT INTO events(writer, seq, payload) SELECT -1, i, 'seed row' FROM n");
    }
    List<Path> files = new ArrayList<>();
    for (int i = 1; i <= dbs; i++) {
      files.add(dir.resolve(String.format(Locale.ROOT, "t%05d.db", i)));
    }
    try (SharedSchema ss = SharedSchema.open(schema)) {
      ss.linkAll(files);
    }
    out.printf(
        Locale.ROOT,
        "created and linked %d databases (%d rows each) in %.0f ms%n",
        dbs,
        rows,
        (System.nanoTime() - start) / 1e6);
    return files;
  }

  /** Writer {@code w} owns the tenants {@code i} with {@code i % writers == w}. */
  private List<ContinuousWriter> startWriters(List<Path> files, AtomicBoolean stop)
      throws SQLException {
    List<ContinuousWriter> out = new ArrayList<>();
    for (int w = 0; w < writers; w++) {
      int[] own = new int[(dbs - w + writers - 1) / writers];
      for (int k = 0; k < own.length; k++) {
        own[k] = w + k * writers;
      }
      out.add(new ContinuousWriter(w, own, files, seed + w, stop, pauseMillis, probe, readFirst));
    }
    return out;
  }

  private void report(PrintStream out, List<ContinuousWriter> all, TaskTimes tasks, long[] phases) {
    Latencies baseline = new Latencies();
    Latencies fanOut = new Latencies();
    Latencies near = new Latencies();
    Latencies away = new Latencies();
    Latencies lockedNear = new Latencies();
    Latencies lockedAway = new Latencies();
    int baselineLocked = 0;
    Latencies lockedDistance = new Latencies();
    long margin = nearMillis * 1_000_000;
    for (ContinuousWriter w : all) {
      WriteLog log = w.log();
      for (int i = 0; i < log.size(); i++) {
        long s = log.start(i);
        long latency = log.end(i) - s;
        boolean locked = log.foundLocked(i);
        if ((s >= phases[0] && s < phases[1]) || (s >= phases[4] && s < phases[5])) {
          baseline.add(latency);
          baselineLocked += locked ? 1 : 0;
        } else if (s >= phases[2] && s < phases[3]) {
          fanOut.add(latency);
          long distance = tasks.distance(log.tenant(i), s, log.end(i));
          boolean isNear = distance <= margin;
          (isNear ? near : away).add(latency);
          if (locked) {
            (isNear ? lockedNear : lockedAway).add(latency);
            lockedDistance.add(distance);
          }
        }
      }
    }
    out.printf(
        Locale.ROOT,
        "fan-out phase: %.0f ms, %d task ends reported; baseline phases: 2 x %d s%n",
        (phases[3] - phases[2]) / 1e6,
        tasks.total(),
        baselineSeconds);
    out.println(Latencies.header());
    out.println(baseline.row("baseline (no migration)"));
    out.println(fanOut.row("during fan-out, all"));
    out.println(near.row("during fan-out, near a task of its own tenant"));
    out.println(away.row("during fan-out, away from its tenant's tasks"));
    if (probe) {
      out.println(lockedNear.row("found its file locked, near its tenant's task"));
      out.println(lockedAway.row("found its file locked, away from its tenant's tasks"));
      out.printf(
          Locale.ROOT,
          "writes that found their file locked: %d during the fan-out (%d near, %d away),"
              + " %d in the baselines%n",
          lockedNear.count() + lockedAway.count(),
          lockedNear.count(),
          lockedAway.count(),
          baselineLocked);
      out.printf(
          Locale.ROOT,
          "  their distance to the nearest reported task end of their own tenant:"
              + " p50 %.1f ms, max %.1f ms%n",
          Latencies.ms(lockedDistance.percentile(0.5)),
          Latencies.ms(lockedDistance.max()));
    }
    long ceiling = baseline.max();
    out.printf(
        Locale.ROOT,
        "fan-out writes slower than the baseline's max (%.2f ms): %d near their tenant's task,"
            + " %d away%n",
        Latencies.ms(ceiling),
        near.above(ceiling),
        away.above(ceiling));
  }

  /**
   * No writer saw an SQLException, every acknowledged row is there, and no database drifted.
   * Returns the number of problems.
   */
  private int verify(PrintStream out, Path schema, List<Path> files, List<ContinuousWriter> all)
      throws SQLException {
    int problems = 0;
    long acknowledged = 0;
    int busy = 0;
    for (ContinuousWriter w : all) {
      acknowledged += w.log().size();
      busy += w.busy();
      if (readFirst && w.errors().size() == w.busy()) {
        continue; // the documented limit of read-then-write transactions, reported below
      }
      for (String e : w.errors()) {
        out.println("writer error: " + e);
        problems++;
      }
    }
    if (readFirst) {
      out.printf(
          Locale.ROOT,
          "read-then-write transactions failed with SQLITE_BUSY: %d of %d (%.3f%%)%n",
          busy,
          acknowledged + busy,
          100.0 * busy / Math.max(1, acknowledged + busy));
    }
    long found = 0;
    for (Path f : files) {
      try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + f);
          Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT count(*) FROM events WHERE writer >= 0")) {
        rs.next();
        found += rs.getLong(1);
      }
    }
    if (found != acknowledged) {
      out.printf(Locale.ROOT, "rows: %d acknowledged but %d found%n", acknowledged, found);
      problems++;
    }
    try (SharedSchema ss = SharedSchema.open(schema)) {
      int drift = ss.check().size();
      if (drift > 0) {
        out.println("drift in " + drift + " databases");
        problems++;
      }
    }
    out.printf(
        Locale.ROOT,
        "checked: %d acknowledged writes, %d rows found, %d problems%n",
        acknowledged,
        found,
        problems);
    return problems;
  }

  private static String schemaUrl(Path schema) {
    return "jdbc:sharedschema:sqlite:" + schema + "?shared_schema=true";
  }

  private static void delete(Path dir) throws IOException {
    try (var files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
