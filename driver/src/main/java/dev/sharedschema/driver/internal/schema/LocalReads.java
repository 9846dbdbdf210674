package dev.sharedschema.driver.internal.schema;

import dev.sharedschema.parser.SqlClassifier;
import dev.sharedschema.parser.SqlStatement;
import dev.sharedschema.parser.StatementKind;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which table listed in {@code shared_schema_local_tables} a propagated write reads: named in the
 * statement ({@code INSERT INTO t SELECT … FROM lock}), or reached through the views, triggers and
 * foreign-key actions of the schema database's current schema. Each linked database would read its
 * own stale copy of that table, so such a write is refused. The schema is read through the schema
 * connection (its TEMP triggers and its open transaction's changes count) and read again only when
 * its {@code schema_version} changes; with no local tables nothing is read at all.
 */
public final class LocalReads {
  private static final String VERSIONS =
      "SELECT (SELECT schema_version FROM main.pragma_schema_version),"
          + " (SELECT schema_version FROM temp.pragma_schema_version)";

  private final LocalTables tables;
  private final Set<String> localNames;
  private final SqlClassifier classifier;
  private final Connection schema;
  private long mainVersion = -1;
  private long tempVersion = -1;
  private ReachGraph graph;

  /**
   * @param schema the schema connection, to resolve views and triggers; {@code null} to look at the
   *     statement's own text only
   */
  public LocalReads(LocalTables tables, SqlClassifier classifier, Connection schema) {
    this.tables = tables;
    this.localNames = tables.names();
    this.classifier = classifier;
    this.schema = schema;
  }

  /**
   * How {@code s} reads a local table ("lock", or "lock through view v"); {@code null} when it
   * reads none or is not propagated data (a write to a local table itself may read anything).
   */
  public String of(SqlStatement s) throws SQLException {
    if (tables.isEmpty() || !readsRows(s) || tables.isLocalWrite(s)) {
      return null;
    }
    Set<String> named = tables.localTablesReadBy(s, classifier);
    if (!named.isEmpty()) {
      return String.join(", ", named);
    }
    if (schema == null) {
      return null;
    }
    ReachGraph g = graph();
    Set<String> from = new HashSet<>();
    for (String name : SqlNames.of(s.sql())) {
      if (g.leadsSomewhere(name) && !localNames.contains(name)) {
        from.add(name);
      }
    }
    List<String> path = from.isEmpty() ? null : g.path(from, localNames);
    if (path == null) {
      return null;
    }
    String table = path.get(path.size() - 1);
    return table + " through " + String.join(" → ", path.subList(0, path.size() - 1));
  }

  /** Data writes, and {@code CREATE TABLE … AS SELECT}: the statements whose result is rows. */
  private static boolean readsRows(SqlStatement s) {
    if (s.kind() == StatementKind.DATA_WRITE) {
      return true;
    }
    if (s.kind() != StatementKind.SCHEMA_CHANGE || s.pragma() != null) {
      return false;
    }
    Set<String> words = SqlNames.of(s.sql());
    return words.contains("create") && words.contains("table") && words.contains("select");
  }

  private ReachGraph graph() throws SQLException {
    long main;
    long temp;
    try (Statement st = schema.createStatement();
        ResultSet rs = st.executeQuery(VERSIONS)) {
      rs.next();
      main = rs.getLong(1);
      temp = rs.getLong(2);
    }
    if (graph == null || main != mainVersion || temp != tempVersion) {
      graph = ReachGraph.read(schema);
      mainVersion = main;
      tempVersion = temp;
    }
    return graph;
  }
}
