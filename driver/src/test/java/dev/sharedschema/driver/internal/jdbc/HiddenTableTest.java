package dev.sharedschema.driver.internal.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** DatabaseMetaData never lists our objects; each call is compared with plain sqlite-jdbc's. */
class HiddenTableTest {
  private static final String OURS = "_sharedschema_applied";
  private static final Set<String> NAME_COLUMNS =
      Set.of("TABLE_NAME", "PKTABLE_NAME", "FKTABLE_NAME", "INDEX_NAME");

  @TempDir Path dir;
  Connection raw;
  Connection conn;

  @BeforeEach
  void setUp() throws SQLException {
    TestDatabase db = new TestDatabase(dir);
    db.run(
        "create table parent(id integer primary key, code text unique)",
        "create table child(id integer primary key, parent_id integer references parent(id),"
            + " name text unique)",
        "create index child_parent on child(parent_id)",
        "create table "
            + OURS
            + "(registry_id text not null, job_id integer not null,"
            + " parent_id integer references parent(id), state text unique,"
            + " primary key (registry_id, job_id))",
        "create index _sharedschema_applied_state on " + OURS + "(state)",
        "create table _SharedSchema_Other(id integer primary key,"
            + " child_id integer references child(id))");
    raw = db.raw();
    conn = db.open();
  }

  @AfterEach
  void tearDown() throws SQLException {
    conn.close();
    raw.close();
  }

  interface MetaCall {
    ResultSet run(DatabaseMetaData meta) throws SQLException;
  }

  /**
   * What plain sqlite-jdbc answers, asserted so the comparison means something: rows of ours (the
   * call exercises hiding), only user rows (nothing may be lost), or whatever it likes (stubs that
   * are always empty, and calls whose answer is a sqlite-jdbc quirk).
   */
  enum SqliteLists {
    OURS,
    ONLY_USER_ROWS,
    ANYTHING
  }

  static Stream<Arguments> metaCalls() {
    return Stream.of(
        call("getTables(%)", m -> m.getTables(null, null, "%", null), SqliteLists.OURS),
        call(
            "getTables(%, TABLE)",
            m -> m.getTables(null, null, "%", new String[] {"TABLE"}), SqliteLists.OURS),
        call("getTables(ours)", m -> m.getTables(null, null, OURS, null), SqliteLists.OURS),
        call("getColumns(%, %)", m -> m.getColumns(null, null, "%", "%"), SqliteLists.OURS),
        call("getColumns(ours, %)", m -> m.getColumns(null, null, OURS, "%"), SqliteLists.OURS),
        call("getPrimaryKeys(ours)", m -> m.getPrimaryKeys(null, null, OURS), SqliteLists.OURS),
        call(
            "getPrimaryKeys(parent)",
            m -> m.getPrimaryKeys(null, null, "parent"),
            SqliteLists.ONLY_USER_ROWS),
        call("getImportedKeys(ours)", m -> m.getImportedKeys(null, null, OURS), SqliteLists.OURS),
        call(
            "getImportedKeys(_SharedSchema_Other)",
            m -> m.getImportedKeys(null, null, "_SharedSchema_Other"),
            SqliteLists.OURS),
        call(
            "getImportedKeys(child)",
            m -> m.getImportedKeys(null, null, "child"),
            SqliteLists.ONLY_USER_ROWS),
        call(
            "getExportedKeys(parent)",
            m -> m.getExportedKeys(null, null, "parent"),
            SqliteLists.OURS),
        call(
            "getExportedKeys(child)",
            m -> m.getExportedKeys(null, null, "child"),
            SqliteLists.OURS),
        call(
            "getCrossReference(parent, ours)",
            m -> m.getCrossReference(null, null, "parent", null, null, OURS),
            SqliteLists.ANYTHING),
        call(
            "getCrossReference(parent, child)",
            m -> m.getCrossReference(null, null, "parent", null, null, "child"),
            SqliteLists.ANYTHING),
        // sqlite-jdbc 3.54 answers a null parent table with getExportedKeys(foreign table).
        call(
            "getCrossReference(null, parent)",
            m -> m.getCrossReference(null, null, null, null, null, "parent"),
            SqliteLists.ANYTHING),
        call(
            "getIndexInfo(ours)",
            m -> m.getIndexInfo(null, null, OURS, false, false),
            SqliteLists.OURS),
        call(
            "getIndexInfo(child)",
            m -> m.getIndexInfo(null, null, "child", false, false),
            SqliteLists.ONLY_USER_ROWS),
        call(
            "getBestRowIdentifier(ours)",
            m -> m.getBestRowIdentifier(null, null, OURS, DatabaseMetaData.bestRowSession, true),
            SqliteLists.ANYTHING),
        call(
            "getVersionColumns(ours)",
            m -> m.getVersionColumns(null, null, OURS),
            SqliteLists.ANYTHING),
        call(
            "getTablePrivileges(%)",
            m -> m.getTablePrivileges(null, null, "%"), SqliteLists.ANYTHING),
        call(
            "getColumnPrivileges(ours, %)",
            m -> m.getColumnPrivileges(null, null, OURS, "%"), SqliteLists.ANYTHING),
        call("getTableTypes()", DatabaseMetaData::getTableTypes, SqliteLists.ONLY_USER_ROWS),
        call("getTypeInfo()", DatabaseMetaData::getTypeInfo, SqliteLists.ONLY_USER_ROWS));
  }

