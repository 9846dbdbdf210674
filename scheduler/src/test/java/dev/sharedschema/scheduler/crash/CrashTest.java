package dev.sharedschema.scheduler.crash;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sharedschema.scheduler.JobRecord;
import dev.sharedschema.scheduler.JobState;
import dev.sharedschema.scheduler.LinkRefusedException;
import dev.sharedschema.scheduler.Linker;
import dev.sharedschema.scheduler.Migration;
import dev.sharedschema.scheduler.MigrationFailedException;
import dev.sharedschema.scheduler.MigrationListener;
import dev.sharedschema.scheduler.Registry;
import dev.sharedschema.scheduler.RegistryFile;
import dev.sharedschema.scheduler.Scheduler;
import dev.sharedschema.scheduler.SchedulerOptions;
import dev.sharedschema.scheduler.SchemaFingerprint;
import dev.sharedschema.scheduler.TaskState;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash harness (issue 5, "Crash"; docs/reliability.md): a fan-out runs in a child JVM that is
 * killed with SIGKILL at a seeded random moment — in the dry run, in the run, inside the schema
 * database's final transaction, or while new databases are being linked — and a fresh scheduler in
 * this JVM resumes the job. After each iteration the job is terminal, every linked database has the
 * migration exactly once (or, after a dry-run failure, none has it), the schema database is
 * migrated last, and no tenant row is lost.
 *
 * <p>System properties (environment variable fallback in brackets): {@code
 * sharedschema.crash.iterations} [SHAREDSCHEMA_CRASH_ITERATIONS] default 50; {@code
 * sharedschema.test.seed} [SHAREDSCHEMA_TEST_SEED] default random; {@code
 * sharedschema.crash.databases} [SHAREDSCHEMA_CRASH_DATABASES] default 200; {@code
 * sharedschema.crash.only} [SHAREDSCHEMA_CRASH_ONLY] runs one iteration (replay); {@code
 * sharedschema.crash.targets} [SHAREDSCHEMA_CRASH_TARGETS] e.g. {@code LINKING,RUN} (default all).
 */
@Tag("slow")
class CrashTest {
  private static final System.Logger LOG = System.getLogger("dev.sharedschema.crash");
  private static final int TENANT_ROWS = 5;
  private static final int LINK_BATCHES = 12;
  private static final int LINK_BATCH_SIZE = 10;
  private static final Map<String, Integer> TALLY = new ConcurrentHashMap<>();

  @TempDir static Path root;

  /** Where the kill is aimed. */
  enum Target {
    DRY_RUN,
    RUN,
    FINAL_STEP,
    LINKING,
    /**
     * Not killed but stopped ({@code kill -STOP}) past its lease while a new holder takes over,
     * then continued: its late writes must change nothing, and the job ends without a retry.
     */
    PAUSE
  }

  static SchedulerOptions options() {
    return SchedulerOptions.DEFAULTS
        .withBusyTimeout(Duration.ofSeconds(10))
        .withLeaseTtl(Duration.ofMillis(600))
        .withBatchSize(20)
        .withWorkers(4);
  }

  /** Cannot be applied twice unnoticed: the counter would be 2, or the ALTER would fail. */
  static Migration migration() {
    return Migration.of(
        "UPDATE counter SET n = n + 1", "ALTER TABLE counter ADD COLUMN c1 INTEGER");
  }

  private static String setting(String property, String env, String fallback) {
    String v = System.getProperty(property);
    if (v == null || v.isBlank()) {
      v = System.getenv(env);
    }
    return v == null || v.isBlank() ? fallback : v.trim();
  }

