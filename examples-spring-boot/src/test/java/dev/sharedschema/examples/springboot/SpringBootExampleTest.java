package dev.sharedschema.examples.springboot;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The Spring Boot example as it runs: Flyway migrates the fleet at start, each tenant's requests
 * reach its own database, and the next release's migration, shipped by starting the application
 * again, reaches every tenant. Real files, real Boot, Flyway and HikariCP.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "logging.level.dev.sharedschema.scheduler=debug")
@ExtendWith(OutputCaptureExtension.class)
class SpringBootExampleTest {
  @TempDir static Path fleet;

  private final HttpClient http = HttpClient.newHttpClient();

  @LocalServerPort int port;

  @DynamicPropertySource
  static void fleetDirectory(DynamicPropertyRegistry registry) {
    registry.add("sharedschema.fleet.directory", () -> fleet.toString());
  }

  @Test
  void eachTenantIsServedFromItsOwnDatabaseAndANewMigrationReachesEveryTenant(CapturedOutput output)
      throws Exception {
    assertThat(send(port, "POST", "acme", "hello from acme").statusCode()).isEqualTo(201);
    assertThat(send(port, "POST", "globex", "hello from globex").statusCode()).isEqualTo(201);
    assertThat(send(port, "GET", "acme", null).body())
        .contains("\"body\":\"hello from acme\"", "\"created_at\"")
        .doesNotContain("globex", "pinned");
    assertThat(send(port, "GET", "globex", null).body())
        .contains("\"body\":\"hello from globex\"")
        .doesNotContain("acme");
    HttpResponse<String> unknown = send(port, "GET", "initech", null);
    assertThat(unknown.statusCode()).isEqualTo(404);
    for (String tenant : List.of("acme", "globex")) {
      assertThat(flywayVersions(tenant)).containsExactly("1", "2");
    }

    // The next release ships V3: starting it migrates the schema database and so every tenant.
    try (ConfigurableApplicationContext next =
        new SpringApplicationBuilder(TenantsApplication.class)
            .run(
                "--server.port=0",
                "--sharedschema.fleet.directory=" + fleet,
                "--spring.flyway.locations=classpath:db/migration,classpath:db/release-2",
                "--logging.level.dev.sharedschema.scheduler=debug")) {
      int nextPort = Integer.parseInt(next.getEnvironment().getProperty("local.server.port"));
      assertThat(send(nextPort, "GET", "acme", null).body())
          .contains("\"body\":\"hello from acme\"", "\"pinned\":0");
      assertThat(send(nextPort, "GET", "globex", null).body())
          .contains("\"body\":\"hello from globex\"", "\"pinned\":0");
    }
    for (String tenant : List.of("acme", "globex")) {
      // Each tenant records its own schema's history, V3 included.
      assertThat(flywayVersions(tenant)).containsExactly("1", "2", "3");
    }
    assertThat(columns(fleet.resolve("schema.db"))).contains("pinned");

    // sharedschema's System.Logger records reached Logback through slf4j-jdk-platform-logging.
    assertThat(System.LoggerFinder.getLoggerFinder().getClass().getName())
        .isEqualTo("org.slf4j.jdk.platform.logging.SLF4JSystemLoggerFinder");
    assertThat(output.getOut())
        .containsPattern(
            "DEBUG .*dev\\.sharedschema\\.scheduler.*job \\d+ of .* is now RunSuccess");
  }

  private HttpResponse<String> send(int port, String method, String tenant, String body)
      throws Exception {
    HttpRequest.Builder r =
        HttpRequest.newBuilder(
            URI.create("http://localhost:" + port + "/tenants/" + tenant + "/notes"));
    r.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    r.header("Content-Type", "text/plain");
    return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Read behind the application's back, with plain sqlite-jdbc. */
  private static List<String> flywayVersions(String tenant) throws SQLException {
    return column(
        fleet.resolve("tenants").resolve(tenant + ".db"),
        "SELECT version FROM flyway_schema_history WHERE success = 1 ORDER BY installed_rank");
  }

  private static List<String> columns(Path db) throws SQLException {
    return column(db, "SELECT name FROM pragma_table_info('note')");
  }

  private static List<String> column(Path db, String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        ResultSet rs = c.createStatement().executeQuery(sql)) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }
}
