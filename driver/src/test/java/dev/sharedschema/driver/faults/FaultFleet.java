package dev.sharedschema.driver.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * A schema database ({@code notes} table) and linked databases made through the driver, each
 * holding {@link #TENANT_ROWS} rows of its own written with plain sqlite-jdbc; plus the checks
 * every fault scenario ends with.
 */
final class FaultFleet {
  static final int TENANT_ROWS = 20;

  /**
   * The migration most scenarios send: a second apply would fail on the duplicate column, and the
   * index needs new pages (so it is what a full disk stops).
   */
  static final String MIGRATION =
      "ALTER TABLE notes ADD COLUMN tag TEXT; CREATE INDEX notes_body ON notes(body, tag)";

  final Path dir;
  final Path schema;
  final List<Path> tenants = new ArrayList<>();

  private FaultFleet(Path dir) {
    this.dir = dir;
    this.schema = dir.resolve("schema.db");
  }

  /** A fleet in {@code dir} with tenants at the given paths relative to it. */
  static FaultFleet create(Path dir, String... tenantPaths) throws SQLException, IOException {
    FaultFleet f = new FaultFleet(dir);
    try (Connection c = DriverManager.getConnection(schemaUrl(f.schema))) {
      exec(c, "CREATE TABLE notes(id INTEGER PRIMARY KEY, body TEXT NOT NULL)");
    }
    for (String name : tenantPaths) {
      Path t = dir.resolve(name);
      Files.createDirectories(t.getParent());
      DriverManager.getConnection(
              "jdbc:sharedschema:sqlite:" + t + "?shared_schema_name=" + f.schema)
          .close();
      exec(
          t,
          "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < "
              + TENANT_ROWS
              + ") INSERT INTO notes(body) SELECT 'row ' || i || ' of "
              + t.getFileName()
              + "' FROM n");
      f.tenants.add(t);
    }
    return f;
  }

  static String schemaUrl(Path schema) {
    return "jdbc:sharedschema:sqlite:" + schema + "?shared_schema=true";
  }

  /** A schema connection; {@code params} (e.g. {@code shared_schema_busy_timeout=1s}) appended. */
  Connection schemaConnection(String params) throws SQLException {
    return DriverManager.getConnection(schemaUrl(schema) + "&" + params);
  }

  /** Every linked database and then the schema database. */
  List<Path> all() {
    List<Path> out = new ArrayList<>(tenants);
    out.add(schema);
    return out;
  }

  static void exec(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }

  /** Runs {@code sql} on {@code file} through plain sqlite-jdbc: behind sharedschema's back. */
  static void exec(Path file, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
      exec(c, sql);
    }
  }

  /** The first column of every row, read through plain sqlite-jdbc without creating the file. */
  static List<String> column(Path file, String sql) throws SQLException {
    assertThat(file).as("read " + file).isRegularFile();
    List<String> out = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file + "?open_mode=1");
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  static boolean hasTag(Path db) throws SQLException {
    return column(db, "SELECT name FROM pragma_table_info('notes')").contains("tag");
  }

  /** How many times {@code job} is recorded as applied in a linked database. */
  static int applied(Path db, long job) throws SQLException {
    return Integer.parseInt(
        column(db, "SELECT count(*) FROM _sharedschema_applied WHERE job_id = " + job).get(0));
  }

  static int tenantRows(Path db) throws SQLException {
    return Integer.parseInt(
        column(db, "SELECT count(*) FROM notes WHERE body LIKE 'row %'").get(0));
  }

  /**
   * {@link #MIGRATION} (job {@code job}) is nowhere: not in a linked database, not in the schema.
   */
  void assertNotApplied(long job) throws SQLException {
    for (Path db : all()) {
      assertThat(hasTag(db)).as("column tag in " + db).isFalse();
      assertThat(column(db, "SELECT name FROM sqlite_master WHERE name = 'notes_body'"))
          .as("index in " + db)
          .isEmpty();
    }
    for (Path db : tenants) {
      assertThat(applied(db, job)).as("applied rows in " + db).isZero();
      assertThat(tenantRows(db)).as("tenant rows of " + db).isEqualTo(TENANT_ROWS);
    }
  }

  /** {@link #MIGRATION} (job {@code job}) is in every database of {@code dbs}, exactly once. */
  static void assertAppliedOnce(long job, List<Path> linked, Path schema) throws SQLException {
    for (Path db : linked) {
      assertThat(hasTag(db)).as("column tag in " + db).isTrue();
      assertThat(applied(db, job)).as("applied rows of job " + job + " in " + db).isEqualTo(1);
      assertThat(tenantRows(db)).as("tenant rows of " + db).isEqualTo(TENANT_ROWS);
    }
    assertThat(hasTag(schema)).as("column tag in the schema database").isTrue();
  }

  void assertAppliedOnce(long job) throws SQLException {
    assertAppliedOnce(job, tenants, schema);
  }
}