  @TestFactory
  Stream<DynamicTest> killedFanOutResumesExactlyOnce() {
    int iterations =
        Integer.parseInt(
            setting("sharedschema.crash.iterations", "SHAREDSCHEMA_CRASH_ITERATIONS", "50"));
    int databases =
        Integer.parseInt(
            setting("sharedschema.crash.databases", "SHAREDSCHEMA_CRASH_DATABASES", "200"));
    String seedText = setting("sharedschema.test.seed", "SHAREDSCHEMA_TEST_SEED", null);
    long seed = seedText == null ? new SplittableRandom().nextLong() : Long.parseLong(seedText);
    List<Target> chosen =
        Stream.of(
                setting("sharedschema.crash.targets", "SHAREDSCHEMA_CRASH_TARGETS", "").split(","))
            .filter(t -> !t.isBlank())
            .map(t -> Target.valueOf(t.trim()))
            .toList();
    List<Target> targets = chosen.isEmpty() ? List.of(Target.values()) : chosen;
    String only = setting("sharedschema.crash.only", "SHAREDSCHEMA_CRASH_ONLY", null);
    LOG.log(
        System.Logger.Level.INFO,
        "crash harness: seed "
            + seed
            + ", "
            + iterations
            + " iterations, "
            + databases
            + " databases (replay: -Dsharedschema.test.seed="
            + seed
            + " -Dsharedschema.crash.only=N)");
    IntStream range =
        only == null ? IntStream.range(0, iterations) : IntStream.of(Integer.parseInt(only));
    return range.mapToObj(
        i ->
            DynamicTest.dynamicTest(
                "seed " + seed + " iteration " + i, () -> iteration(seed, i, databases, targets)));
  }

  /**
   * Issue 12, case 1, between two JVMs: the holder is stopped ({@code kill -STOP}) in its run for
   * longer than its lease, this JVM takes over and finishes the job, then the holder is continued
   * ({@code kill -CONT}). The job ends RunSuccess without a retry, every database migrated once.
   */
  @Test
  void aHolderStoppedPastItsLeaseInTheRunChangesNothingWhenItWakes() throws Exception {
    Path dir = Files.createDirectory(root.resolve("paused-holder"));
    Path schema = dir.resolve("schema.db");
    SplittableRandom rnd = new SplittableRandom(42);
    List<Path> tenants = createFleet(schema, 200, rnd);
    pausedHolder(42, -1, schema, tenants, null, rnd, Target.RUN);
  }

  @AfterAll
  static void report() {
    LOG.log(System.Logger.Level.INFO, "crash harness: phases hit " + new TreeMap<>(TALLY));
  }

