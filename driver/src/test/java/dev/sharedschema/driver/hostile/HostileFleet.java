package dev.sharedschema.driver.hostile;

import dev.sharedschema.driver.Drift;
import dev.sharedschema.driver.SharedSchema;
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
 * A schema database and two linked databases made through the driver in a folder of their own, with
 * the base schema every hostile statement is written against.
 */
final class HostileFleet implements AutoCloseable {
  /** The base schema, submitted as one migration. */
  static final String BASE =
      String.join(
          ";\n",
          "CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT)",
          "CREATE TABLE u(a, b)",
          "CREATE TABLE w(x, y)",
          "CREATE TABLE \"END\"(x)",
          "CREATE TABLE [BEGIN](x)",
          "CREATE INDEX t_v ON t(v)",
          "CREATE VIEW tv AS SELECT id, v FROM t",
          "CREATE TRIGGER t_ai AFTER INSERT ON t BEGIN UPDATE u SET b = b + 1; END",
          "INSERT INTO t(v) VALUES ('a'), ('b')",
          "INSERT INTO u VALUES (1, 0)",
          "PRAGMA user_version = 3");

  final Path dir;
  final Path schema;
  final Path registry;
  final List<Path> tenants = new ArrayList<>();
  private final SharedSchema api;

  private HostileFleet(Path dir) throws SQLException {
    this.dir = dir;
    this.schema = dir.resolve("schema.db");
    this.registry = dir.resolve("schema.db.sharedschema");
    try (Connection c = DriverManager.getConnection(schemaUrl())) {
      exec(c, BASE);
    }
    for (int i = 1; i <= 2; i++) {
      Path t = dir.resolve("t" + i + ".db");
      DriverManager.getConnection(linkedUrl(t)).close();
      tenants.add(t);
    }
    this.api = SharedSchema.open(schema);
  }

  /** A new fleet in a new sub-folder of {@code parent}. */
  static HostileFleet create(Path parent, String name) throws Exception {
    return new HostileFleet(Files.createDirectories(parent.resolve(name)));
  }

  String schemaUrl() {
    return "jdbc:sharedschema:sqlite:" + schema + "?shared_schema=true";
  }

  String linkedUrl(Path db) {
    return "jdbc:sharedschema:sqlite:" + db + "?shared_schema_name=" + schema;
  }

  Path linked() {
    return tenants.get(0);
  }

  long jobs() throws SQLException {
    return Long.parseLong(rawColumn(registry, "SELECT count(*) FROM _sharedschema_jobs").get(0));
  }

  List<Drift> check() throws SQLException {
    return api.check();
  }

  /**
   * What the propagation guarantee is about: no drift, and every linked database's user_version
   * equal to the schema database's. Empty when it holds.
   */
  List<String> violations() throws SQLException {
    List<String> out = new ArrayList<>();
    for (Drift d : check()) {
      out.add("drift " + d.database().getFileName() + ": " + d.differences());
    }
    String expected = header(schema);
    for (Path t : tenants) {
      String got = header(t);
      if (!got.equals(expected)) {
        out.add(t.getFileName() + " header " + got + " but schema database " + expected);
      }
    }
    return out;
  }

  /** user_version and application_id. */
  static String header(Path db) throws SQLException {
    return rawColumn(db, "SELECT (SELECT user_version FROM pragma_user_version)")
        + "/"
        + rawColumn(db, "SELECT (SELECT application_id FROM pragma_application_id)");
  }

  /** The schema of {@code db} (sqlite_master and header), read with plain sqlite-jdbc. */
  static String schemaOf(Path db) throws SQLException {
    return header(db)
        + rawColumn(
            db,
            "SELECT type || ' ' || name || ' ' || ifnull(sql, '') FROM sqlite_master"
                + " WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY type, name");
  }

  /** The rows of the base tables, read with plain sqlite-jdbc. */
  static String dataOf(Path db) throws SQLException {
    return rawColumn(
            db,
            "SELECT (SELECT group_concat(id || ':' || ifnull(v, ''), ',') FROM t) || '|'"
                + " || (SELECT group_concat(ifnull(a, '') || ':' || ifnull(b, ''), ',') FROM u)"
                + " || '|' || (SELECT count(*) FROM w) || '|' || (SELECT count(*) FROM \"END\")"
                + " || '|' || (SELECT count(*) FROM [BEGIN])")
        .toString();
  }

  static void exec(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }

  static List<String> column(Connection c, String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  static List<String> rawColumn(Path file, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file + "?open_mode=1")) {
      return column(c, sql);
    }
  }

  @Override
  public void close() {
    api.close();
  }
}
