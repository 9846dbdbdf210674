package dev.sharedschema.driver.internal;

import dev.sharedschema.driver.internal.jdbc.SqlGate;
import dev.sharedschema.parser.ClassifiedSql;
import dev.sharedschema.parser.SqlClassifier;
import dev.sharedschema.parser.SqlStatement;
import java.sql.SQLException;

/**
 * A gate that lets reads through on a cache lookup and a field read, and judges every statement of
 * any other text by its role's rules.
 */
abstract class RoleGate implements SqlGate {
  private final SqlClassifier classifier;

  RoleGate(SqlClassifier classifier) {
    this.classifier = classifier;
  }

  @Override
  public final void check(String sql) throws SQLException {
    ClassifiedSql classified = classifier.classify(sql);
    if (classified.allReads()) {
      if (classified.statements().isEmpty()) {
        throw noStatement(sql);
      }
      return;
    }
    for (SqlStatement s : classified.statements()) {
      check(s);
    }
  }

  /**
   * A text of only comments and whitespace never reaches sqlite-jdbc: 3.54.1.0 prepares it as a
   * statement without a handle, fails with "The prepared statement has been finalized", and leaves
   * the connection unable to prepare the next such text (an unchecked IllegalStateException) or to
   * close cleanly.
   */
  private static SQLException noStatement(String sql) {
    String shown = sql.strip();
    if (shown.length() > 80) {
      shown = shown.substring(0, 80) + "…";
    }
    return new SQLException(
        "the SQL text holds no statement, only comments or whitespace ("
            + shown
            + "): there is nothing to run; send a statement",
        "42000");
  }

  /** Throws when the role refuses {@code statement}. */
  abstract void check(SqlStatement statement) throws SQLException;
}