  private void iteration(long seed, int i, int databases, List<Target> targets) throws Exception {
    SplittableRandom rnd = new SplittableRandom(seed + i * 0x9E3779B97F4A7C15L);
    Target target = targets.get(i % targets.size());
    Path dir = Files.createDirectory(root.resolve("it-" + i));
    Path schema = dir.resolve("schema.db");
    List<Path> tenants = createFleet(schema, databases, rnd);
    // Now and then one drifted database: the dry run fails, and nothing may be applied anywhere.
    Path drifted = null;
    if ((target == Target.DRY_RUN || target == Target.RUN || target == Target.PAUSE)
        && rnd.nextInt(8) == 0) {
      drifted = tenants.get(rnd.nextInt(tenants.size()));
      exec(drifted, "ALTER TABLE counter ADD COLUMN c1 INTEGER");
    }
    if (target == Target.PAUSE) {
      pausedHolder(seed, i, schema, tenants, drifted, rnd, null);
      return;
    }
    boolean holdFinal = target == Target.FINAL_STEP && rnd.nextBoolean();
    int linkBatches = target == Target.LINKING ? LINK_BATCHES : 0;
    Process child =
        start(schema, holdFinal ? "hold-final" : "no-hold", linkBatches, LINK_BATCH_SIZE);
    List<String> out = Collections.synchronizedList(new ArrayList<>());
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread pump = pump(child, out, lines);
    String plan = killWhen(target, holdFinal, databases, rnd, lines);
    child.destroyForcibly();
    assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    pump.join(5_000);

    // What the kill left behind, before anyone opens the files for real.
    boolean hotJournal = Files.exists(dir.resolve("schema.db-journal"));
    boolean schemaHasIt = hasColumn(schema, "counter", "c1");
    List<Path> leftoverTemps;
    try (Stream<Path> s = Files.list(dir)) {
      leftoverTemps = s.filter(p -> p.getFileName().toString().endsWith(".linking")).toList();
    }
    String phase;
    List<Path> linked;
    long jobId;
    try (Registry r = RegistryFile.open(schema, Clock.systemUTC())) {
      List<JobRecord> jobs = r.jobs(10);
      assertThat(jobs.size()).isLessThanOrEqualTo(1);
      jobId = jobs.isEmpty() ? -1 : jobs.get(0).id();
      phase = jobs.isEmpty() ? "before submit" : phaseOf(r, jobs.get(0), hotJournal);
      linked = r.links();
      // Schema last, and atomic with the job's RunSuccess.
      JobState state = jobs.isEmpty() ? null : jobs.get(0).state();
      assertThat(schemaHasIt)
          .as("schema database migrated iff the job is RunSuccess (%s)", state)
          .isEqualTo(state == JobState.RunSuccess);
      if (schemaHasIt) {
        for (Path db : linked) {
          assertThat(hasColumn(db, "counter", "c1"))
              .as("%s before the schema database", db)
              .isTrue();
        }
      }
    }
    List<Path> newFiles;
    try (Stream<Path> s = Files.list(dir)) {
      newFiles =
          s.filter(p -> p.getFileName().toString().matches("new-\\d+\\.db"))
              .map(p -> p.toAbsolutePath().normalize())
              .sorted()
              .toList();
    }
    List<Path> orphans = newFiles.stream().filter(p -> !linked.contains(p)).toList();
    if (target == Target.LINKING) {
      phase +=
          orphans.isEmpty() && leftoverTemps.isEmpty() ? ", between link batches" : ", mid-link";
    }
    String label = target + " -> " + phase;
    TALLY.merge(label, 1, Integer::sum);
    LOG.log(
        System.Logger.Level.INFO,
        "seed "
            + seed
            + " iteration "
            + i
            + ": aimed at "
            + target
            + " ("
            + plan
            + "), hit "
            + phase
            + "; linked "
            + linked.size()
            + ", unregistered new files "
            + orphans.size()
            + ", .linking leftovers "
            + leftoverTemps.size()
            + (drifted == null ? "" : ", drifted " + drifted.getFileName()));
    String context = "seed " + seed + " iteration " + i + " " + label + "\nchild:\n" + tail(out);

    // No half-created file is registered; every registered file is a linked database of ours.
    for (Path p : linked) {
      assertThat(p.getFileName().toString()).as(context).doesNotEndWith(".linking");
      assertThat(Files.isRegularFile(p)).as("%s registered but missing\n%s", p, context).isTrue();
    }
    assertThat(linked).as(context).containsAll(abs(tenants));

    // A fresh scheduler resumes.
    boolean failed = false;
    try (Scheduler s = Scheduler.open(schema, options())) {
      if (jobId < 0) {
        jobId = s.submit(migration());
      }
      try {
        s.await(jobId, Duration.ofSeconds(120));
      } catch (MigrationFailedException e) {
        failed = true;
      }
      JobRecord job = s.registry().job(jobId).orElseThrow();
      assertThat(job.state().isTerminal()).as(context).isTrue();
      Map<TaskState, Integer> counts = s.registry().taskCounts(jobId);
      if (!failed) {
        assertThat(counts.keySet()).as(context).containsOnly(TaskState.RunSuccess);
      }
    }
    assertThat(failed).as(context).isEqualTo(drifted != null);

    SchemaFingerprint want = verifyDatabases(schema, tenants, jobId, failed, drifted, context);
    relinkOrphans(schema, orphans, want, context);
  }

