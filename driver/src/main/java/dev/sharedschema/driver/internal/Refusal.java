package dev.sharedschema.driver.internal;

import dev.sharedschema.parser.SqlStatement;
import java.sql.SQLException;

/**
 * Builds the SQLException for a statement a connection's role refuses: what, where, what instead.
 */
public final class Refusal {
  private static final int SHOWN_CHARS = 200;

  private Refusal() {}

  static SQLException of(
      String state, String database, SqlStatement statement, String why, String instead) {
    return new SQLException(
        "statement "
            + statement.number()
            + " ("
            + excerpt(statement.sql())
            + ") refused on "
            + database
            + ": "
            + why
            + ". "
            + instead,
        state);
  }

  public static String excerpt(String sql) {
    String oneLine = sql.strip().replaceAll("\\s+", " ");
    return oneLine.length() <= SHOWN_CHARS ? oneLine : oneLine.substring(0, SHOWN_CHARS) + "…";
  }
}
