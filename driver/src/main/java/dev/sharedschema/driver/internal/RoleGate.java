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
      return;
    }
    for (SqlStatement s : classified.statements()) {
      check(s);
    }
  }

  /** Throws when the role refuses {@code statement}. */
  abstract void check(SqlStatement statement) throws SQLException;
}
