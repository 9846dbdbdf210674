package dev.sharedschema.driver;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** A schema database and N linked databases made through the driver, in a temp directory. */
final class TestFleet {
  final Path dir;
  final Path schema;
  final List<Path> tenants = new ArrayList<>();
  private int setupJobs;

  private TestFleet(Path dir) {
    this.dir = dir;
    this.schema = dir.resolve("schema.db");
  }

  static TestFleet create(Path dir, int n, String... ddl) throws SQLException {
    TestFleet f = new TestFleet(dir);
    try (Connection c = Sql.open(Sql.schemaUrl(f.schema))) {
      for (String sql : ddl) {
        Sql.exec(c, sql);
      }
    }
    f.setupJobs = f.totalJobs();
    for (int i = 1; i <= n; i++) {
      Path t = dir.resolve("t" + i + ".db");
      Sql.open(Sql.linkedUrl(t, f.schema)).close();
      f.tenants.add(t);
    }
    return f;
  }

  Connection schemaConnection() throws SQLException {
    return Sql.open(Sql.schemaUrl(schema));
  }

  Connection schemaConnection(String params) throws SQLException {
    return Sql.open(Sql.schemaUrl(schema) + "&" + params);
  }

  /** Every linked database and then the schema database. */
  List<Path> all() {
    List<Path> out = new ArrayList<>(tenants);
    out.add(schema);
    return out;
  }

  /** The number of jobs made since the fleet was set up (its DDL is a job per statement). */
  int jobCount() throws SQLException {
    return totalJobs() - setupJobs;
  }

  /** The id of the newest job. */
  long lastJob() throws SQLException {
    return Long.parseLong(
        Sql.rawColumn(
                dir.resolve("schema.db.sharedschema"), "SELECT max(id) FROM _sharedschema_jobs")
            .get(0));
  }

  private int totalJobs() throws SQLException {
    return Integer.parseInt(
        Sql.rawColumn(
                dir.resolve("schema.db.sharedschema"), "SELECT count(*) FROM _sharedschema_jobs")
            .get(0));
  }

  static boolean hasColumn(Path db, String table, String column) throws SQLException {
    return Sql.rawColumn(db, "SELECT name FROM pragma_table_info('" + table + "')")
        .contains(column);
  }

  static boolean hasTable(Path db, String table) throws SQLException {
    return !Sql.rawColumn(
            db, "SELECT name FROM sqlite_master WHERE type = 'table' AND name = '" + table + "'")
        .isEmpty();
  }
}
