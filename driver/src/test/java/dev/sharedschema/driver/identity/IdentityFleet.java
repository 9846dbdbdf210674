package dev.sharedschema.driver.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sharedschema.driver.SharedSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A fleet for identity tests: a schema database with a {@code plan} table and tenants made through
 * the driver, each holding rows of its own; plus the one invariant every identity test ends with —
 * a linked tenant holds exactly the fleet's jobs since it was first linked, in order, once.
 */
final class IdentityFleet {
  static final Duration WAIT = Duration.ofSeconds(60);

  final Path dir;
  final Path schema;

  IdentityFleet(Path dir) {
    this(dir, dir.resolve("schema.db"));
  }

  IdentityFleet(Path dir, Path schema) {
    this.dir = dir;
    this.schema = schema;
  }

  /** A fleet in {@code dir} whose schema database has a {@code plan} table. */
  static IdentityFleet create(Path dir) throws SQLException, IOException {
    Files.createDirectories(dir);
    IdentityFleet f = new IdentityFleet(dir);
    try (Connection c = DriverManager.getConnection(schemaUrl(f.schema))) {
      exec(c, "CREATE TABLE plan(id INTEGER PRIMARY KEY, name TEXT NOT NULL)");
    }
    return f;
  }

  static String schemaUrl(Path schema) {
    return "jdbc:sharedschema:sqlite:" + schema + "?shared_schema=true";
  }

  /** Links {@code tenant} through a linked URL (created from the schema when missing). */
  Path tenant(Path tenant) throws SQLException, IOException {
    Files.createDirectories(tenant.getParent());
    DriverManager.getConnection(
            "jdbc:sharedschema:sqlite:" + tenant + "?shared_schema_name=" + schema)
        .close();
    return tenant;
  }

  SharedSchema open() throws SQLException {
    return SharedSchema.open(schema);
  }

  /** Runs {@code sql} as one migration; returns its job id. */
  long migrate(String sql) throws SQLException {
    try (SharedSchema s = open()) {
      return s.migrate(sql, WAIT).jobId();
    }
  }

  /** Ids of the jobs that finished (RunSuccess), in order. */
  List<Long> finishedJobs() throws SQLException {
    List<Long> out = new ArrayList<>();
    try (SharedSchema s = open()) {
      s.jobs()
          .forEach(
              j -> {
                if (j.state() == dev.sharedschema.scheduler.JobState.RunSuccess) {
                  out.add(0, j.id());
                }
              });
    }
    return out;
  }

  /** Job ids recorded as applied in {@code db}, in the order of the table (job id). */
  static List<Long> applied(Path db) throws SQLException {
    List<Long> out = new ArrayList<>();
    for (String s :
        column(
            db,
            "SELECT job_id FROM _sharedschema_applied WHERE state = 'RunSuccess' ORDER BY job_id")) {
      out.add(Long.parseLong(s));
    }
    return out;
  }

  /** The finished jobs after {@code firstLinkedAfter}: what a tenant linked then must hold. */
  List<Long> jobsAfter(long firstLinkedAfter) throws SQLException {
    return finishedJobs().stream().filter(id -> id > firstLinkedAfter).toList();
  }

  /** The highest finished job, or 0. */
  long head() throws SQLException {
    List<Long> done = finishedJobs();
    return done.isEmpty() ? 0 : done.get(done.size() - 1);
  }

  static void exec(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }

  /** Runs {@code sql} through plain sqlite-jdbc (no sharedschema). */
  static void exec(Path db, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
      exec(c, sql);
    }
  }

  /** The first column of every row, read through plain sqlite-jdbc. */
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

  static List<String> planNames(Path db) throws SQLException {
    return column(db, "SELECT name FROM plan ORDER BY id");
  }

  static boolean hasColumn(Path db, String table, String col) throws SQLException {
    return column(db, "SELECT name FROM pragma_table_info('" + table + "')").contains(col);
  }

  /** Asserts the fleet's invariant for {@code tenant}, first linked after job {@code since}. */
  void assertHoldsExactly(Path tenant, long since) throws SQLException {
    assertThat(applied(tenant))
        .as("jobs applied in %s (linked after job %d)", tenant.getFileName(), since)
        .containsExactlyElementsOf(jobsAfter(since));
  }
}
