package dev.sharedschema.driver.internal.jdbc;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** A gate that records every text it sees and refuses those containing {@value #FORBIDDEN}. */
final class RecordingGate implements SqlGate {
  static final String FORBIDDEN = "forbidden";
  static final String REFUSED = "42000";

  final List<String> checked = new ArrayList<>();

  @Override
  public void check(String sql) throws SQLException {
    checked.add(sql);
    if (sql.contains(FORBIDDEN)) {
      throw new SQLException("refused by test gate: " + sql, REFUSED);
    }
  }
}
