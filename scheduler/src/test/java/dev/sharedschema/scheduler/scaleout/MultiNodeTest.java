package dev.sharedschema.scheduler.scaleout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sharedschema.scheduler.Fleet;
import dev.sharedschema.scheduler.JobRecord;
import dev.sharedschema.scheduler.JobState;
import dev.sharedschema.scheduler.Linker;
import dev.sharedschema.scheduler.Migration;
import dev.sharedschema.scheduler.NodeRegistry;
import dev.sharedschema.scheduler.NodeSettings;
import dev.sharedschema.scheduler.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scale-out under failures (issue 14; DESIGN.md §10): three nodes, each with its own directory
 * standing for its disk, one PostgreSQL; node a holds the schema database and runs two JVMs (either
 * may coordinate; both share a's tasks by claims), b and c one each; 300 tenants spread over them.
 * Migrations are submitted on the schema node while, at a seeded moment, a node's JVM is killed
 * with SIGKILL during the dry run or the run and started again, or the coordinator is stopped
 * ({@code kill -STOP}) past its lease and continued. After each job every tenant on every node
 * holds exactly the fleet's jobs, in order, once; its own rows are kept; the schema database has
 * each job once, last.
 *
 * <p>{@code -Dsharedschema.scaleout.iterations=N} (default 3: one of each failure), {@code
 * -Dsharedschema.test.seed} (default random, logged).
 */
@Tag("slow")
class MultiNodeTest {
  private static final System.Logger LOG = System.getLogger("dev.sharedschema.scaleout");
  private static final int PER_NODE = 100;
  private static final int TENANT_ROWS = 3;

  enum Failure {
    KILL_IN_DRY_RUN,
    KILL_IN_RUN,
    STOP_COORDINATOR
  }

  @TempDir Path root;

  @Test
  void everyTenantHoldsExactlyTheFleetsJobsInOrderAfterEveryFailure() throws Exception {
    int iterations = Integer.getInteger("sharedschema.scaleout.iterations", 3);
    String given = System.getProperty("sharedschema.test.seed");
    long seed =
        given == null || given.isBlank()
            ? new SplittableRandom().nextLong()
            : Long.parseLong(given);
    LOG.log(System.Logger.Level.INFO, "multi-node: seed " + seed + ", " + iterations + " jobs");
    String url = TestPostgres.newDatabase();
    Path schema = root.resolve("a/schema.db");
    List<Path> tenants = createFleet(url, schema);
    NodeChild a1 = new NodeChild("a1", List.of(url, "a", schema.toString())).start();
    while (!a1.holdsLease()) {
      Thread.sleep(20);
    }
    List<NodeChild> children =
        List.of(
            a1,
            new NodeChild("a2", List.of(url, "a", schema.toString())).start(),
            new NodeChild("b", List.of(url, "b")).start(),
            new NodeChild("c", List.of(url, "c")).start());
    TreeMap<String, Integer> tally = new TreeMap<>();
    try (NodeRegistry submitter =
        new NodeSettings(url, "a", null).openNode(NodeProcess.options())) {
      for (int i = 0; i < iterations; i++) {
        SplittableRandom rnd = new SplittableRandom(seed + i * 0x9E3779B97F4A7C15L);
        Failure failure = Failure.values()[i % Failure.values().length];
        int k = i + 1;
        long id =
            submitter.submit(
                Migration.of(
                    "UPDATE counter SET n = n + 1",
                    "ALTER TABLE counter ADD COLUMN c" + k + " INT"),
                System.currentTimeMillis());
        String what = inflict(failure, id, children, submitter, rnd);
        tally.merge(failure + " in " + what.replaceAll(" .*", ""), 1, Integer::sum);
        String context = "seed " + seed + " job " + k + " " + failure + " (" + what + ")";
        JobRecord job = awaitTerminal(submitter, id, children, context);
        assertThat(job.state()).as(context).isEqualTo(JobState.RunSuccess);
        verify(submitter, schema, tenants, k, context);
        LOG.log(System.Logger.Level.INFO, context + ": ok");
      }
    } finally {
      for (NodeChild c : children) {
        c.signal("-CONT");
        c.kill();
      }
    }
    LOG.log(System.Logger.Level.INFO, "multi-node: failures hit " + tally);
  }

  /** Waits for the seeded moment and does the failure; returns what it did. */
  private static String inflict(
      Failure failure, long id, List<NodeChild> children, NodeRegistry r, SplittableRandom rnd)
      throws Exception {
    switch (failure) {
      case KILL_IN_DRY_RUN, KILL_IN_RUN -> {
        NodeChild victim = children.get(rnd.nextInt(children.size()));
        String marker =
            "task " + id + (failure == Failure.KILL_IN_DRY_RUN ? " DryRunSuccess" : " RunSuccess");
        int after = 1 + rnd.nextInt(PER_NODE / 5);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (victim.count(marker) < after
            && !r.job(id).orElseThrow().state().isTerminal()
            && System.nanoTime() < deadline) {
          Thread.sleep(2);
        }
        int saw = victim.count(marker);
        JobState at = r.job(id).orElseThrow().state();
        victim.kill();
        Thread.sleep(rnd.nextInt(400));
        victim.start();
        return at + " " + victim.name + " after " + saw + "x '" + marker + "'";
      }
      case STOP_COORDINATOR -> {
        NodeChild holder = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (holder == null && System.nanoTime() < deadline) {
          holder = children.stream().filter(NodeChild::holdsLease).findFirst().orElse(null);
          Thread.sleep(5);
        }
        assertThat(holder).as("a coordinator holds the lease").isNotNull();
        JobState at = rnd.nextBoolean() ? JobState.WaitingDryRun : JobState.WaitingRun;
        while (r.job(id).orElseThrow().state().compareTo(at) < 0) {
          Thread.sleep(2);
        }
        holder.signal("-STOP");
        long pause = NodeProcess.options().leaseTtl().toMillis() + 300 + rnd.nextInt(1500);
        Thread.sleep(pause);
        holder.signal("-CONT");
        return at + " " + holder.name + " stopped " + pause + " ms";
      }
      default -> throw new AssertionError(failure);
    }
  }

  private static JobRecord awaitTerminal(
      NodeRegistry r, long id, List<NodeChild> children, String context) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline) {
      JobRecord job = r.job(id).orElseThrow();
      if (job.state().isTerminal() || job.state() == JobState.RunFailure) {
        return job;
      }
      Thread.sleep(20);
    }
    StringBuilder tails = new StringBuilder();
    for (NodeChild c : children) {
      tails.append(c.tail()).append('\n');
    }
    throw new AssertionError(
        "job "
            + id
            + " did not finish: "
            + r.job(id)
            + " "
            + r.nodeStatus(id)
            + "\n"
            + context
            + "\n"
            + tails);
  }

  /**
   * Every tenant (and template) on every node holds the finished jobs in order, once each; the
   * counter was raised once per job; its own rows are there; the schema database has every job.
   */
  private static void verify(
      NodeRegistry r, Path schema, List<Path> tenants, int jobs, String context)
      throws SQLException {
    List<String> finished = new ArrayList<>();
    for (JobRecord j : r.jobs(Integer.MAX_VALUE)) {
      assertThat(j.state()).as(context).isEqualTo(JobState.RunSuccess);
      finished.add(0, Long.toString(j.id()));
    }
    assertThat(finished).as(context).hasSize(jobs);
    assertThat(Fleet.column(schema, "SELECT n FROM counter"))
        .as(context)
        .containsExactly("" + jobs);
    assertThat(Fleet.hasColumn(schema, "counter", "c" + jobs)).as(context).isTrue();
    List<Path> all = new ArrayList<>(tenants);
    all.add(schema.resolveSibling("../b/sharedschema-template.db").normalize());
    all.add(schema.resolveSibling("../c/sharedschema-template.db").normalize());
    for (Path t : all) {
      String what = t + " " + context;
      assertThat(Fleet.appliedJobs(t)).as(what).containsExactlyElementsOf(finished);
      assertThat(Fleet.column(t, "SELECT n FROM counter")).as(what).containsExactly("" + jobs);
      assertThat(Fleet.hasColumn(t, "counter", "c" + jobs)).as(what).isTrue();
      if (!t.getFileName().toString().startsWith("sharedschema-")) {
        assertThat(Fleet.column(t, "SELECT count(*) FROM tenant_rows"))
            .as(what)
            .containsExactly("" + TENANT_ROWS);
      }
    }
  }

  /** The schema database on node a and 100 tenants on each of a, b and c, each with its rows. */
  private List<Path> createFleet(String url, Path schema) throws Exception {
    for (String node : List.of("a", "b", "c")) {
      Files.createDirectories(root.resolve(node));
    }
    Fleet.exec(schema, "CREATE TABLE counter(n INTEGER)");
    Fleet.exec(schema, "INSERT INTO counter VALUES (0)");
    Fleet.exec(schema, "CREATE TABLE tenant_rows(id INTEGER PRIMARY KEY, payload TEXT)");
    List<Path> all = new ArrayList<>();
    for (String node : List.of("a", "b", "c")) {
      NodeSettings settings = new NodeSettings(url, node, null);
      List<Path> mine = new ArrayList<>();
      for (int i = 1; i <= PER_NODE; i++) {
        mine.add(root.resolve(node).resolve(String.format("tenant-%03d.db", i)));
      }
      try (NodeRegistry r =
          node.equals("a")
              ? settings.openOrCreate(schema, NodeProcess.options())
              : settings.openNode(NodeProcess.options())) {
        new Linker(r, NodeProcess.options()).linkAll(mine);
      }
      all.addAll(mine);
    }
    for (Path t : all) {
      try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + t);
          PreparedStatement ps =
              c.prepareStatement("INSERT INTO tenant_rows(payload) VALUES (?)")) {
        for (int k = 0; k < TENANT_ROWS; k++) {
          ps.setString(1, t.getFileName() + " row " + k);
          ps.executeUpdate();
        }
      }
    }
    return all;
  }
}
