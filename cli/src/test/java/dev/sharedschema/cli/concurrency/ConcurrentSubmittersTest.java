package dev.sharedschema.cli.concurrency;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sharedschema.driver.SharedSchema;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 5, "Concurrency", scenario 3: two schema connections (two threads of this JVM) and the real
 * CLI ({@code sharedschema migrate}, two child JVMs at once, each run twice) submit migrations to
 * one schema database at the same time. The connections keep submitting until both CLI lanes are
 * done, so every CLI job lands among theirs. Each migration leaves an order witness in {@code
 * applied_log} next to a schema change. Every linked database and the schema database must hold the
 * identical witness sequence, equal to the registry's job order: no job twice, none missing, each
 * submitter's jobs in its own order.
 *
 * <p>The pauses between a connection's migrations are seeded: the seed is logged, and {@code
 * -Dsharedschema.test.seed=N} replays them (not the interleaving, which is the machine's).
 */
@Tag("slow")
class ConcurrentSubmittersTest {
  private static final int TENANTS = 6;
  private static final int CLI_RUNS = 2;
  private static final int MAX_PER_CONNECTION = 60;
  private static final Lane CONN1 = new Lane("conn1");
  private static final Lane CONN2 = new Lane("conn2");
  private static final Lane CLI1 = new Lane("clia");
  private static final Lane CLI2 = new Lane("clib");
  private static final List<Lane> LANES = List.of(CONN1, CONN2, CLI1, CLI2);
  private static final Pattern WITNESS = Pattern.compile("VALUES \\('([a-z0-9]+-[0-9]+)'\\)");

  @TempDir Path dir;

  private final Map<Lane, Integer> submitted = new ConcurrentHashMap<>();
  private final List<String> problems = Collections.synchronizedList(new ArrayList<>());

  @Test
  @Timeout(300)
  void everyJobOnceInRegistryOrderInEveryDatabase() throws Exception {
    long seed = seed();
    Path schema = dir.resolve("schema.db");
    List<Path> tenants = createFleet(schema);
    long setupJobs =
        Long.parseLong(registryColumn(schema, "SELECT max(id) FROM _sharedschema_jobs").get(0));

    CountDownLatch go = new CountDownLatch(1);
    CountDownLatch cliDone = new CountDownLatch(2);
    ExecutorService pool = Executors.newFixedThreadPool(LANES.size());
    try {
      List<Future<?>> lanes =
          List.of(
              pool.submit(() -> connectionLane(schema, CONN1, new Random(seed), go, cliDone)),
              pool.submit(() -> connectionLane(schema, CONN2, new Random(seed + 1), go, cliDone)),
              pool.submit(() -> cliLane(schema, CLI1, go, cliDone)),
              pool.submit(() -> cliLane(schema, CLI2, go, cliDone)));
      go.countDown();
      for (Future<?> lane : lanes) {
        lane.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(problems).as("failures seen by the submitters (seed %d)", seed).isEmpty();

    List<String> registryOrder = new ArrayList<>();
    for (String summary :
        registryColumn(
            schema,
            "SELECT summary FROM _sharedschema_jobs WHERE id > " + setupJobs + " ORDER BY id")) {
      Matcher m = WITNESS.matcher(summary);
      assertThat(m.find()).as("job summary %s names its witness", summary).isTrue();
      registryOrder.add(m.group(1));
    }
    System.out.println(
        "concurrent submitters, seed "
            + seed
            + ": "
            + submitted
            + ", registry order "
            + registryOrder);
    assertThat(registryOrder)
        .as("jobs in the registry: every submitted migration once")
        .doesNotHaveDuplicates()
        .hasSize(submitted.values().stream().mapToInt(Integer::intValue).sum());
    for (Lane lane : LANES) {
      assertThat(registryOrder.stream().filter(w -> w.startsWith(lane.name() + "-")).toList())
          .as("jobs of %s in the order it submitted them", lane.name())
          .containsExactlyElementsOf(lane.witnesses(submitted.get(lane)));
    }
    List<Long> jobIds =
        registryColumn(schema, "SELECT id FROM _sharedschema_jobs WHERE id > " + setupJobs).stream()
            .map(Long::valueOf)
            .toList();
    List<Path> all = new ArrayList<>(tenants);
    all.add(schema);
    for (Path db : all) {
      assertThat(column(db, "SELECT name FROM applied_log ORDER BY id"))
          .as("witnesses in %s: the registry's job order, no duplicates, no gaps", db.getFileName())
          .containsExactlyElementsOf(registryOrder);
      for (Lane lane : LANES) {
        assertThat(column(db, "SELECT name FROM pragma_table_info('" + lane.table() + "')"))
            .as("columns of %s in %s", lane.table(), db.getFileName())
            .containsExactlyElementsOf(lane.columns(submitted.get(lane)));
      }
    }
    for (Path tenant : tenants) {
      assertThat(
              column(tenant, "SELECT job_id FROM _sharedschema_applied WHERE job_id > " + setupJobs)
                  .stream()
                  .map(Long::valueOf)
                  .toList())
          .as("jobs recorded as applied in %s: each once", tenant.getFileName())
          .containsExactlyInAnyOrderElementsOf(jobIds);
    }
    try (SharedSchema ss = SharedSchema.open(schema)) {
      assertThat(ss.check()).as("drift").isEmpty();
    }
  }

  /** Submits through one schema connection until both CLI lanes are done (at least once). */
  private Void connectionLane(
      Path schema, Lane lane, Random random, CountDownLatch go, CountDownLatch cliDone)
      throws Exception {
    int k = 0;
    try (Connection c =
            DriverManager.getConnection(
                "jdbc:sharedschema:sqlite:" + schema + "?shared_schema=true");
        Statement st = c.createStatement()) {
      go.await();
      do {
        k++;
        try {
          st.execute(lane.migration(k));
        } catch (SQLException e) {
          problems.add(lane.witness(k) + ": " + e.getSQLState() + " " + e.getMessage());
          return null;
        }
        Thread.sleep(random.nextInt(100));
      } while (cliDone.getCount() > 0 && k < MAX_PER_CONNECTION);
      if (cliDone.getCount() > 0) {
        problems.add(lane.name() + " reached " + k + " migrations before the CLI lanes finished");
      }
    } finally {
      submitted.put(lane, k);
    }
    return null;
  }

  /**
   * Runs {@code sharedschema migrate} in a child JVM, {@link #CLI_RUNS} times one after another.
   */
  private Void cliLane(Path schema, Lane lane, CountDownLatch go, CountDownLatch cliDone)
      throws Exception {
    int k = 0;
    try {
      go.await();
      while (k < CLI_RUNS) {
        k++;
        CliProcess.Outcome r =
            CliProcess.run(120, "migrate", schema.toString(), "-e", lane.migration(k));
        if (r.exit() != 0) {
          problems.add(lane.witness(k) + ": exit " + r.exit() + "\n" + r.output());
          return null;
        }
      }
    } finally {
      submitted.put(lane, k);
      cliDone.countDown();
    }
    return null;
  }

  private List<Path> createFleet(Path schema) throws SQLException {
    try (Connection c =
            DriverManager.getConnection(
                "jdbc:sharedschema:sqlite:" + schema + "?shared_schema=true");
        Statement st = c.createStatement()) {
      st.execute("CREATE TABLE applied_log(id INTEGER PRIMARY KEY, name TEXT NOT NULL)");
      for (Lane lane : LANES) {
        st.execute("CREATE TABLE " + lane.table() + "(id INTEGER PRIMARY KEY)");
      }
    }
    List<Path> tenants = new ArrayList<>();
    for (int i = 1; i <= TENANTS; i++) {
      tenants.add(dir.resolve("tenant-" + i + ".db"));
    }
    try (SharedSchema ss = SharedSchema.open(schema)) {
      ss.linkAll(tenants);
    }
    return tenants;
  }

  private static long seed() {
    String property = "sharedschema.test.seed";
    Long fixed = Long.getLong(property);
    long seed = fixed != null ? fixed : System.nanoTime() ^ 0x5DEECE66DL;
    System.getLogger("dev.sharedschema.cli.concurrency")
        .log(
            System.Logger.Level.INFO,
            "seed {0} (replay with -D{1}={0})",
            String.valueOf(seed),
            property);
    System.out.println(
        "concurrent submitters: seed " + seed + " (replay with -D" + property + "=" + seed + ")");
    return seed;
  }

  private static List<String> registryColumn(Path schema, String sql) throws SQLException {
    return column(schema.resolveSibling(schema.getFileName() + ".sharedschema"), sql);
  }

  private static List<String> column(Path db, String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }
}
