package dev.sharedschema.scheduler.scaleout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sharedschema.scheduler.FaultHooks;
import dev.sharedschema.scheduler.Fleet;
import dev.sharedschema.scheduler.FleetNode;
import dev.sharedschema.scheduler.JobState;
import dev.sharedschema.scheduler.LinkRecord;
import dev.sharedschema.scheduler.Linker;
import dev.sharedschema.scheduler.Migration;
import dev.sharedschema.scheduler.MigrationFailedException;
import dev.sharedschema.scheduler.NodeRegistry;
import dev.sharedschema.scheduler.NodeSettings;
import dev.sharedschema.scheduler.NodeStatus;
import dev.sharedschema.scheduler.Scheduler;
import dev.sharedschema.scheduler.SchedulerOptions;
import dev.sharedschema.scheduler.TaskState;
import dev.sharedschema.scheduler.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fleet over three nodes in one JVM, each with its own directory standing for its disk, and one
 * PostgreSQL registry (DESIGN.md §10): the schema node coordinates and does its own share; the
 * other nodes make tenants from their templates and do theirs.
 */
class ScaleOutTest {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path root;
  String url;
  Path schema;

  @BeforeEach
  void registry() throws Exception {
    url = TestPostgres.newDatabase();
    Files.createDirectories(root.resolve("a"));
    Files.createDirectories(root.resolve("b"));
    Files.createDirectories(root.resolve("c"));
    schema = root.resolve("a/schema.db");
    Fleet.exec(schema, "CREATE TABLE t(a)");
    Fleet.exec(schema, "CREATE TABLE ref(k INTEGER)");
    Fleet.exec(schema, "INSERT INTO ref VALUES (1)");
    settings("a", null).openOrCreate(schema, options()).close();
  }

  private NodeSettings settings(String node, Duration timeout) {
    return new NodeSettings(url, node, timeout);
  }

  private static SchedulerOptions options() {
    return Fleet.fastOptions().withBatchSize(4).withWorkers(2);
  }

  private Scheduler schemaNode(Duration nodeTimeout) throws SQLException {
    return Scheduler.open(schema, options().withRegistry(settings("a", nodeTimeout).provider()));
  }

