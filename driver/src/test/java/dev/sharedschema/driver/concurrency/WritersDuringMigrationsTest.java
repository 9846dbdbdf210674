package dev.sharedschema.driver.concurrency;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sharedschema.driver.JobSummary;
import dev.sharedschema.driver.SharedSchema;
import dev.sharedschema.scheduler.JobState;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 5, "Concurrency", scenario 1: 16 application threads insert rows into 24 tenants through
 * linked connections with default settings while 20 migrations go through a schema connection,
 * among them a rebuild of the very table they insert into. No acknowledged row may be lost, no
 * {@code SQLException} (SQLITE_BUSY, SQLITE_LOCKED or any other) may reach a writer, every
 * migration must reach every database exactly once and in order, and no database may drift.
 *
 * <p>The writers' choices are seeded: the seed is logged, and {@code -Dsharedschema.test.seed=N}
 * replays them (the interleaving with the migrations is up to the machine).
 */
@Tag("slow")
class WritersDuringMigrationsTest {
  private static final int WRITERS = 16;
  private static final int TENANTS = 24;
  private static final System.Logger LOG = System.getLogger("dev.sharedschema.driver.concurrency");

  @TempDir Path dir;

  @Test
  @Timeout(180)
  void noLostRowsNoBusyErrorsEveryMigrationOnceEverywhere() throws Exception {
    long seed = Seeds.seed();
    Path schema = dir.resolve("schema.db");
    List<Path> tenants = createFleet(schema);
    long setupJobs = JobIds.max(schema);

    AtomicBoolean stop = new AtomicBoolean();
    List<TenantWriter> writers = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    for (int w = 0; w < WRITERS; w++) {
      TenantWriter writer = new TenantWriter(w, tenants, seed + w, stop);
      writers.add(writer);
      threads.add(new Thread(writer, "tenant-writer-" + w));
    }
    threads.forEach(Thread::start);
    long start = System.nanoTime();
    List<String> migrationErrors = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(schemaUrl(schema))) {
      Thread.sleep(200); // writers first: every migration meets running writers
      for (FleetMigrations.FleetMigration m : FleetMigrations.ALL) {
        try {
          m.send(c);
        } catch (SQLException e) {
          migrationErrors.add(m.name() + ": " + e.getSQLState() + " " + e.getMessage());
        }
      }
      Thread.sleep(200);
    } finally {
      stop.set(true);
      for (Thread t : threads) {
        t.join();
      }
    }
    long millis = (System.nanoTime() - start) / 1_000_000;

    List<String> writerErrors = new ArrayList<>();
    Map<Path, List<String>> acknowledged = new HashMap<>();
    tenants.forEach(t -> acknowledged.put(t, new ArrayList<>()));
    for (TenantWriter w : writers) {
      writerErrors.addAll(w.errors());
      w.acknowledged().forEach(r -> acknowledged.get(r.tenant()).add(r.writer() + ":" + r.seq()));
    }
    long longestMs =
        writers.stream().mapToLong(TenantWriter::longestWriteNanos).max().orElse(0) / 1_000_000;
    int rows = acknowledged.values().stream().mapToInt(List::size).sum();
    String summary =
        String.format(
            "seed %d: %d writers, %d tenants, %d migrations in %d ms, %d acknowledged rows,"
                + " %d writer errors, longest write %d ms",
            seed,
            WRITERS,
            TENANTS,
            FleetMigrations.ALL.size(),
            millis,
            rows,
            writerErrors.size(),
            longestMs);
    LOG.log(System.Logger.Level.INFO, summary);
    System.out.println("writers during migrations: " + summary);

    assertThat(migrationErrors).as("migrations that failed (%s)", summary).isEmpty();
    assertThat(writerErrors)
        .as("SQLExceptions seen by application threads (%s)", summary)
        .isEmpty();
    assertThat(rows).as("acknowledged rows (%s)", summary).isGreaterThan(TENANTS);

    List<Long> jobs = JobIds.after(schema, setupJobs);
    assertThat(jobs).as("jobs recorded for the 20 migrations").hasSize(FleetMigrations.ALL.size());
    for (Path tenant : tenants) {
      assertThat(rowKeys(tenant))
          .as("rows of %s: exactly the acknowledged ones (%s)", tenant.getFileName(), summary)
          .containsExactlyInAnyOrderElementsOf(acknowledged.get(tenant));
      assertThat(
              column(
                  tenant, "SELECT job_id FROM _sharedschema_applied WHERE job_id > " + setupJobs))
          .as("the migrations recorded as applied in %s: each job once", tenant.getFileName())
          .containsExactlyInAnyOrderElementsOf(jobs.stream().map(String::valueOf).toList());
    }
    for (Path db : all(schema, tenants)) {
      assertThat(column(db, "SELECT name FROM applied_log ORDER BY id"))
          .as("migrations received by %s, in order", db.getFileName())
          .containsExactlyElementsOf(FleetMigrations.names());
      assertThat(column(db, "PRAGMA user_version"))
          .as("user_version of %s", db)
          .containsExactly("18");
    }
    try (SharedSchema ss = SharedSchema.open(schema)) {
      assertThat(ss.check()).as("drift after the run").isEmpty();
      assertThat(ss.jobs(100))
          .extracting(JobSummary::state)
          .as("every job")
          .containsOnly(JobState.RunSuccess);
    }
  }

  private List<Path> createFleet(Path schema) throws SQLException {
    try (Connection c = DriverManager.getConnection(schemaUrl(schema));
        Statement st = c.createStatement()) {
      for (String sql : FleetMigrations.BASE) {
        st.execute(sql);
      }
    }
    List<Path> tenants = new ArrayList<>();
    for (int i = 1; i <= TENANTS; i++) {
      Path t = dir.resolve("tenant-" + i + ".db");
      DriverManager.getConnection("jdbc:sharedschema:sqlite:" + t + "?shared_schema_name=" + schema)
          .close();
      tenants.add(t);
    }
    return tenants;
  }

  private static String schemaUrl(Path schema) {
    return "jdbc:sharedschema:sqlite:" + schema + "?shared_schema=true";
  }

  private static List<Path> all(Path schema, List<Path> tenants) {
    List<Path> out = new ArrayList<>(tenants);
    out.add(schema);
    return out;
  }

  private static List<String> rowKeys(Path db) throws SQLException {
    return column(db, "SELECT writer || ':' || seq FROM events");
  }

  static List<String> column(Path db, String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }
}
