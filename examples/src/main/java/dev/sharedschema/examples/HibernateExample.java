package dev.sharedschema.examples;

import dev.sharedschema.driver.Drift;
import dev.sharedschema.driver.SharedSchema;
import dev.sharedschema.driver.SharedSchemaDataSource;
import dev.sharedschema.examples.hibernate.TenantConnections;
import dev.sharedschema.examples.hibernate.TenantContext;
import dev.sharedschema.examples.hibernate.TenantSessionFactory;
import dev.sharedschema.examples.hibernate.Ticket;
import dev.sharedschema.examples.hibernate.TicketV2;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.hibernate.SessionFactory;
import org.hibernate.tool.schema.Action;

/**
 * Hibernate ORM 7, database per tenant: every tenant is a linked database, Hibernate picks it per
 * session through a {@code MultiTenantConnectionProvider}, and schema changes are Flyway migrations
 * on the schema database that reach every tenant. Hibernate only validates the schema ({@code
 * hbm2ddl.auto=validate}); see docs/hibernate.md.
 *
 * <p>Two releases of the application run in turn: release 1 maps {@code ticket(id, title, done)};
 * V2 adds {@code priority} while release 1 still runs (an additive change it does not notice);
 * release 2 maps and uses the new column.
 *
 * <pre>
 * mvn -B -q -pl examples -am compile exec:java -Dexec.mainClass=dev.sharedschema.examples.HibernateExample
 * </pre>
 */
public final class HibernateExample {
  static final List<String> TENANTS = List.of("acme", "globex", "initech", "umbrella", "hooli");

  private HibernateExample() {}

  public static void main(String[] args) throws Exception {
    Path dir =
        args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("sharedschema-hibernate");
    run(dir, System.out);
  }

  /**
   * Builds the fleet in {@code dir} (which must be empty or missing) and reports to {@code out}.
   */
  static void run(Path dir, PrintStream out) throws SQLException, IOException {
    Path schemaDb = dir.resolve("schema.db");
    Path tenantsDir = dir.resolve("tenants");
    Files.createDirectories(tenantsDir);

    // 1. Provision: the schema database and one linked database per tenant.
    try (SharedSchema fleet = SharedSchema.init(schemaDb)) {
      List<Path> dbs = new ArrayList<>();
      TENANTS.forEach(t -> dbs.add(TenantConnections.tenantDatabase(tenantsDir, t)));
      fleet.linkAll(dbs);
      out.println("linked " + fleet.links().size() + " tenant databases");
    }

    // 2. Release 1's migration, run on the schema database: every tenant gets table ticket.
    migrate(schemaDb, "1", out);

    // 3. Release 1 starts: Hibernate validates its mapping against the schema database.
    // Closing it closes every tenant's pool.
    try (SessionFactory release1 =
        TenantSessionFactory.build(
            new TenantConnections(schemaDb, tenantsDir), Action.VALIDATE, Ticket.class)) {
      for (String t : TENANTS) {
        TenantContext.runAs(
            t,
            () ->
                release1.inTransaction(
                    s -> {
                      s.persist(new Ticket(t + ": set up billing"));
                      Ticket done = new Ticket(t + ": invite team");
                      done.setDone(true);
                      s.persist(done);
                    }));
      }
      for (String t : TENANTS) {
        List<String> titles =
            TenantContext.callAs(
                t,
                () ->
                    release1.fromTransaction(
                        s ->
                            s.createSelectionQuery(
                                    "select title from Ticket order by id", String.class)
                                .getResultList()));
        out.println(t + " sees " + titles);
      }

      // 4. Release 2's migration while release 1 still serves: an added column with a default.
      migrate(schemaDb, "2", out);
      for (String t : TENANTS) {
        TenantContext.runAs(
            t,
            () -> release1.inTransaction(s -> s.persist(new Ticket(t + ": written by release 1"))));
      }
    }

    // 5. Release 2 maps the new column and uses it.
    try (SessionFactory release2 =
        TenantSessionFactory.build(
            new TenantConnections(schemaDb, tenantsDir), Action.VALIDATE, TicketV2.class)) {
      for (int i = 0; i < TENANTS.size(); i++) {
        String t = TENANTS.get(i);
        int urgent = i + 1;
        TenantContext.runAs(
            t,
            () ->
                release2.inTransaction(
                    s -> {
                      s.createSelectionQuery(
                              "from Ticket where title like '%billing'", TicketV2.class)
                          .getSingleResult()
                          .setPriority(urgent);
                      s.persist(new TicketV2(t + ": renew certificate", urgent * 10));
                    }));
        List<String> rows =
            TenantContext.callAs(
                t,
                () ->
                    release2.fromTransaction(
                        s ->
                            s
                                .createSelectionQuery(
                                    "from Ticket order by priority desc, id", TicketV2.class)
                                .getResultList()
                                .stream()
                                .map(k -> k.getPriority() + " " + k.getTitle())
                                .toList()));
        out.println(t + " by priority " + rows);
      }
    }

    // 6. Every tenant's schema equals the schema database's.
    try (SharedSchema fleet = SharedSchema.open(schemaDb)) {
      List<Drift> drift = fleet.check();
      out.println(drift.isEmpty() ? "no drift" : "drift: " + drift);
    }
  }

  /** Flyway on the schema database up to {@code version}: one migration job per Flyway version. */
  static void migrate(Path schemaDb, String version, PrintStream out) {
    SharedSchemaDataSource schema =
        new SharedSchemaDataSource("jdbc:sharedschema:sqlite:" + schemaDb + "?shared_schema=true");
    int applied =
        Flyway.configure()
            .dataSource(schema)
            .locations("classpath:db/hibernate")
            .target(version)
            .load()
            .migrate()
            .migrationsExecuted;
    out.println("Flyway applied " + applied + " migration(s) up to V" + version);
  }
}
