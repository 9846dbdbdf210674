package dev.sharedschema.scheduler.internal;

import dev.sharedschema.scheduler.Migration;
import dev.sharedschema.scheduler.MigrationStatement;
import dev.sharedschema.scheduler.StatementResult;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Applies a migration's statements on one open connection, inside the caller's transaction. */
public final class MigrationApplier {
  private MigrationApplier() {}

  /**
   * Sets the migration's session pragmas. Call before {@code BEGIN}: {@code foreign_keys} is a
   * no-op inside a transaction.
   */
  public static void setSessionPragmas(Connection c, Migration m) throws SQLException {
    setSessionPragmas(c, m, false);
  }

  /**
   * As above; with {@code reset}, the session pragmas the migration does not set are set back to
   * off, for a connection that applied another migration before (a catch-up of several jobs).
   */
  public static void setSessionPragmas(Connection c, Migration m, boolean reset)
      throws SQLException {
    if (m.sessionPragmas().isEmpty() && !reset) {
      return;
    }
    try (Statement st = c.createStatement()) {
      for (String name : Migration.SESSION_PRAGMAS) {
        String value = m.sessionPragmas().get(name);
        if (value != null || reset) {
          st.execute("PRAGMA " + name + " = " + (value == null ? "0" : value));
        }
      }
    }
  }

  /**
   * True when {@code m} may attach a database ({@code shared_schema_allow_attach}): its statements
   * are then followed by {@link #detachAll}, since an attachment outlives the transaction that made
   * it, and a connection kept for the run would meet it again.
   */
  public static boolean mayAttach(Migration m) {
    for (MigrationStatement s : m.statements()) {
      if (s.sql().toLowerCase(java.util.Locale.ROOT).contains("attach")) {
        return true;
      }
    }
    return false;
  }

  /** Detaches every database but {@code main} and {@code temp}; call outside a transaction. */
  public static void detachAll(Connection c) throws SQLException {
    List<String> names = new ArrayList<>();
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT name FROM pragma_database_list WHERE seq > 1")) {
      while (rs.next()) {
        names.add(rs.getString(1));
      }
    }
    for (String name : names) {
      try (PreparedStatement ps = c.prepareStatement("DETACH DATABASE ?")) {
        ps.setString(1, name);
        ps.execute();
      }
    }
  }

  /**
   * Applies every statement (the schema database's dry run); throws {@link
   * StatementFailedException} naming the first that fails.
   */
  public static void apply(Connection c, Migration m) throws SQLException {
    apply(c, m, false);
  }

  /**
   * Applies the statements meant for linked databases, skipping {@linkplain
   * MigrationStatement#schemaOnly() schema-only} ones; statement numbers in errors still count
   * every statement, so they match the migration as submitted.
   */
  public static void applyToLinked(Connection c, Migration m) throws SQLException {
    apply(c, m, true);
  }

  private static void apply(Connection c, Migration m, boolean linked) throws SQLException {
    int n = 0;
    for (MigrationStatement s : m.statements()) {
      n++;
      if (linked && s.schemaOnly()) {
        continue;
      }
      try (PreparedStatement ps = prepare(c, s)) {
        if (ps.execute()) {
          ps.getResultSet().close();
        }
      } catch (SQLException e) {
        throw new StatementFailedException(n, s.sql(), e);
      }
    }
  }

  /**
   * Applies every statement and keeps what each returned (update count, rows, last rowid). The
   * count is SQLite's {@code changes()} when the statement changed rows and 0 otherwise: a DDL
   * statement leaves {@code changes()} at the previous statement's value.
   */
  public static List<StatementResult> applyCapturing(Connection c, Migration m)
      throws SQLException {
    List<StatementResult> results = new ArrayList<>(m.statements().size());
    int n = 0;
    try (Statement probe = c.createStatement()) {
      long total = totalChanges(probe);
      for (MigrationStatement s : m.statements()) {
        n++;
        try (PreparedStatement ps = prepare(c, s)) {
          List<String> columns = List.of();
          List<List<Object>> rows = List.of();
          if (ps.execute()) {
            try (ResultSet rs = ps.getResultSet()) {
              columns = columns(rs.getMetaData());
              rows = rows(rs, columns.size());
            }
          }
          long count;
          long last;
          try (ResultSet rs =
              probe.executeQuery("SELECT changes(), total_changes(), last_insert_rowid()")) {
            rs.next();
            long after = rs.getLong(2);
            count = after == total ? 0 : rs.getLong(1);
            total = after;
            last = rs.getLong(3);
          }
          results.add(new StatementResult(count, columns, rows, last));
        } catch (SQLException e) {
          throw new StatementFailedException(n, s.sql(), e);
        }
      }
    }
    return results;
  }

  private static long totalChanges(Statement probe) throws SQLException {
    try (ResultSet rs = probe.executeQuery("SELECT total_changes()")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static PreparedStatement prepare(Connection c, MigrationStatement s) throws SQLException {
    PreparedStatement ps = c.prepareStatement(s.sql());
    int i = 1;
    for (Object p : s.parameters()) {
      if (p == null) {
        ps.setNull(i, java.sql.Types.NULL);
      } else if (p instanceof Long l) {
        ps.setLong(i, l);
      } else if (p instanceof Double d) {
        ps.setDouble(i, d);
      } else if (p instanceof String t) {
        ps.setString(i, t);
      } else {
        ps.setBytes(i, (byte[]) p);
      }
      i++;
    }
    return ps;
  }

  private static List<String> columns(ResultSetMetaData md) throws SQLException {
    List<String> out = new ArrayList<>(md.getColumnCount());
    for (int i = 1; i <= md.getColumnCount(); i++) {
      out.add(md.getColumnLabel(i));
    }
    return out;
  }

  private static List<List<Object>> rows(ResultSet rs, int width) throws SQLException {
    List<List<Object>> out = new ArrayList<>();
    while (rs.next()) {
      List<Object> row = new ArrayList<>(width);
      for (int i = 1; i <= width; i++) {
        Object v = rs.getObject(i);
        row.add(
            v instanceof Integer n
                ? Long.valueOf(n)
                : v instanceof Float f ? Double.valueOf(f) : v);
      }
      out.add(row);
    }
    return out;
  }
}
