package dev.sharedschema.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands of a fleet spread over nodes (docs/scale-out.md): init and migrate with {@code
 * --registry} on the schema node, an {@code agent} process for node b (stopped with SIGTERM), and
 * link, links, jobs, job and check run as node b with the registry URL in place of SCHEMA_DB.
 */
class ScaleOutCommandsTest {
  @TempDir Path root;

  @Test
  void aSchemaNodeAndAnAgentNodeMigrateTogetherAndShowPerNodeStatus() throws Exception {
    EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
    String url = pg.getJdbcUrl("postgres", "postgres");
    Path a = Files.createDirectories(root.resolve("a"));
    Path b = Files.createDirectories(root.resolve("b"));
    Path schema = a.resolve("schema.db");
    Cli.run("init", schema, "--registry", url, "--node", "a").succeeds();
    Cli.run("migrate", schema, "--registry", url, "--node", "a", "-e", "CREATE TABLE t(x)")
        .succeeds();
    Cli.run("link", schema, "--registry", url, "--node", "a", a.resolve("t1.db")).succeeds();

    List<String> out = Collections.synchronizedList(new ArrayList<>());
    Process agent = agent(url, "b", b, out);
    try {
      waitFor(out, "is running");
      Cli.run("link", url, "--node", "b", b.resolve("t2.db"), b.resolve("t3.db")).succeeds();
      Cli.run("migrate", schema, "--registry", url, "--node", "a", "-e", "ALTER TABLE t ADD y")
          .succeeds();
      for (Path t : List.of(a.resolve("t1.db"), b.resolve("t2.db"), b.resolve("t3.db"))) {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + t);
            ResultSet rs = c.createStatement().executeQuery("SELECT y FROM t")) {
          assertThat(rs.next()).isFalse(); // the column is there
        }
      }
      JsonNode job = Cli.run("job", url, "--node", "b", "2", "--json").succeeds().json();
      assertThat(job.get("state").asText()).isEqualTo("RunSuccess");
      assertThat(job.get("nodes")).hasSize(2);
      assertThat(job.get("nodes").get(1).get("node").asText()).isEqualTo("b");
      assertThat(job.get("nodes").get(1).get("tasks").get("RunSuccess").asInt()).isEqualTo(3);
      assertThat(job.get("nodes").get(1).get("lastHeartbeat").isNull()).isFalse();
      JsonNode links = Cli.run("links", url, "--node", "b", "--json").succeeds().json();
      assertThat(links).hasSize(4); // t1 on a; the template, t2 and t3 on b
      assertThat(Cli.run("jobs", schema, "--registry", url, "--node", "a").succeeds().out())
          .contains("nodes:", "a  heartbeat", "b  heartbeat");
      assertThat(Cli.run("check", url, "--node", "b").succeeds().out())
          .contains("no drift: 3 linked databases", "checked this node's files only");
      assertThat(Cli.run("migrate", url, "--node", "b", "-e", "CREATE TABLE u(x)").err())
          .contains("submitted on its schema node a");
    } finally {
      new ProcessBuilder("kill", "-TERM", Long.toString(agent.pid())).start().waitFor();
      assertThat(agent.waitFor(30, TimeUnit.SECONDS)).isTrue();
      pg.close();
    }
    assertThat(String.join("\n", out)).contains("node b stopped");
  }

  private static Process agent(String url, String node, Path dir, List<String> out)
      throws Exception {
    String cp =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p =
        new ProcessBuilder(
                java,
                "-cp",
                cp,
                SharedSchemaCommand.class.getName(),
                "agent",
                "--registry",
                url,
                "--node",
                node,
                "--dir",
                dir.toString())
            .redirectErrorStream(true)
            .start();
    Thread pump =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                  out.add(line);
                }
              } catch (java.io.IOException e) {
                // ended
              }
            });
    pump.setDaemon(true);
    pump.start();
    return p;
  }

  private static void waitFor(List<String> out, String text) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (out.stream().noneMatch(l -> l.contains(text))) {
      assertThat(System.nanoTime()).as(String.join("\n", out)).isLessThan(deadline);
      Thread.sleep(20);
    }
  }
}
