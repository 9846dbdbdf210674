package dev.sharedschema.bench;

import dev.sharedschema.driver.JobSummary;
import dev.sharedschema.driver.SharedSchema;
import dev.sharedschema.scheduler.NodeSettings;
import dev.sharedschema.scheduler.NodeStatus;
import dev.sharedschema.scheduler.SchedulerOptions;
import dev.sharedschema.scheduler.TaskState;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The scale-out demo (docs/scale-out.md): an embedded PostgreSQL as the registry, the schema
 * database on node a (this JVM) and one JVM per other node, each node's tenants in a directory of
 * its own; links the tenants across the nodes, migrates them, kills one node with SIGKILL in the
 * middle of the run and starts it again, and prints what each node did.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.sharedschema.bench.ScaleOutDemo /tmp/scaleout-demo
 * </pre>
 *
 * Options after DIR: {@code --tenants N} (1000), {@code --nodes K} (3).
 */
public final class ScaleOutDemo {
  private static final String MIGRATION =
      "ALTER TABLE t ADD COLUMN note TEXT; CREATE INDEX t_by_name ON t(name)";

  private ScaleOutDemo() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]).toAbsolutePath();
    int tenants = 1000;
    int nodes = 3;
    for (int i = 1; i < args.length; i++) {
      switch (args[i]) {
        case "--tenants" -> tenants = Integer.parseInt(args[++i]);
        case "--nodes" -> nodes = Integer.parseInt(args[++i]);
        default -> throw new IllegalArgumentException("use DIR [--tenants N] [--nodes K]");
      }
    }
    run(dir, tenants, nodes, System.out);
    System.exit(0);
  }

  static void run(Path dir, int tenants, int nodes, PrintStream out) throws Exception {
    if (Files.exists(dir) && Files.list(dir).findAny().isPresent()) {
      throw new IllegalArgumentException(dir + " is not empty: give a new or empty directory");
    }
    Files.createDirectories(dir);
    long t0 = System.nanoTime();
    try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start()) {
      String url = ScaleOutFleet.newRegistry(pg, "fleet");
      out.printf("PostgreSQL %d started in %s%n", pg.getPort(), seconds(t0));
      long t1 = System.nanoTime();
      try (ScaleOutFleet fleet = ScaleOutFleet.create(url, dir, tenants, nodes)) {
        out.printf(
            "linked %d tenants across %d nodes in %s (node directories under %s)%n",
            tenants, nodes, seconds(t1), dir);
        fleet.startNodes(4);
        NodeSettings a = new NodeSettings(url, "a", null);
        try (SharedSchema schema =
            SharedSchema.open(
                fleet.schema,
                SchedulerOptions.DEFAULTS.withWorkers(4).withRegistry(a.provider()))) {
          out.println("migrating: " + MIGRATION);
          long t2 = System.nanoTime();
          long id = schema.submit(MIGRATION);
          String victim = ScaleOutFleet.nodeName(nodes - 1);
          while (runDone(schema, id, victim) < 20
              && !schema.job(id).orElseThrow().state().isTerminal()) {
            Thread.sleep(5);
          }
          fleet.kill(victim);
          out.printf(
              "killed node %s (SIGKILL) in the run, %s after submit: %s%n",
              victim, seconds(t2), progress(schema, id, victim));
          Thread.sleep(1500);
          out.printf("1.5 s later, node %s down: %s%n", victim, progress(schema, id, victim));
          fleet.start(victim, 4);
          out.printf("node %s started again%n", victim);
          schema.await(id, Duration.ofMinutes(5));
          out.printf(
              "job %d RunSuccess in %s (node %s's batch in flight passed on when its connection closed)%n",
              id, seconds(t2), victim);
          out.println("per node (every node but a also links its template, which gets every job):");
          for (NodeStatus n : schema.nodes(id)) {
            out.printf(
                Locale.ROOT,
                "  node %s: %4d linked files, tasks %s%n",
                n.node(),
                n.links(),
                n.tasks());
          }
          int checked = 0;
          for (List<Path> files : fleet.tenants.values()) {
            for (Path t : files) {
              if (appliedOnce(t, id)) {
                checked++;
              }
            }
          }
          out.printf(
              "checked %d of %d tenants: each holds job %d exactly once, with the new column%n",
              checked, tenants, id);
          JobSummary j = schema.job(id).orElseThrow();
          out.printf("job %d: %s%n", id, j.tasks());
        }
      }
    }
    out.printf(
        "done in %s; inspect with `sharedschema jobs` (see docs/scale-out.md)%n", seconds(t0));
  }

  /** How many of {@code node}'s tasks of job {@code id} are done with their run. */
  private static int runDone(SharedSchema schema, long id, String node) throws Exception {
    for (NodeStatus n : schema.nodes(id)) {
      if (n.node().equals(node)) {
        return n.tasks().getOrDefault(TaskState.RunSuccess, 0);
      }
    }
    return 0;
  }

  private static String progress(SharedSchema schema, long id, String node) throws Exception {
    for (NodeStatus n : schema.nodes(id)) {
      if (n.node().equals(node)) {
        return "its tasks " + n.tasks() + "; job " + schema.job(id).orElseThrow().state();
      }
    }
    return "?";
  }

  private static boolean appliedOnce(Path t, long job) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + t);
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT (SELECT count(*) FROM _sharedschema_applied WHERE job_id = "
                    + job
                    + " AND state = '"
                    + TaskState.RunSuccess
                    + "'), (SELECT count(*) FROM pragma_table_info('t') WHERE name = 'note')")) {
      rs.next();
      return rs.getInt(1) == 1 && rs.getInt(2) == 1;
    }
  }

  private static String seconds(long since) {
    return String.format(Locale.ROOT, "%.2f s", (System.nanoTime() - since) / 1e9);
  }
}
