package dev.sharedschema.driver.internal.jdbc;

import dev.sharedschema.scheduler.StatementResult;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.List;

/**
 * Hands back rows a migration produced on the schema database (RETURNING rows, generated keys) as a
 * real sqlite-jdbc result set: the values are written into a {@code SELECT … FROM (VALUES …)} run
 * on the user's own connection. It reads no table, so it takes no lock, and every getter behaves as
 * on any sqlite-jdbc result set.
 */
final class ResultMaterializer {
  private ResultMaterializer() {}

  /**
   * A statement whose result set holds {@code result}'s rows under its column names; close it when
   * done.
   */
  static PreparedStatement rows(Connection c, StatementResult result) throws SQLException {
    return c.prepareStatement(select(result.columns(), result.rows()));
  }

  /** sqlite-jdbc's generated-keys shape: one column {@code last_insert_rowid()}. */
  static PreparedStatement generatedKey(Connection c, long rowid) throws SQLException {
    return c.prepareStatement(select(List.of("last_insert_rowid()"), List.of(List.of(rowid))));
  }

  private static String select(List<String> columns, List<List<Object>> rows) {
    StringBuilder sql = new StringBuilder("SELECT ");
    for (int i = 0; i < columns.size(); i++) {
      if (i > 0) {
        sql.append(", ");
      }
      sql.append(rows.isEmpty() ? "NULL" : "column" + (i + 1))
          .append(" AS ")
          .append(quote(columns.get(i)));
    }
    if (rows.isEmpty()) {
      return sql.append(" LIMIT 0").toString();
    }
    sql.append(" FROM (VALUES ");
    for (int r = 0; r < rows.size(); r++) {
      sql.append(r == 0 ? "(" : ", (");
      List<Object> row = rows.get(r);
      for (int i = 0; i < row.size(); i++) {
        if (i > 0) {
          sql.append(", ");
        }
        literal(sql, row.get(i));
      }
      sql.append(')');
    }
    return sql.append(')').toString();
  }

  /** Literals, not parameters: SQLite caps parameters per statement, not text length. */
  private static void literal(StringBuilder sql, Object v) {
    if (v == null) {
      sql.append("NULL");
    } else if (v instanceof Long l) {
      sql.append(l);
    } else if (v instanceof Double d) {
      if (d.isNaN()) {
        sql.append("NULL");
      } else if (d.isInfinite()) {
        sql.append(d > 0 ? "9e999" : "-9e999");
      } else {
        // Double.toString round-trips exactly and always has a '.' or an exponent: SQLite reads a
        // REAL.
        sql.append(d);
      }
    } else if (v instanceof byte[] b) {
      sql.append("x'").append(HexFormat.of().formatHex(b)).append('\'');
    } else {
      sql.append('\'').append(v.toString().replace("'", "''")).append('\'');
    }
  }

  private static String quote(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }
}
