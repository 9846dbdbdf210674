package dev.sharedschema.driver.scaleout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sharedschema.driver.SharedSchema;
import dev.sharedschema.driver.SharedSchemaDriver;
import dev.sharedschema.scheduler.NodeSettings;
import dev.sharedschema.scheduler.NodeStatus;
import dev.sharedschema.scheduler.SchedulerOptions;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scale-out URLs (DESIGN.md §3, §10) against a real PostgreSQL: {@code
 * shared_schema=true&shared_schema_registry=…} on the schema node, {@code shared_schema_registry=…}
 * for a tenant of another node (made from that node's template), and the errors for what cannot
 * work.
 */
class ScaleOutUrlTest {
  private static EmbeddedPostgres pg;
  private static int databases;

  @TempDir Path root;

  /** Stopped by its own shutdown hook: tenant connections leave node work running in this JVM. */
  @BeforeAll
  static void start() throws Exception {
    pg = EmbeddedPostgres.builder().start();
    SharedSchemaDriver.register();
  }

  private static String newRegistry() throws SQLException {
    String name = "urls_" + ++databases;
    try (Connection c = pg.getPostgresDatabase().getConnection();
        Statement st = c.createStatement()) {
      st.execute("CREATE DATABASE " + name);
    }
    return pg.getJdbcUrl("postgres", name);
  }

  private static String enc(String v) {
    return URLEncoder.encode(v, StandardCharsets.UTF_8);
  }

  @Test
  void aSchemaNodeAndATenantOfAnotherNodeShareOneFleet() throws Exception {
    String registry = newRegistry();
    Path a = Files.createDirectories(root.resolve("a"));
    Path b = Files.createDirectories(root.resolve("b"));
    String schemaUrl =
        "jdbc:sharedschema:sqlite:"
            + a.resolve("schema.db")
            + "?shared_schema=true&shared_schema_node=a&shared_schema_registry="
            + enc(registry);
    String tenantUrl =
        "jdbc:sharedschema:sqlite:"
            + b.resolve("t9.db")
            + "?shared_schema_node=b&shared_schema_registry="
            + enc(registry);
    try (Connection schema = DriverManager.getConnection(schemaUrl)) {
      schema.createStatement().execute("CREATE TABLE note(id INTEGER PRIMARY KEY, body TEXT)");
      try (Connection t9 = DriverManager.getConnection(tenantUrl)) {
        t9.createStatement().execute("INSERT INTO note(body) VALUES ('hello')");
        assertThatThrownBy(() -> t9.createStatement().execute("ALTER TABLE note ADD COLUMN x"))
            .isInstanceOf(SQLException.class)
            .hasFieldOrPropertyWithValue("SQLState", "42000");
      }
      schema.createStatement().execute("ALTER TABLE note ADD COLUMN created_at INTEGER");
    }
    try (Connection t9 = DriverManager.getConnection(tenantUrl);
        ResultSet rs = t9.createStatement().executeQuery("SELECT body, created_at FROM note")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo("hello");
    }
    assertThat(b.resolve("sharedschema-template.db")).exists();
    try (SharedSchema view =
        SharedSchema.openNode(new NodeSettings(registry, "b", null), SchedulerOptions.DEFAULTS)) {
      assertThat(view.links())
          .containsExactlyInAnyOrder(
              b.resolve("t9.db").toRealPath(), b.resolve("sharedschema-template.db").toRealPath());
      assertThat(view.jobs()).hasSize(2);
      assertThat(view.nodes(view.jobs().get(0).id()))
          .extracting(NodeStatus::node)
          .containsExactly("a", "b");
      assertThat(view.check()).isEmpty();
      assertThatThrownBy(() -> view.migrate("CREATE TABLE x(a)", null))
          .hasMessageContaining("schema node a");
    }
  }

  @Test
  void withoutTheRegistryKeyNeitherTheSchemaDatabaseNorANodesTenantOpens() throws Exception {
    String registry = newRegistry();
    Path a = Files.createDirectories(root.resolve("a"));
    Path b = Files.createDirectories(root.resolve("b"));
    DriverManager.getConnection(
            "jdbc:sharedschema:sqlite:"
                + a.resolve("schema.db")
                + "?shared_schema=true&shared_schema_node=a&shared_schema_registry="
                + enc(registry))
        .close();
    DriverManager.getConnection(
            "jdbc:sharedschema:sqlite:"
                + b.resolve("t1.db")
                + "?shared_schema_node=b&shared_schema_registry="
                + enc(registry))
        .close();
    assertThatThrownBy(
            () -> DriverManager.getConnection("jdbc:sharedschema:sqlite:" + a.resolve("schema.db")))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("is in PostgreSQL")
        .hasFieldOrPropertyWithValue("SQLState", "08001");
    assertThatThrownBy(
            () -> DriverManager.getConnection("jdbc:sharedschema:sqlite:" + b.resolve("t1.db")))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("tenant of node b")
        .hasMessageContaining("shared_schema_registry")
        .hasFieldOrPropertyWithValue("SQLState", "08004");
    assertThatThrownBy(
            () ->
                DriverManager.getConnection(
                    "jdbc:sharedschema:sqlite:"
                        + b.resolve("t2.db")
                        + "?shared_schema_registry=jdbc:mysql://db/fleet"))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("shared_schema_registry")
        .hasFieldOrPropertyWithValue("SQLState", "08001");
  }

  /**
   * Without PostgreSQL's JDBC driver on the class path, the registry key fails with a message that
   * names the artifact to add (in a JVM whose class path lacks it).
   */
  @Test
  void withoutPostgresqlsDriverTheErrorNamesTheArtifact() throws Exception {
    String cp =
        Stream.of(
                System.getProperty(
                        "surefire.test.class.path", System.getProperty("java.class.path"))
                    .split(File.pathSeparator))
            .filter(e -> !e.contains("org/postgresql/postgresql"))
            .collect(Collectors.joining(File.pathSeparator));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new ArrayList<>(List.of(java, "-cp", cp, NoPostgresDriver.class.getName()));
    cmd.add(
        "jdbc:sharedschema:sqlite:"
            + root.resolve("schema.db")
            + "?shared_schema=true&shared_schema_registry="
            + enc("jdbc:postgresql://localhost:1/fleet"));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out;
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      out = r.lines().collect(Collectors.joining("\n"));
    }
    assertThat(p.waitFor()).as(out).isZero();
    assertThat(out).contains("08001").contains("org.postgresql:postgresql");
  }
}
