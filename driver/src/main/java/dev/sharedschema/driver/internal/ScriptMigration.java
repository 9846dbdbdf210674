package dev.sharedschema.driver.internal;

import dev.sharedschema.driver.internal.schema.LocalReads;
import dev.sharedschema.driver.internal.schema.LocalTables;
import dev.sharedschema.parser.ClassifiedSql;
import dev.sharedschema.parser.PragmaCategory;
import dev.sharedschema.parser.SqlClassifier;
import dev.sharedschema.parser.SqlStatement;
import dev.sharedschema.parser.StatementKind;
import dev.sharedschema.scheduler.Migration;
import dev.sharedschema.scheduler.MigrationStatement;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A SQL script (CLI {@code migrate}, {@code SharedSchema.migrate}) turned into one migration,
 * checked by the same rules as a manual transaction on a schema connection.
 */
public final class ScriptMigration {
  private ScriptMigration() {}

  public static Migration of(String script, Path schema) throws SQLException {
    ClassifiedSql c = SqlClassifier.shared().classify(script);
    if (c.isEmpty()) {
      throw new SQLException("the migration script has no statement", "42000");
    }
    // A script is one transaction: TEMP objects are allowed in it, as in setAutoCommit(false).
    new SchemaGate(
            SqlClassifier.shared(),
            schema,
            false,
            () -> false,
            new LocalReads(LocalTables.NONE, SqlClassifier.shared(), null),
            () -> null)
        .check(script);
    Map<String, String> session = new LinkedHashMap<>();
    List<MigrationStatement> statements = new ArrayList<>();
    boolean writes = false;
    for (SqlStatement s : c.statements()) {
      writes |= s.kind().mayWrite();
      boolean travelling =
          s.pragma() != null && s.pragma().category() == PragmaCategory.SESSION_TRAVELLING;
      if (travelling && s.pragma().value() != null && statements.isEmpty()) {
        session.put(s.pragma().name(), s.pragma().value().toLowerCase(Locale.ROOT));
      } else if (s.kind() == StatementKind.CONNECTION_LOCAL && !travelling) {
        throw Refusal.of(
            "42000",
            "schema database " + schema,
            s,
            "connection-local statements are not part of a migration",
            "Run it on a connection to the database it is meant for.");
      } else {
        statements.add(MigrationStatement.of(s.sql()));
      }
    }
    if (statements.isEmpty()) {
      throw new SQLException(
          "the migration script only sets connection options; it has nothing to apply", "42000");
    }
    if (!writes) {
      // A job for a script that changes nothing would still lock and visit every linked database.
      SqlStatement first = c.statements().get(0);
      throw new SQLException(
          "the migration script writes nothing, so there is nothing to migrate: every statement"
              + " in it only reads (statement 1: "
              + Refusal.excerpt(first.sql())
              + "). Send statements that change the schema or the reference rows (CREATE, ALTER,"
              + " INSERT, …); run reads on a connection to the schema database "
              + schema
              + ".",
          "42000");
    }
    return new Migration(statements, session, SchemaDetermined.all(statements));
  }
}
