package dev.sharedschema.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sharedschema.driver.SharedSchema;
import dev.sharedschema.examples.hibernate.TenantConnections;
import dev.sharedschema.examples.hibernate.TenantContext;
import dev.sharedschema.examples.hibernate.TenantSessionFactory;
import dev.sharedschema.examples.hibernate.Ticket;
import dev.sharedschema.examples.hibernate.TicketV2;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Table;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hibernate.SessionFactory;
import org.hibernate.cfg.JdbcSettings;
import org.hibernate.cfg.SchemaToolingSettings;
import org.hibernate.community.dialect.SQLiteDialect;
import org.hibernate.jpa.HibernatePersistenceConfiguration;
import org.hibernate.tool.schema.Action;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Hibernate example end to end, checked in every linked database, and the outcomes that
 * docs/hibernate.md states for the schema-tooling paths it does not recommend.
 */
class HibernateExampleTest {
  @TempDir Path dir;

  private Path schemaDb() {
    return dir.resolve("schema.db");
  }

  private Path tenants() {
    return dir.resolve("tenants");
  }

  private Path tenant(String id) {
    return TenantConnections.tenantDatabase(tenants(), id);
  }

  @Test
  void exampleLeavesEveryTenantWithItsOwnRowsAndTheV2Schema() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    HibernateExample.run(dir, new PrintStream(out, true, StandardCharsets.UTF_8));

