package dev.sharedschema.scheduler.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sharedschema.scheduler.Fleet;
import dev.sharedschema.scheduler.Linker;
import dev.sharedschema.scheduler.Migration;
import dev.sharedschema.scheduler.NodeRegistry;
import dev.sharedschema.scheduler.NodeSettings;
import dev.sharedschema.scheduler.SchedulerOptions;
import dev.sharedschema.scheduler.TaskOutcome;
import dev.sharedschema.scheduler.TaskRef;
import dev.sharedschema.scheduler.TaskState;
import dev.sharedschema.scheduler.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What only the PostgreSQL registry does (DESIGN.md §10): claims shared by a node's JVMs, links per
 * owner node, versioned DDL, and the fleet's identity on every node.
 */
class PostgresNodeRegistryTest {
  @TempDir Path dir;
  String url;
  Path schema;

  @BeforeEach
  void fleet() throws Exception {
    url = TestPostgres.newDatabase();
    schema = dir.resolve("schema.db");
    Fleet.exec(schema, "CREATE TABLE t(a)");
    try (NodeRegistry a = settings("a").openOrCreate(schema, SchedulerOptions.DEFAULTS)) {
      List<Path> tenants = new ArrayList<>();
      for (int i = 1; i <= 10; i++) {
        tenants.add(dir.resolve("t" + i + ".db"));
      }
      new Linker(a, SchedulerOptions.DEFAULTS).linkAll(tenants);
    }
  }

  private NodeSettings settings(String node) {
    return new NodeSettings(url, node, null);
  }

  @Test
  void twoJvmsOfANodeClaimDisjointBatchesAndAClaimLetGoIsClaimedAgain() throws Exception {
    try (NodeRegistry one = settings("a").openNode(SchedulerOptions.DEFAULTS);
        NodeRegistry two = settings("a").openNode(SchedulerOptions.DEFAULTS)) {
      long id = one.submit(Migration.of("ALTER TABLE t ADD COLUMN b"), 1);
      NodeRegistry.Claim first = one.claim(id, TaskState.Enqueued, 4);
      NodeRegistry.Claim second = two.claim(id, TaskState.Enqueued, 4);
      NodeRegistry.Claim third = two.claim(id, TaskState.Enqueued, 4);
      Set<String> seen = new HashSet<>();
      for (NodeRegistry.Claim c : List.of(first, second, third)) {
        for (TaskRef t : c.tasks()) {
          assertThat(seen.add(t.path())).as("claimed twice: %s", t.path()).isTrue();
        }
      }
      assertThat(seen).hasSize(10);
      assertThat(one.claim(id, TaskState.Enqueued, 4).tasks()).isEmpty();
      second.close(); // let go unrecorded: the tasks are free again
      NodeRegistry.Claim again = one.claim(id, TaskState.Enqueued, 10);
      assertThat(again.tasks()).containsExactlyElementsOf(second.tasks());
      List<TaskOutcome> passed = new ArrayList<>();
      for (TaskRef t : first.tasks()) {
        passed.add(new TaskOutcome(t, TaskState.Enqueued, TaskState.DryRunSuccess, 0, null, 0));
      }
      first.record(passed, 2);
      assertThat(one.taskCounts(id))
          .isEqualTo(Map.of(TaskState.DryRunSuccess, 4, TaskState.Enqueued, 6));
      assertThat(one.progress()).isEqualTo(1);
      third.close();
      again.close();
    }
  }

  @Test
  void theTasksOfAJvmThatDiesPassOnWithItsConnection() throws Exception {
    NodeRegistry dying = settings("a").openNode(SchedulerOptions.DEFAULTS);
    long id = dying.submit(Migration.of("ALTER TABLE t ADD COLUMN b"), 1);
    assertThat(dying.claim(id, TaskState.Enqueued, 10).tasks()).hasSize(10);
    try (NodeRegistry other = settings("a").openNode(SchedulerOptions.DEFAULTS)) {
      assertThat(other.claim(id, TaskState.Enqueued, 10).tasks()).isEmpty();
      try (Connection admin = DriverManager.getConnection(url);
          Statement st = admin.createStatement()) {
        List<Integer> killed = new ArrayList<>();
        try (var rs =
            st.executeQuery(
                "SELECT pid FROM pg_stat_activity WHERE pid <> pg_backend_pid()"
                    + " AND datname = current_database() AND state = 'idle in transaction'")) {
          while (rs.next()) {
            killed.add(rs.getInt(1));
          }
        }
        assertThat(killed).as("the dying JVM's claim holds a transaction open").isNotEmpty();
        for (int pid : killed) {
          st.execute("SELECT pg_terminate_backend(" + pid + ", 5000)"); // waits until it is gone
        }
      }
      assertThat(other.claim(id, TaskState.Enqueued, 10).tasks()).hasSize(10);
    }
  }

  @Test
  void linksBelongToTheirNodeAndEachNodeSeesItsOwn() throws Exception {
    try (NodeRegistry b = settings("b").openNode(SchedulerOptions.DEFAULTS)) {
      Files.createDirectories(dir.resolve("b"));
      new Linker(b, SchedulerOptions.DEFAULTS).link(dir.resolve("b/t1.db"));
      assertThat(b.links())
          .extracting(p -> p.getFileName().toString())
          .containsExactlyInAnyOrder("t1.db", "sharedschema-template.db");
      assertThat(b.isLinked(dir.resolve("t1.db"))).isFalse(); // node a's file of that name
      assertThat(b.allLinks()).hasSize(12);
      assertThat(b.id()).isEqualTo(settings("a").openNode(SchedulerOptions.DEFAULTS).id());
      assertThat(b.isSchemaNode()).isFalse();
      assertThat(b.schemaNode()).isEqualTo("a");
      assertThat(b.template()).isPresent();
    }
  }

  @Test
  void theDdlIsVersionedAppliedOnceAndANewerVersionIsRefused() throws Exception {
    try (Connection c = DriverManager.getConnection(url);
        Statement st = c.createStatement()) {
      var rs = st.executeQuery("SELECT version FROM _sharedschema_version ORDER BY version");
      assertThat(rs.next()).isTrue();
      assertThat(rs.getInt(1)).isEqualTo(1);
      assertThat(rs.next()).isFalse();
      settings("b").openNode(SchedulerOptions.DEFAULTS).close(); // opening again adds nothing
      rs = st.executeQuery("SELECT count(*) FROM _sharedschema_version");
      rs.next();
      assertThat(rs.getInt(1)).isEqualTo(1);
      st.execute("INSERT INTO _sharedschema_version VALUES (99, 0)");
    }
    assertThatThrownBy(() -> settings("b").openNode(SchedulerOptions.DEFAULTS))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("version 99")
        .hasFieldOrPropertyWithValue("SQLState", "08001");
  }

  @Test
  void aNodeOfARegistryWithoutAFleetAndASchemaDatabaseElsewhereAreRefused() throws Exception {
    String empty = TestPostgres.newDatabase();
    assertThatThrownBy(() -> new NodeSettings(empty, "b", null).openNode(SchedulerOptions.DEFAULTS))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("has no fleet yet")
        .hasFieldOrPropertyWithValue("SQLState", "08001");
    Path other = dir.resolve("other.db");
    Fleet.exec(other, "CREATE TABLE t(a)");
    assertThatThrownBy(() -> settings("a").openOrCreate(other, SchedulerOptions.DEFAULTS))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("has the schema database " + schema.toRealPath())
        .hasFieldOrPropertyWithValue("SQLState", "08004");
  }
}