  private List<Path> tenants(String node, int n) {
    List<Path> out = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      out.add(root.resolve(node).resolve("t" + i + ".db"));
    }
    return out;
  }

  @Test
  void everyTenantOnEveryNodeGetsEveryJobOnceInOrder() throws Exception {
    try (Scheduler s = schemaNode(null);
        FleetNode b = FleetNode.open(settings("b", null), options());
        FleetNode c = FleetNode.open(settings("c", null), options())) {
      s.linker().linkAll(tenants("a", 5));
      b.linker().linkAll(tenants("b", 6));
      c.linker().linkAll(tenants("c", 7));
      long first = s.migrate(Migration.of("ALTER TABLE t ADD COLUMN b INTEGER"), WAIT).jobId();
      // A tenant made on node b after the first job comes from b's template, which has it.
      b.linker().link(root.resolve("b/late.db"));
      long second = s.migrate(Migration.of("INSERT INTO ref VALUES (2)"), WAIT).jobId();
      List<Path> all = new ArrayList<>(tenants("a", 5));
      all.addAll(tenants("b", 6));
      all.addAll(tenants("c", 7));
      for (Path t : all) {
        assertThat(Fleet.hasColumn(t, "t", "b")).as(t.toString()).isTrue();
        assertThat(Fleet.appliedJobs(t)).as(t.toString()).containsExactly("" + first, "" + second);
        assertThat(Fleet.column(t, "SELECT k FROM ref ORDER BY k")).containsExactly("1", "2");
      }
      Path late = root.resolve("b/late.db");
      assertThat(Fleet.hasColumn(late, "t", "b")).isTrue();
      assertThat(Fleet.column(late, "SELECT k FROM ref ORDER BY k")).containsExactly("1", "2");
      assertThat(Fleet.hasColumn(schema, "t", "b")).isTrue();
      for (String node : List.of("b", "c")) {
        Path template = root.resolve(node).resolve("sharedschema-template.db");
        assertThat(Fleet.appliedJobs(template)).containsExactly("" + first, "" + second);
        try (Connection conn = DriverManager.getConnection("jdbc:sqlite:" + late)) {
          LinkRecord mark = Linker.readLink(conn, late).orElseThrow();
          assertThat(mark.node()).isEqualTo("b");
          assertThat(mark.schemaDatabase()).isNull();
        }
      }
      NodeRegistry r = (NodeRegistry) s.registry();
      assertThat(r.links()).hasSize(5); // this node's own
      assertThat(r.allLinks()).hasSize(5 + 8 + 8); // with the templates and late.db
      List<NodeStatus> nodes = r.nodeStatus(second);
      assertThat(nodes).extracting(NodeStatus::node).containsExactly("a", "b", "c");
      for (NodeStatus n : nodes) {
        assertThat(n.lastHeartbeat()).isPositive();
        assertThat(n.tasks().keySet()).containsOnly(TaskState.RunSuccess);
      }
      assertThat(nodes.get(1).template()).endsWith("sharedschema-template.db");
      // A sidecar beside the schema database names the fleet; it is no SQLite registry.
      assertThat(Files.exists(root.resolve("a/schema.db.sharedschema"))).isTrue();
    }
  }

  @Test
  void aDryRunWaitsForASilentNodeAndFailsAfterTheNodeTimeoutNamingIt() throws Exception {
    try (Scheduler s = schemaNode(Duration.ofSeconds(1))) {
      s.linker().linkAll(tenants("a", 2));
      try (FleetNode c = FleetNode.open(settings("c", null), options())) {
        c.linker().linkAll(tenants("c", 2));
      } // node c is down from here on
      assertThatThrownBy(() -> s.migrate(Migration.of("ALTER TABLE t ADD COLUMN b INTEGER"), WAIT))
          .isInstanceOf(MigrationFailedException.class)
          .hasMessageContaining("node c");
      for (Path t : tenants("a", 2)) {
        assertThat(Fleet.hasColumn(t, "t", "b")).isFalse();
      }
      assertThat(Fleet.hasColumn(schema, "t", "b")).isFalse();
    }
  }

  @Test
  void aNodeDownDuringTheRunIsWaitedForAndResumesExactlyOnce() throws Exception {
    try (Scheduler s = schemaNode(null)) {
      s.linker().linkAll(tenants("a", 2));
      long id;
      // Node c dies in its run: each of its tasks commits to its tenant, then the node crashes
      // before it records the outcome (a fault hook, so the test does not race the node's speed).
      FaultHooks crashAfterCommit =
          new FaultHooks() {
            @Override
            public void at(String point) {
              if (point.equals("task committed")) {
                throw new FaultInjected(point);
              }
            }
          };
      try (FleetNode c =
          FleetNode.open(settings("c", null), options().withFaults(crashAfterCommit))) {
        c.linker().linkAll(tenants("c", 3));
        id = s.submit(Migration.of("ALTER TABLE t ADD COLUMN b INTEGER"));
        waitFor(s, id, JobState.WaitingRun);
        Thread.sleep(300);
      }
      // Node c went down in its run: its tasks wait in Run unrecorded, the job does not finish.
      Thread.sleep(300);
      assertThat(s.registry().job(id).orElseThrow().state()).isEqualTo(JobState.WaitingRun);
      assertThat(Fleet.hasColumn(schema, "t", "b")).isFalse();
      try (FleetNode c = FleetNode.open(settings("c", null), options())) {
        s.await(id, WAIT);
      }
      for (Path t : tenants("c", 3)) {
        assertThat(Fleet.appliedJobs(t)).containsExactly("" + id);
      }
      assertThat(s.registry().taskCounts(id)).isEqualTo(Map.of(TaskState.RunSuccess, 2 + 3 + 1));
    }
  }

  /**
   * The final step cannot share a transaction with PostgreSQL: cut between the schema database's
   * commit (the sidecar records the job) and PostgreSQL's, the next attempt reads the sidecar,
   * applies nothing again, and brings the registry up to date.
   */
  @Test
  void aFinalStepCutBetweenItsTwoCommitsFinishesFromTheSidecarExactlyOnce() throws Exception {
    AtomicBoolean cut = new AtomicBoolean();
    FaultHooks cutOnce =
        new FaultHooks() {
          @Override
          public void at(String point) {
            if (point.equals("schema database committed") && cut.compareAndSet(false, true)) {
              throw new FaultInjected(point);
            }
          }
        };
    try (Scheduler s =
        Scheduler.open(
            schema, options().withFaults(cutOnce).withRegistry(settings("a", null).provider()))) {
      s.linker().linkAll(tenants("a", 3));
      long id =
          s.migrate(
                  Migration.of("INSERT INTO ref VALUES (7)", "ALTER TABLE t ADD COLUMN b INTEGER"),
                  WAIT)
              .jobId();
      assertThat(cut).isTrue();
      assertThat(s.registry().job(id).orElseThrow().state()).isEqualTo(JobState.RunSuccess);
      assertThat(s.registry().result(id).orElseThrow()).hasSize(2);
    }
    assertThat(Fleet.column(schema, "SELECT k FROM ref ORDER BY k")).containsExactly("1", "7");
    assertThat(Fleet.hasColumn(schema, "t", "b")).isTrue();
    assertThat(
            Fleet.column(
                root.resolve("a/schema.db.sharedschema"), "SELECT job_id FROM _sharedschema_final"))
        .containsExactly("1");
    for (Path t : tenants("a", 3)) {
      assertThat(Fleet.appliedJobs(t)).containsExactly("1");
    }
  }

  @Test
  void aSchemaDatabaseOfAPostgresFleetIsNeverOpenedWithASqliteRegistry() {
    assertThatThrownBy(() -> Scheduler.open(schema, options()))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("is in PostgreSQL");
  }

  private static void waitFor(Scheduler s, long id, JobState state) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (s.registry().job(id).orElseThrow().state() != state) {
      assertThat(System.nanoTime()).isLessThan(deadline);
      Thread.sleep(10);
    }
  }
}