  /**
   * After the job ended: the schema database and every linked database hold it once (or, after a
   * dry-run failure, none does), every tenant row is kept, and every tenant is still linked.
   * Returns the schema database's schema.
   */
  private static SchemaFingerprint verifyDatabases(
      Path schema, List<Path> tenants, long jobId, boolean failed, Path drifted, String context)
      throws Exception {
    List<Path> finalLinks;
    try (Registry r = RegistryFile.open(schema, Clock.systemUTC())) {
      finalLinks = r.links();
    }
    SchemaFingerprint want;
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + schema)) {
      want = SchemaFingerprint.read(c);
    }
    assertThat(counter(schema)).as(context).isEqualTo(failed ? 0 : 1);
    assertThat(hasColumn(schema, "counter", "c1")).as(context).isEqualTo(!failed);
    for (Path db : finalLinks) {
      String what = db.getFileName() + " " + context;
      try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
        Optional<dev.sharedschema.scheduler.LinkRecord> link = Linker.readLink(c, db);
        assertThat(link).as(what).isPresent();
        if (!failed) {
          assertThat(SchemaFingerprint.read(c).differencesFrom(want)).as(what).isEmpty();
        }
        assertThat(scalar(c, "SELECT n FROM counter")).as(what).isEqualTo(failed ? 0 : 1);
        assertThat(
                scalar(
                    c,
                    "SELECT count(*) FROM _sharedschema_applied WHERE job_id = "
                        + jobId
                        + " AND state = 'RunSuccess'"))
            .as(what)
            .isEqualTo(failed ? 0 : 1);
        assertThat(scalar(c, "SELECT count(*) FROM _sharedschema_applied WHERE job_id <> 0"))
            .as(what)
            .isEqualTo(failed ? 0 : 1);
        if (failed && !db.equals(drifted == null ? null : drifted.toAbsolutePath().normalize())) {
          assertThat(hasColumn(c, "counter", "c1")).as(what).isFalse();
        }
        if (!db.getFileName().toString().startsWith("new-")) {
          assertThat(scalar(c, "SELECT count(*) FROM tenant_rows")).as(what).isEqualTo(TENANT_ROWS);
        }
      }
    }
    assertThat(finalLinks).as(context).containsAll(abs(tenants));
    return want;
  }

  /**
   * A new file that was created (and marked) but not registered when the process died: linking it
   * again, as an operator does after a crash, must refuse it or bring it to the schema database's
   * state — it must never become a registered database that silently lacks a migration.
   */
  private static void relinkOrphans(
      Path schema, List<Path> orphans, SchemaFingerprint want, String context) throws Exception {
    if (orphans.isEmpty()) {
      return;
    }
    try (Scheduler s = Scheduler.open(schema, options())) {
      for (Path orphan : orphans) {
        try {
          new Linker(s.registry(), Clock.systemUTC()).link(orphan);
        } catch (LinkRefusedException e) {
          continue;
        }
        assertThat(s.drain(Duration.ofSeconds(60))).isTrue();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + orphan)) {
          assertThat(SchemaFingerprint.read(c).differencesFrom(want))
              .as(
                  "%s was left unregistered by the crash, then linked again: it is registered but"
                      + " its schema differs from the schema database\n%s",
                  orphan.getFileName(), context)
              .isEmpty();
          assertThat(scalar(c, "SELECT n FROM counter")).as(context).isEqualTo(counter(schema));
        }
      }
    }
  }

  /**
   * The PAUSE target: the child is stopped at a seeded moment of its dry run or run, for longer
   * than its lease (but within the busy timeout, since a stopped process keeps whatever lock it
   * held), while a scheduler here takes over and drives the job; then it is continued.
   */
  private void pausedHolder(
      long seed,
      int i,
      Path schema,
      List<Path> tenants,
      Path drifted,
      SplittableRandom rnd,
      Target at)
      throws Exception {
    Process child = start(schema, "no-hold", 0, LINK_BATCH_SIZE);
    List<String> out = Collections.synchronizedList(new ArrayList<>());
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread pump = pump(child, out, lines);
    try {
      Target moment = at != null ? at : rnd.nextBoolean() ? Target.DRY_RUN : Target.RUN;
      String plan = killWhen(moment, false, tenants.size(), rnd, lines);
      signal(child, "-STOP");
      long pauseMs = options().leaseTtl().toMillis() + 200 + rnd.nextLong(2_500);
      String context =
          "seed "
              + seed
              + " iteration "
              + i
              + " PAUSE at "
              + moment
              + " ("
              + plan
              + ") for "
              + pauseMs
              + " ms";
      long jobId;
      boolean failed = false;
      List<JobState> seen = Collections.synchronizedList(new ArrayList<>());
      // Continued on a timer of its own: the child may have been stopped holding the registry's
      // write lock, and then nothing here gets past the registry until it runs again.
      Thread resume =
          new Thread(
              () -> {
                try {
                  Thread.sleep(pauseMs);
                  signal(child, "-CONT");
                } catch (IOException | InterruptedException e) {
                  throw new IllegalStateException(e);
                }
              },
              "crash-resume");
      resume.start();
      try (Scheduler s = Scheduler.open(schema, options())) {
        s.addListener(
            new MigrationListener() {
              @Override
              public void jobState(long id, JobState state) {
                seen.add(state);
              }
            });
        jobId = jobOf(s.registry(), context);
        try {
          s.await(jobId, Duration.ofSeconds(120));
        } catch (MigrationFailedException e) {
          failed = true;
        }
        JobRecord job = s.registry().job(jobId).orElseThrow();
        assertThat(job.state().isTerminal()).as(context).isTrue();
        assertThat(seen).as("no pause, no retry\n" + context).doesNotContain(JobState.RunFailure);
        if (!failed) {
          assertThat(s.registry().taskCounts(jobId).keySet())
              .as(context)
              .containsOnly(TaskState.RunSuccess);
        }
      }
      resume.join();
      assertThat(child.waitFor(60, TimeUnit.SECONDS)).as(context).isTrue();
      pump.join(5_000);
      assertThat(tail(out)).as(context).doesNotContain("state RunFailure");
      assertThat(failed).as(context).isEqualTo(drifted != null);
      verifyDatabases(schema, tenants, jobId, failed, drifted, context + "\nchild:\n" + tail(out));
      boolean tookOver = String.join("\n", out).contains("lost the stepping lease");
      TALLY.merge("PAUSE -> " + moment + (tookOver ? ", taken over" : ""), 1, Integer::sum);
      LOG.log(
          System.Logger.Level.INFO,
          context + ": ok, " + (tookOver ? "the child's lease was taken over" : "no takeover"));
    } finally {
      signal(child, "-CONT");
      child.destroyForcibly();
    }
  }

  /** The child's job, once it submitted it (it may have been stopped just before). */
  private static long jobOf(Registry r, String context) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      List<JobRecord> jobs = r.jobs(1);
      if (!jobs.isEmpty()) {
        return jobs.get(0).id();
      }
      Thread.sleep(20);
    }
    throw new AssertionError("the child never submitted its job\n" + context);
  }

  private static void signal(Process p, String signal) throws IOException, InterruptedException {
    if (p.isAlive()) {
      new ProcessBuilder("kill", signal, Long.toString(p.pid())).inheritIO().start().waitFor();
    }
  }

  /** Waits for the seeded moment; returns a description of it. */
  private static String killWhen(
      Target target,
      boolean holdFinal,
      int databases,
      SplittableRandom rnd,
      BlockingQueue<String> lines)
      throws InterruptedException {
    String marker;
    int count;
    long delayMicros;
    switch (target) {
      case DRY_RUN -> {
        marker = "task DryRunSuccess";
        count = rnd.nextInt(databases);
        delayMicros = rnd.nextLong(3_000);
      }
      case RUN -> {
        marker = "task RunSuccess";
        count = rnd.nextInt(databases);
        delayMicros = rnd.nextLong(3_000);
      }
      case FINAL_STEP -> {
        marker = holdFinal ? "final-commit" : "task RunSuccess";
        count = holdFinal ? 1 : databases;
        delayMicros = holdFinal ? rnd.nextLong(5_000) : rnd.nextLong(4_000);
      }
      case LINKING -> {
        marker = "linking";
        count = 1 + rnd.nextInt(LINK_BATCHES - 1);
        delayMicros = rnd.nextLong(30_000);
      }
      default -> throw new AssertionError(target);
    }
    int seen = 0;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (seen < count && System.nanoTime() < deadline) {
      String line = lines.poll(100, TimeUnit.MILLISECONDS);
      if (line == null) {
        continue;
      }
      if (line.startsWith(marker)) {
        seen++;
      } else if (line.startsWith("done") || line.startsWith("failed") || line.equals("exit")) {
        break;
      }
    }
    TimeUnit.MICROSECONDS.sleep(delayMicros);
    return count + "× '" + marker + "' + " + delayMicros / 1000.0 + " ms, saw " + seen;
  }

  /** Which phase the job was in when the child died, read from the registry and the files. */
  private static String phaseOf(Registry r, JobRecord job, boolean hotJournal) throws SQLException {
    if (hotJournal) {
      return "final step (hot journal)";
    }
    Map<TaskState, Integer> c = r.taskCounts(job.id());
    return switch (job.state()) {
      case WaitingDryRun -> "dry run";
      case DryRunSuccess -> "between phases";
      case WaitingRun ->
          c.keySet().stream().allMatch(s -> s == TaskState.RunSuccess) ? "final step" : "run";
      case RunSuccess -> "after RunSuccess";
      case DryRunFailure -> "after DryRunFailure";
      case RunFailure -> "RunFailure";
    };
  }

  // ---- fleet

  private static List<Path> createFleet(Path schema, int n, SplittableRandom rnd)
      throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + schema);
        Statement st = c.createStatement()) {
      st.execute("CREATE TABLE counter(n INTEGER)");
      st.execute("INSERT INTO counter VALUES (0)");
      st.execute("CREATE TABLE tenant_rows(id INTEGER PRIMARY KEY, tenant TEXT, payload TEXT)");
    }
    List<Path> dbs = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      dbs.add(schema.resolveSibling(String.format("tenant-%04d.db", i)));
    }
    try (Registry r = RegistryFile.openOrCreate(schema, Clock.systemUTC())) {
      new Linker(r, Clock.systemUTC()).linkAll(dbs);
    }
    for (Path db : dbs) {
      try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
        try (Statement st = c.createStatement()) {
          st.execute("PRAGMA synchronous = OFF"); // this setup connection only
        }
        c.setAutoCommit(false);
        try (PreparedStatement ps =
            c.prepareStatement("INSERT INTO tenant_rows(tenant, payload) VALUES (?, ?)")) {
          for (int k = 0; k < TENANT_ROWS; k++) {
            ps.setString(1, db.getFileName().toString());
            ps.setString(2, Long.toHexString(rnd.nextLong()));
            ps.executeUpdate();
          }
        }
        c.commit();
      }
    }
    return dbs;
  }

  private static List<Path> abs(List<Path> ps) {
    return ps.stream().map(p -> p.toAbsolutePath().normalize()).toList();
  }

  private static void exec(Path db, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }

  private static boolean hasColumn(Path db, String table, String column) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
      return hasColumn(c, table, column);
    }
  }

  private static boolean hasColumn(Connection c, String table, String column) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT 1 FROM pragma_table_info(?) WHERE name = ?")) {
      ps.setString(1, table);
      ps.setString(2, column);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  private static long counter(Path db) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
      return scalar(c, "SELECT n FROM counter");
    }
  }

  private static long scalar(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      assertThat(rs.next()).as(sql).isTrue();
      return rs.getLong(1);
    }
  }

  // ---- child JVM

  private static Process start(Path schema, String hold, int linkBatches, int linkBatchSize)
      throws IOException {
    String cp =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd =
        List.of(
            javaBin,
            "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC",
            "-Xshare:auto",
            "-cp",
            cp,
            CrashChild.class.getName(),
            schema.toString(),
            hold,
            Integer.toString(linkBatches),
            Integer.toString(linkBatchSize));
    return new ProcessBuilder(cmd).redirectErrorStream(true).start();
  }

  private static Thread pump(Process p, List<String> out, BlockingQueue<String> lines) {
    Thread t =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                  out.add(line);
                  lines.add(line);
                }
              } catch (IOException e) {
                // The child was killed.
              }
            },
            "crash-child-stdout");
    t.setDaemon(true);
    t.start();
    return t;
  }

  private static String tail(List<String> out) {
    synchronized (out) {
      List<String> interesting = out.stream().filter(l -> !l.startsWith("task ")).toList();
      return String.join(
              "\n", interesting.subList(Math.max(0, interesting.size() - 40), interesting.size()))
          + "\n("
          + out.size()
          + " lines)";
    }
  }
}
