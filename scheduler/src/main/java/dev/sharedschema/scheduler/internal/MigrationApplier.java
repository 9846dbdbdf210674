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
   * Sets the migration's session pragmas. Call before {@code BEGIN}: {@code foreign_keys} is a no-op
   * inside a transaction.
   */
  public static void setSessionPragmas(Connection c, Migration m) throws SQLException {
    if (m.sessionPragmas().isEmpty()) {
      return;
    }
    try (Statement st = c.createStatement()) {
      for (var e : m.sessionPragmas().entrySet()) {
        st.execute("PRAGMA " + e.getKey() + " = " + e.getValue());
      }
    }
  }

  /** Applies every statement; throws {@link StatementFailedException} naming the first that fails. */
  public static void apply(Connection c, Migration m) throws SQLException {
    int n = 0;
    for (MigrationStatement s : m.statements()) {
      n++;
      try (PreparedStatement ps = prepare(c, s)) {
        if (ps.execute()) {
          ps.getResultSet().close();
        }
      } catch (SQLException e) {
        throw new StatementFailedException(n, s.sql(), e);
      }
    }
  }

  /** Applies every statement and keeps what each returned (update count, rows, last rowid). */
  public static List<StatementResult> applyCapturing(Connection c, Migration m) throws SQLException {
    List<StatementResult> results = new ArrayList<>(m.statements().size());
    int n = 0;
    try (Statement rowid = c.createStatement()) {
      for (MigrationStatement s : m.statements()) {
        n++;
        try (PreparedStatement ps = prepare(c, s)) {
          List<String> columns = List.of();
          List<List<Object>> rows = List.of();
          long count;
          if (ps.execute()) {
            try (ResultSet rs = ps.getResultSet()) {
              columns = columns(rs.getMetaData());
              rows = rows(rs, columns.size());
            }
            count = -1;
          } else {
            count = ps.getUpdateCount();
          }
          long last;
          try (ResultSet rs = rowid.executeQuery("SELECT last_insert_rowid(), changes()")) {
            rs.next();
            last = rs.getLong(1);
            if (count == -1 && !columns.isEmpty() && isDataChange(s.sql())) {
              count = rs.getLong(2);
            }
          }
          results.add(new StatementResult(count, columns, rows, last));
        } catch (SQLException e) {
          throw new StatementFailedException(n, s.sql(), e);
        }
      }
    }
    return results;
  }

  /** A {@code … RETURNING} statement both returns rows and changes them; the caller may ask for either. */
  private static boolean isDataChange(String sql) {
    String head = sql.stripLeading().toLowerCase(java.util.Locale.ROOT);
    return head.startsWith("insert") || head.startsWith("update") || head.startsWith("delete")
        || head.startsWith("replace") || head.startsWith("with");
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
        row.add(v instanceof Integer n ? Long.valueOf(n) : v instanceof Float f ? Double.valueOf(f) : v);
      }
      out.add(row);
    }
    return out;
  }
}
