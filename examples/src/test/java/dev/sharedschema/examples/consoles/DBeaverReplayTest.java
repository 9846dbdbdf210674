package dev.sharedschema.examples.consoles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replays what DBeaver (driver type SQLite) sends through the driver when it is set up as described
 * in docs/dbeaver.md: navigator metadata, {@code sqlite_master} reads, a separate metadata
 * connection, and its column-drop recipe.
 *
 * <p>The column-drop statements mirror DBeaver's {@code SQLiteUtils.createTableAlterActions} (used
 * by {@code SQLiteTableColumnManager} since DBeaver 24.0.2): {@code CREATE TEMPORARY TABLE temp AS
 * SELECT <kept columns> FROM t}, {@code DROP TABLE t;}, the regenerated {@code CREATE TABLE t
 * (...)} without the column, {@code INSERT INTO t (<kept>) SELECT <kept> FROM temp}, {@code DROP
 * TABLE temp}, each prepared and executed as its own statement. DBeaver generates the {@code CREATE
 * TABLE} text from the table's metadata; the text here is written by hand with the same columns and
 * constraints.
 */
class DBeaverReplayTest {
  static final String DRIVER = "dev.sharedschema.driver.SharedSchemaDriver";
  static final List<String> TENANTS = List.of("t1", "t2", "t3");

  /** DBeaver's statements for "Delete column note" on table item, in order. */
  static final List<String> DROP_NOTE_COLUMN =
      List.of(
          "CREATE TEMPORARY TABLE temp AS\nSELECT\n  id,\n  category_id,\n  name\nFROM item",
          "\nDROP TABLE item;\n",
          "CREATE TABLE item (\n"
              + "\tid INTEGER,\n"
              + "\tcategory_id INTEGER,\n"
              + "\tname TEXT NOT NULL,\n"
              + "\tCONSTRAINT item_PK PRIMARY KEY (id),\n"
              + "\tCONSTRAINT item_category_FK FOREIGN KEY (category_id) REFERENCES category(id)\n"
              + ")",
          "INSERT INTO item\n (id,\n  category_id,\n  name)\nSELECT\n  id,\n  category_id,\n  name\n"
              + "FROM temp",
          "\nDROP TABLE temp");

  @TempDir Path dir;
  Path schema;

  String schemaUrl() {
    return "jdbc:sharedschema:sqlite:" + schema;
  }

  String tenantUrl(String t) {
    return "jdbc:sharedschema:sqlite:" + dir.resolve(t + ".db") + "?shared_schema_name=" + schema;
  }

  /** Schema database with one row of its own in item, three tenants each holding only their own. */
  @BeforeEach
  void fleet() throws Exception {
    Class.forName(DRIVER);
    schema = dir.resolve("schema.db");
    try (Connection c = DriverManager.getConnection(schemaUrl() + "?shared_schema=true");
        Statement st = c.createStatement()) {
      st.executeUpdate("CREATE TABLE category (id INTEGER PRIMARY KEY, title TEXT NOT NULL)");
      st.executeUpdate("CREATE INDEX category_by_title ON category (title)");
      st.executeUpdate(
          "CREATE TABLE item (id INTEGER PRIMARY KEY, category_id INTEGER REFERENCES category(id),"
              + " name TEXT NOT NULL, note TEXT)");
      st.executeUpdate("INSERT INTO category VALUES (1, 'reference')");
      st.executeUpdate("INSERT INTO item VALUES (1, 1, 'schema-row', 'schema-note')");
    }
    for (int i = 0; i < TENANTS.size(); i++) {
      String t = TENANTS.get(i);
      try (Connection c = DriverManager.getConnection(tenantUrl(t));
          Statement st = c.createStatement()) {
        st.executeUpdate("DELETE FROM item");
        for (int r = 0; r <= i; r++) {
          st.executeUpdate(
              "INSERT INTO item VALUES ("
                  + (100 + r)
                  + ", 1, '"
                  + t
                  + "-"
                  + r
                  + "', 'n"
                  + r
                  + "')");
        }
      }
    }
  }

  /** Rows of item, read with plain sqlite-jdbc, as "id|category|name[|note]". */
  static List<String> items(Path db) throws SQLException {
    List<String> cols = columns(db, "item");
    String note = cols.contains("note") ? " || '|' || ifnull(note, '')" : "";
    return query(
        db,
        "SELECT id || '|' || ifnull(category_id, '') || '|' || name"
            + note
            + " FROM item ORDER BY id");
  }

  static List<String> columns(Path db, String table) throws SQLException {
    return query(db, "SELECT name FROM pragma_table_info('" + table + "') ORDER BY cid");
  }