    for (int i = 0; i < HibernateExample.TENANTS.size(); i++) {
      String t = HibernateExample.TENANTS.get(i);
      Path db = tenant(t);
      assertThat(ExamplesTest.rows(db, "SELECT name FROM pragma_table_info('ticket') ORDER BY cid"))
          .containsExactly("id", "title", "done", "priority");
      assertThat(
              ExamplesTest.rows(
                  db, "SELECT priority || '|' || title || '|' || done FROM ticket ORDER BY id"))
          .as("tenant %s holds exactly its own tickets", t)
          .containsExactly(
              (i + 1) + "|" + t + ": set up billing|0",
              "0|" + t + ": invite team|1",
              "0|" + t + ": written by release 1|0",
              (i + 1) * 10 + "|" + t + ": renew certificate|0");
      assertThat(
              ExamplesTest.rows(
                  db,
                  "SELECT version FROM flyway_schema_history WHERE success = 1 ORDER BY installed_rank"))
          .containsExactly("1", "2");
      assertThat(
              ExamplesTest.rows(
                  db, "SELECT count(*) FROM _sharedschema_applied WHERE state = 'RunSuccess'"))
          .as("Flyway's history table, V1 and V2: three migration jobs, each applied once")
          .containsExactly("3");
    }
    assertThat(
            ExamplesTest.rows(
                schemaDb(), "SELECT name FROM pragma_table_info('ticket') ORDER BY cid"))
        .containsExactly("id", "title", "done", "priority");
    assertThat(ExamplesTest.rows(schemaDb(), "SELECT count(*) FROM ticket"))
        .as("tenant data never goes through the schema database")
        .containsExactly("0");
    try (SharedSchema fleet = SharedSchema.open(schemaDb())) {
      assertThat(fleet.links()).hasSize(HibernateExample.TENANTS.size());
      assertThat(fleet.check()).isEmpty();
    }
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("acme sees [acme: set up billing, acme: invite team]")
        .contains("hooli by priority [50 hooli: renew certificate, 5 hooli: set up billing,")
        .contains("no drift");
  }

  @Test
  void closingTheSessionFactoryClosesEveryTenantPool() throws Exception {
    fleetAtV1("a", "b");
    TenantConnections connections = new TenantConnections(schemaDb(), tenants());
    SessionFactory factory = TenantSessionFactory.build(connections, Action.VALIDATE, Ticket.class);
    try {
      assertThat(connections.openPools()).as("pools are made on first use").isEmpty();
      for (String t : List.of("a", "b")) {
        TenantContext.runAs(t, () -> factory.inTransaction(s -> s.persist(new Ticket(t))));
      }
      assertThat(connections.openPools()).containsExactly("a", "b");
    } finally {
      factory.close();
    }
    assertThat(connections.openPools()).isEmpty();
    assertThatThrownBy(() -> connections.getConnection("a"))
        .isInstanceOf(SQLException.class)
        .hasFieldOrPropertyWithValue("SQLState", "08003");
    assertThat(ExamplesTest.rows(tenant("a"), "SELECT title FROM ticket ORDER BY id"))
        .containsExactly("seed", "a");
    assertThat(ExamplesTest.rows(tenant("b"), "SELECT title FROM ticket")).containsExactly("b");
  }

  @Test
  void unknownAndMalformedTenantsAreRefusedWithoutCreatingFiles() throws Exception {
    fleetAtV1("a");
    TenantConnections connections = new TenantConnections(schemaDb(), tenants());
    try {
      assertThatThrownBy(() -> connections.getConnection("nobody"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("unknown tenant 'nobody'")
          .hasMessageContaining("SharedSchema.link")
          .hasFieldOrPropertyWithValue("SQLState", "08001");
      assertThatThrownBy(() -> connections.getConnection("../schema"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("invalid tenant id '../schema'");
      assertThat(tenant("nobody")).doesNotExist();
      assertThat(connections.openPools()).isEmpty();
    } finally {
      connections.stop();
    }
  }

  @Test
  void validateRefusesToStartARelease2BeforeItsMigration() throws Exception {
    fleetAtV1("a");
    TenantConnections connections = new TenantConnections(schemaDb(), tenants());
    assertThatThrownBy(
            () -> TenantSessionFactory.build(connections, Action.VALIDATE, TicketV2.class))
        .hasRootCauseMessage("Schema validation: missing column [priority] in table [ticket]");
  }

  @Test
  void validateChecksTheIndexesTheMappingDeclares() throws Exception {
    fleetAtV1("a");
    TenantConnections connections = new TenantConnections(schemaDb(), tenants());
    assertThatThrownBy(
            () -> TenantSessionFactory.build(connections, Action.VALIDATE, TicketByTitle.class))
        .hasRootCauseMessage("Missing index named `ticket_by_title` on table `ticket`");
  }

  @Test
  void validateAlsoWorksThroughATenantsLinkedConnection() throws Exception {
    fleetAtV1("a");
    try (SessionFactory factory = singleDatabase(tenant("a"), Action.VALIDATE, Ticket.class)) {
      factory.inTransaction(s -> s.persist(new Ticket("validated against a")));
    }
    assertThat(ExamplesTest.rows(tenant("a"), "SELECT title FROM ticket ORDER BY id"))
        .containsExactly("seed", "validated against a");
  }

  @Test
  void identityIdsAlsoComeBackThroughGetGeneratedKeys() throws Exception {
    fleetAtV1("a"); // holds row 1
    List<Long> ids = new ArrayList<>();
    try (SessionFactory factory =
        singleDatabase(
            tenant("a"),
            Action.NONE,
            Ticket.class,
            Map.of(JdbcSettings.USE_GET_GENERATED_KEYS, true))) {
      for (String title : List.of("two", "three")) {
        Ticket ticket = new Ticket(title);
        factory.inTransaction(s -> s.persist(ticket));
        ids.add(ticket.getId());
      }
    }
    assertThat(ids).containsExactly(2L, 3L);
    assertThat(ExamplesTest.rows(tenant("a"), "SELECT id || ' ' || title FROM ticket ORDER BY id"))
        .containsExactly("1 seed", "2 two", "3 three");
  }

  @Test
  void hbm2ddlUpdateThroughALinkedConnectionIsRefused() throws Exception {
    fleetAtV1("a");
    assertThatThrownBy(() -> singleDatabase(tenant("a"), Action.UPDATE, TicketWithOwner.class))
        .rootCause()
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("refused on linked database")
        .hasFieldOrPropertyWithValue("SQLState", "42000");
    assertThat(ExamplesTest.rows(tenant("a"), "SELECT name FROM pragma_table_info('ticket')"))
        .doesNotContain("owner");
  }

  @Test
  void hbm2ddlUpdateThroughTheSchemaConnectionReachesEveryTenantOneJobPerStatement()
      throws Exception {
    fleetAtV1("a", "b");
    int jobsBefore = jobs();
    try (SessionFactory factory =
        TenantSessionFactory.build(
            new TenantConnections(schemaDb(), tenants()), Action.UPDATE, TicketWithOwner.class)) {
      TenantContext.runAs(
          "b", () -> factory.inTransaction(s -> s.persist(new TicketWithOwner("b's", "bob"))));
    }
    for (Path db : List.of(schemaDb(), tenant("a"), tenant("b"))) {
      assertThat(ExamplesTest.rows(db, "SELECT name FROM pragma_table_info('ticket') ORDER BY cid"))
          .containsExactly("id", "title", "done", "owner");
    }
    assertThat(ExamplesTest.rows(tenant("b"), "SELECT owner FROM ticket")).containsExactly("bob");
    assertThat(ExamplesTest.rows(tenant("a"), "SELECT count(*) FROM ticket")).containsExactly("1");
    assertThat(jobs() - jobsBefore).as("one ALTER TABLE, one migration job").isEqualTo(1);
    try (SharedSchema fleet = SharedSchema.open(schemaDb())) {
      assertThat(fleet.check()).isEmpty();
    }
  }

  @Test
  void hbm2ddlUpdateAddingANotNullColumnFailsItsDryRunAndChangesNothing() throws Exception {
    fleetAtV1("a", "b"); // a holds a row, on which SQLite refuses a NOT NULL column without default
    assertThatThrownBy(
            () ->
                TenantSessionFactory.build(
                    new TenantConnections(schemaDb(), tenants()), Action.UPDATE, TicketV2.class))
        .rootCause()
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("failed its dry run; nothing was applied anywhere")
        .hasFieldOrPropertyWithValue("SQLState", "40000");
    for (Path db : List.of(schemaDb(), tenant("a"), tenant("b"))) {
      assertThat(ExamplesTest.rows(db, "SELECT name FROM pragma_table_info('ticket')"))
          .doesNotContain("priority");
    }
  }

  @Test
  void hbm2ddlCreateThroughTheSchemaConnectionEmptiesEveryTenant() throws Exception {
    fleetAtV1("a", "b");
    try (SessionFactory factory =
        TenantSessionFactory.build(
            new TenantConnections(schemaDb(), tenants()), Action.CREATE, Ticket.class)) {
      assertThat(factory.isOpen()).isTrue();
    }
    assertThat(ExamplesTest.rows(tenant("a"), "SELECT count(*) FROM ticket"))
        .as("DROP TABLE went to every tenant: the pitfall docs/hibernate.md warns about")
        .containsExactly("0");
  }

  /** Schema database, linked tenants, Flyway V1, and one row in the first tenant. */
  private void fleetAtV1(String... ids) throws Exception {
    Files.createDirectories(tenants());
    try (SharedSchema fleet = SharedSchema.init(schemaDb())) {
      List<Path> dbs = new ArrayList<>();
      for (String id : ids) {
        dbs.add(tenant(id));
      }
      fleet.linkAll(dbs);
    }
    HibernateExample.migrate(schemaDb(), "1", new PrintStream(OutputStream.nullOutputStream()));
    try (Connection c = DriverManager.getConnection(linkedUrl(tenant(ids[0])));
        PreparedStatement ps = c.prepareStatement("INSERT INTO ticket(title) VALUES (?)")) {
      ps.setString(1, "seed");
      ps.executeUpdate();
    }
  }

  private String linkedUrl(Path db) {
    return "jdbc:sharedschema:sqlite:" + db + "?shared_schema_name=" + schemaDb();
  }

  private int jobs() throws SQLException {
    try (SharedSchema fleet = SharedSchema.open(schemaDb())) {
      return fleet.jobs().size();
    }
  }

  /** One database, no multi-tenancy: what a per-tenant Hibernate set-up would do. */
  private SessionFactory singleDatabase(Path db, Action action, Class<?> entity) {
    return singleDatabase(db, action, entity, Map.of());
  }

  private SessionFactory singleDatabase(
      Path db, Action action, Class<?> entity, Map<String, Object> more) {
    HibernatePersistenceConfiguration config = new HibernatePersistenceConfiguration("one");
    more.forEach(config::property);
    config
        .managedClass(entity)
        .property(JdbcSettings.JAKARTA_JDBC_DRIVER, "dev.sharedschema.driver.SharedSchemaDriver")
        .property(JdbcSettings.JAKARTA_JDBC_URL, linkedUrl(db))
        .property(JdbcSettings.DIALECT, SQLiteDialect.class.getName())
        .property(SchemaToolingSettings.HBM2DDL_AUTO, action.getExternalHbm2ddlName())
        .property(SchemaToolingSettings.HBM2DDL_HALT_ON_ERROR, true);
    return config.createEntityManagerFactory().unwrap(SessionFactory.class);
  }

  /** A mapping that declares an index no migration created. */
  @Entity(name = "Ticket")
  @Table(name = "ticket", indexes = @Index(name = "ticket_by_title", columnList = "title"))
  public static class TicketByTitle {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    @Column(columnDefinition = "integer")
    Long id;

    @Column(nullable = false, length = 200)
    String title;

    @Column(nullable = false)
    boolean done;
  }

  /** A release that adds a nullable column, which hbm2ddl update can add. */
  @Entity(name = "Ticket")
  @Table(name = "ticket")
  public static class TicketWithOwner {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    @Column(columnDefinition = "integer")
    Long id;

    @Column(nullable = false, length = 200)
    String title;

    @Column(nullable = false)
    boolean done;

    @Column(length = 50)
    String owner;

    protected TicketWithOwner() {}

    TicketWithOwner(String title, String owner) {
      this.title = title;
      this.owner = owner;
    }
  }
}
