package dev.sharedschema.bench;

import dev.sharedschema.scheduler.Linker;
import dev.sharedschema.scheduler.NodeRegistry;
import dev.sharedschema.scheduler.NodeSettings;
import dev.sharedschema.scheduler.SchedulerOptions;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A fleet over several nodes on this machine: a registry database in an embedded PostgreSQL, the
 * schema database on node {@code a} (this JVM), tenants spread evenly over nodes {@code a, b, c,
 * …}, each node's files in a directory of its own standing for its disk, and one JVM per other node
 * ({@link ScaleOutNode}).
 */
final class ScaleOutFleet implements AutoCloseable {
  static final String DDL = "CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT NOT NULL)";

  final String url;
  final Path schema;
  final Map<String, List<Path>> tenants = new LinkedHashMap<>();
  private final Map<String, Process> nodes = new LinkedHashMap<>();
  private final Map<String, AtomicLong> progress = new LinkedHashMap<>();

  private ScaleOutFleet(String url, Path schema) {
    this.url = url;
    this.schema = schema;
  }

  /** A new database in {@code pg} for one fleet's registry; returns its JDBC URL. */
  static String newRegistry(EmbeddedPostgres pg, String name) throws SQLException {
    try (Connection c = pg.getPostgresDatabase().getConnection();
        Statement st = c.createStatement()) {
      st.execute("CREATE DATABASE " + name);
    }
    return pg.getJdbcUrl("postgres", name);
  }

  static String nodeName(int i) {
    return String.valueOf((char) ('a' + i));
  }

  /** Makes the fleet: schema database on node a, {@code n} tenants spread over {@code nodes}. */
  static ScaleOutFleet create(String url, Path dir, int n, int nodeCount) throws Exception {
    Path schema = Files.createDirectories(dir.resolve("a")).resolve("schema.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + schema);
        Statement st = c.createStatement()) {
      st.execute(DDL);
    }
    ScaleOutFleet f = new ScaleOutFleet(url, schema);
    for (int k = 0; k < nodeCount; k++) {
      String node = nodeName(k);
      Path home = Files.createDirectories(dir.resolve(node));
      List<Path> mine = new ArrayList<>();
      for (int i = k; i < n; i += nodeCount) {
        mine.add(home.resolve(String.format("tenant-%05d.db", i + 1)));
      }
      NodeSettings settings = new NodeSettings(url, node, null);
      try (NodeRegistry r =
          k == 0
              ? settings.openOrCreate(schema, SchedulerOptions.DEFAULTS)
              : settings.openNode(SchedulerOptions.DEFAULTS)) {
        new Linker(r, SchedulerOptions.DEFAULTS).linkAll(mine);
      }
      f.tenants.put(node, mine);
    }
    return f;
  }

  /** Starts the JVM of every node but a, each with {@code workers} threads; waits until ready. */
  void startNodes(int workers) throws Exception {
    for (String node : tenants.keySet()) {
      if (!node.equals("a")) {
        start(node, workers);
      }
    }
  }

  void start(String node, int workers) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                ScaleOutNode.class.getName(),
                url,
                node,
                Integer.toString(workers))
            .redirectErrorStream(true)
            .start();
    AtomicLong done = progress.computeIfAbsent(node, x -> new AtomicLong());
    Object ready = new Object();
    boolean[] isReady = {false};
    Thread pump =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                  if (line.equals("ready")) {
                    synchronized (ready) {
                      isReady[0] = true;
                      ready.notifyAll();
                    }
                  } else if (line.startsWith("done ")) {
                    done.addAndGet(100);
                  }
                }
              } catch (IOException e) {
                // the node was killed
              }
            },
            "node-" + node);
    pump.setDaemon(true);
    pump.start();
    synchronized (ready) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!isReady[0]) {
        if (System.nanoTime() > deadline || !p.isAlive()) {
          throw new IllegalStateException("node " + node + " did not start");
        }
        ready.wait(100);
      }
    }
    nodes.put(node, p);
  }

  /** Tasks the node's JVMs reported done, in hundreds (since this fleet started them). */
  long reported(String node) {
    return progress.getOrDefault(node, new AtomicLong()).get();
  }

  /** Kills a node's JVM with SIGKILL, as a crash would. */
  void kill(String node) throws InterruptedException {
    Process p = nodes.remove(node);
    p.destroyForcibly();
    p.waitFor(30, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws IOException {
    for (Process p : nodes.values()) {
      p.getOutputStream().close(); // a clean stop: the node finishes its batch and exits
    }
    try {
      for (Process p : nodes.values()) {
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      }
    } catch (InterruptedException e) {
      nodes.values().forEach(Process::destroyForcibly);
      Thread.currentThread().interrupt();
    }
    nodes.clear();
  }
}