  static List<String> query(Path db, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      return strings(rs, 1);
    }
  }

  static List<String> strings(ResultSet rs, int column) throws SQLException {
    try (rs) {
      List<String> out = new ArrayList<>();
      while (rs.next()) {
        out.add(rs.getString(column));
      }
      return out;
    }
  }

  static List<String> strings(ResultSet rs, String column) throws SQLException {
    return strings(rs, rs.findColumn(column));
  }

  List<String> ownRows(int tenant) {
    List<String> rows = new ArrayList<>();
    for (int r = 0; r <= tenant; r++) {
      rows.add((100 + r) + "|1|" + TENANTS.get(tenant) + "-" + r + "|n" + r);
    }
    return rows;
  }

  /** What DBeaver's navigator reads on connect and when a table node is expanded. */
  static void browse(Connection c) throws SQLException {
    DatabaseMetaData md = c.getMetaData();
    assertThat(md.getDatabaseProductName()).isEqualTo("SQLite");
    assertThat(md.getDatabaseProductVersion()).isNotBlank();
    assertThat(md.getDriverName()).isNotBlank();
    assertThat(md.getConnection()).isSameAs(c);
    strings(md.getCatalogs(), 1);
    strings(md.getSchemas(), 1);
    assertThat(strings(md.getTableTypes(), "TABLE_TYPE")).contains("TABLE");

    assertThat(strings(md.getTables(null, null, null, null), "TABLE_NAME"))
        .contains("category", "item")
        .noneMatch(n -> n.toLowerCase().startsWith("_sharedschema"));
    assertThat(strings(md.getTables(null, null, "%", new String[] {"TABLE"}), "TABLE_NAME"))
        .containsExactlyInAnyOrder("category", "item");
    assertThat(strings(md.getTables(null, null, "_sharedschema_applied", null), "TABLE_NAME"))
        .isEmpty();

    assertThat(strings(md.getColumns(null, null, "%", "%"), "TABLE_NAME"))
        .contains("category", "item")
        .noneMatch(n -> n.toLowerCase().startsWith("_sharedschema"));
    assertThat(strings(md.getColumns(null, null, "item", "%"), "COLUMN_NAME"))
        .containsExactly("id", "category_id", "name", "note");
    assertThat(strings(md.getColumns(null, null, "_sharedschema_applied", "%"), "COLUMN_NAME"))
        .isEmpty();

    assertThat(strings(md.getPrimaryKeys(null, null, "item"), "COLUMN_NAME")).containsExactly("id");

    assertThat(strings(md.getImportedKeys(null, null, "item"), "PKTABLE_NAME"))
        .containsExactly("category");
    assertThat(strings(md.getExportedKeys(null, null, "category"), "FKTABLE_NAME"))
        .containsExactly("item");

    assertThat(strings(md.getIndexInfo(null, null, "category", false, true), "INDEX_NAME"))
        .contains("category_by_title");
    assertThat(strings(md.getIndexInfo(null, null, "_sharedschema_applied", false, true), 1))
        .isEmpty();
  }

  /** DBeaver's own sqlite_master reads: triggers of a table and a table's DDL. */
  static List<String> readMaster(Connection c, String table) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT name as TRIGGER_NAME, tbl_name as OWNER FROM sqlite_master WHERE type='trigger'")) {
      assertThat(strings(ps.executeQuery(), 1)).isEmpty();
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT sql FROM sqlite_master WHERE type=? AND tbl_name=? AND name=?\n"
                + "UNION ALL\n"
                + "SELECT sql FROM sqlite_temp_master WHERE type=? AND tbl_name=? AND name=?\n")) {
      ps.setString(1, "table");
      ps.setString(2, table);
      ps.setString(3, table);
      ps.setString(4, "table");
      ps.setString(5, table);
      ps.setString(6, table);
      return strings(ps.executeQuery(), 1);
    }
  }

  static List<String> masterNames(Connection c) throws SQLException {
    try (Statement st = c.createStatement()) {
      return strings(st.executeQuery("SELECT name FROM sqlite_master WHERE type='table'"), 1);
    }
  }

  @Test
  void navigatorSeesUserTablesAndNeverOurs() throws Exception {
    // DBeaver keeps a main and a separate metadata connection open per data source.
    try (Connection main = DriverManager.getConnection(schemaUrl());
        Connection meta = DriverManager.getConnection(schemaUrl())) {
      browse(meta);
      browse(main);
      assertThat(readMaster(meta, "item")).singleElement().asString().contains("note TEXT");
      assertThat(masterNames(main)).containsExactlyInAnyOrder("category", "item");
      assertThat(main.getMetaData().getURL()).isEqualTo(schemaUrl());
    }
    for (String t : TENANTS) {
      try (Connection main = DriverManager.getConnection(tenantUrl(t));
          Connection meta = DriverManager.getConnection(tenantUrl(t))) {
        browse(meta);
        browse(main);
        assertThat(readMaster(meta, "item")).singleElement().asString().contains("note TEXT");
        // Direct sqlite_master reads of a linked database are not filtered (documented).
        assertThat(masterNames(main)).contains("category", "item", "_sharedschema_applied");
      }
    }
  }

  @Test
  void columnDropInManualCommitKeepsEveryTenantsOwnRows() throws Exception {
    try (Connection main = DriverManager.getConnection(schemaUrl());
        Connection meta = DriverManager.getConnection(schemaUrl())) {
      browse(meta);
      main.setAutoCommit(false); // DBeaver's toolbar: "Manual commit"
      for (String sql : DROP_NOTE_COLUMN) {
        try (PreparedStatement ps = main.prepareStatement(sql)) {
          ps.execute();
        }
      }
      // Uncommitted: the main connection sees the new shape, the metadata connection the old one.
      assertThat(strings(main.getMetaData().getColumns(null, null, "item", "%"), "COLUMN_NAME"))
          .containsExactly("id", "category_id", "name");
      assertThat(strings(meta.getMetaData().getColumns(null, null, "item", "%"), "COLUMN_NAME"))
          .containsExactly("id", "category_id", "name", "note");
      main.commit(); // one migration: the five statements run on every database
      assertThat(strings(meta.getMetaData().getColumns(null, null, "item", "%"), "COLUMN_NAME"))
          .containsExactly("id", "category_id", "name");
      assertThat(strings(meta.getMetaData().getPrimaryKeys(null, null, "item"), "COLUMN_NAME"))
          .containsExactly("id");
      assertThat(strings(meta.getMetaData().getImportedKeys(null, null, "item"), "PKTABLE_NAME"))
          .containsExactly("category");
    }

    assertThat(columns(schema, "item")).containsExactly("id", "category_id", "name");
    assertThat(items(schema)).containsExactly("1|1|schema-row");
    for (int i = 0; i < TENANTS.size(); i++) {
      Path db = dir.resolve(TENANTS.get(i) + ".db");
      assertThat(columns(db, "item")).containsExactly("id", "category_id", "name");
      assertThat(items(db))
          .containsExactlyElementsOf(
              ownRows(i).stream().map(r -> r.substring(0, r.lastIndexOf('|'))).toList());
      assertThat(query(db, "SELECT title FROM category")).containsExactly("reference");
      assertThat(query(db, "SELECT count(*) FROM _sharedschema_applied WHERE state = 'RunSuccess'"))
          .containsExactly("1");
      try (Connection c = DriverManager.getConnection(tenantUrl(TENANTS.get(i)))) {
        assertThat(
                strings(
                    c.getMetaData().getTables(null, null, "%", new String[] {"TABLE"}),
                    "TABLE_NAME"))
            .containsExactlyInAnyOrder("category", "item");
      }
    }
  }

  @Test
  void columnDropInAutocommitIsRefusedBeforeAnythingIsDestroyed() throws Exception {
    List<String> jobsBefore = jobs();
    try (Connection main = DriverManager.getConnection(schemaUrl())) {
      assertThat(main.getAutoCommit()).isTrue(); // DBeaver's default "Auto-commit"
      // DBeaver prepares each statement, then executes it, and stops at the first failure. The
      // refusal comes at prepareStatement, before SQLite sees the text.
      assertThatThrownBy(
              () -> {
                try (PreparedStatement ps = main.prepareStatement(DROP_NOTE_COLUMN.get(0))) {
                  ps.execute();
                }
              })
          .isInstanceOf(SQLException.class)
          .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("0A000"))
          .hasMessageContaining("statement 1")
          .hasMessageContaining("setAutoCommit(false)");
      // A plain Statement is refused the same way.
      try (Statement st = main.createStatement()) {
        assertThatThrownBy(() -> st.execute(DROP_NOTE_COLUMN.get(0)))
            .isInstanceOf(SQLException.class)
            .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("0A000"));
      }
      browse(main);
    }

    assertThat(jobs()).isEqualTo(jobsBefore);
    assertThat(columns(schema, "item")).containsExactly("id", "category_id", "name", "note");
    assertThat(items(schema)).containsExactly("1|1|schema-row|schema-note");
    for (int i = 0; i < TENANTS.size(); i++) {
      Path db = dir.resolve(TENANTS.get(i) + ".db");
      assertThat(columns(db, "item")).containsExactly("id", "category_id", "name", "note");
      assertThat(items(db)).containsExactlyElementsOf(ownRows(i));
    }
  }

  List<String> jobs() throws SQLException {
    return query(dir.resolve("schema.db.sharedschema"), "SELECT count(*) FROM _sharedschema_jobs");
  }
}
