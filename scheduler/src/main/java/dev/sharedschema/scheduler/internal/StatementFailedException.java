package dev.sharedschema.scheduler.internal;

import java.sql.SQLException;

/**
 * A statement of a migration failed on one database; keeps its 1-based number and SQLite's error.
 */
public final class StatementFailedException extends SQLException {
  private static final long serialVersionUID = 1L;
  private final int statement;

  StatementFailedException(int statement, String sql, SQLException cause) {
    super(
        "statement " + statement + " (" + sql + "): " + cause.getMessage(),
        cause.getSQLState(),
        cause.getErrorCode(),
        cause);
    this.statement = statement;
  }

  /** 1-based number of the failing statement. */
  public int statement() {
    return statement;
  }
}
