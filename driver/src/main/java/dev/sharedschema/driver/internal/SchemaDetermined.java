package dev.sharedschema.driver.internal;

import dev.sharedschema.parser.ClassifiedSql;
import dev.sharedschema.parser.SqlClassifier;
import dev.sharedschema.scheduler.MigrationStatement;
import java.util.List;

/**
 * Whether a migration's outcome depends only on the schema (every statement {@linkplain
 * dev.sharedschema.parser.SqlStatement#schemaDetermined() schema-determined}, none with
 * parameters): the scheduler may then prove a linked database's dry run from the schema database's
 * when their schemas are identical.
 */
public final class SchemaDetermined {
  private SchemaDetermined() {}

  public static boolean all(List<MigrationStatement> statements) {
    for (MigrationStatement s : statements) {
      if (!s.parameters().isEmpty()) {
        return false;
      }
      ClassifiedSql c = SqlClassifier.shared().classify(s.sql());
      if (c.statements().size() != 1 || !c.statements().get(0).schemaDetermined()) {
        return false;
      }
    }
    return true;
  }
}