  private static Arguments call(String name, MetaCall call, SqliteLists sqliteLists) {
    return Arguments.of(name, call, sqliteLists);
  }

  record Rows(List<String> labels, List<List<String>> values) {
    static Rows of(ResultSet rs) throws SQLException {
      ResultSetMetaData meta = rs.getMetaData();
      List<String> labels = new ArrayList<>();
      for (int i = 1; i <= meta.getColumnCount(); i++) {
        labels.add(meta.getColumnLabel(i));
      }
      return new Rows(labels, TestDatabase.rows(rs));
    }

    Rows withoutOurs() {
      return new Rows(labels, values.stream().filter(row -> !isOurs(row)).toList());
    }

    boolean isOurs(List<String> row) {
      for (int i = 0; i < labels.size(); i++) {
        String value = row.get(i);
        if (NAME_COLUMNS.contains(labels.get(i).toUpperCase(Locale.ROOT))
            && value != null
            && (value.toLowerCase(Locale.ROOT).startsWith("_sharedschema")
                || value.toLowerCase(Locale.ROOT).startsWith("sqlite_autoindex__sharedschema"))) {
          return true;
        }
      }
      return false;
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("metaCalls")
  void listsWhatSqliteListsExceptOurObjects(String name, MetaCall call, SqliteLists sqliteLists)
      throws SQLException {
    Rows plain = Rows.of(call.run(raw.getMetaData()));
    ResultSet rs = call.run(conn.getMetaData());
    assertThat(rs.getStatement()).isNull();
    Rows wrapped = Rows.of(rs);

    assertThat(wrapped.labels()).isEqualTo(plain.labels());
    assertThat(wrapped.values()).isEqualTo(plain.withoutOurs().values());
    assertThat(wrapped.values()).noneMatch(wrapped::isOurs);
    if (sqliteLists == SqliteLists.OURS) {
      assertThat(plain.values()).anyMatch(plain::isOurs);
    } else if (sqliteLists == SqliteLists.ONLY_USER_ROWS) {
      assertThat(plain.values()).isNotEmpty().noneMatch(plain::isOurs);
    }
  }

  @Test
  void tablesListUserTablesAndIndexesButNotOurs() throws SQLException {
    List<String> names = new ArrayList<>();
    try (ResultSet rs = conn.getMetaData().getTables(null, null, "%", null)) {
      while (rs.next()) {
        names.add(rs.getString("TABLE_NAME"));
      }
    }
    assertThat(names).contains("parent", "child", "sqlite_autoindex_child_1");
    assertThat(names)
        .doesNotContain(OURS, "_SharedSchema_Other", "sqlite_autoindex__sharedschema_applied_1");
  }

  @Test
  void columnsOfUserTablesAreListed() throws SQLException {
    List<String> columns = new ArrayList<>();
    try (ResultSet rs = conn.getMetaData().getColumns(null, null, "%", "%")) {
      while (rs.next()) {
        columns.add(rs.getString("TABLE_NAME") + "." + rs.getString("COLUMN_NAME"));
      }
    }
    assertThat(columns).contains("parent.id", "parent.code", "child.parent_id", "child.name");
    assertThat(columns).noneMatch(c -> c.toLowerCase(Locale.ROOT).startsWith("_sharedschema"));
  }

  @Test
  void exportedKeysListUserReferencesButNotOurs() throws SQLException {
    List<String> referencing = new ArrayList<>();
    try (ResultSet rs = conn.getMetaData().getExportedKeys(null, null, "parent")) {
      while (rs.next()) {
        referencing.add(rs.getString("FKTABLE_NAME"));
      }
    }
    assertThat(referencing).containsExactly("child");
  }

  @Test
  void directSqliteMasterQueriesAreNotFiltered() throws SQLException {
    List<String> names = new ArrayList<>();
    try (Statement s = conn.createStatement();
        ResultSet rs = s.executeQuery("select name from sqlite_master where type = 'table'")) {
      while (rs.next()) {
        names.add(rs.getString(1));
      }
    }
    assertThat(names).contains(OURS, "parent");
  }

  @ParameterizedTest(name = "{0} hidden={1}")
  @CsvSource({
    "_sharedschema_applied, true",
    "_SHAREDSCHEMA_JOBS, true",
    "_sharedschema, true",
    "sqlite_autoindex__sharedschema_applied_1, true",
    "SQLITE_AUTOINDEX__SharedSchema_applied_2, true",
    "sharedschema_applied, false",
    "x_sharedschema, false",
    "_sharedschem, false",
    "sqlite_autoindex_child_1, false",
    "sqlite_autoindex_sharedschema_1, false",
    "parent, false"
  })
  void recognisesOurNamesInAnyCase(String name, boolean hidden) {
    assertThat(HidingResultSet.isHidden(name)).isEqualTo(hidden);
  }

  @Test
  void nullNameIsNotOurs() {
    assertThat(HidingResultSet.isHidden(null)).isFalse();
  }
}
