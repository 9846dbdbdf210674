package dev.sharedschema.driver.internal;

import dev.sharedschema.parser.SqlClassifier;
import dev.sharedschema.parser.SqlStatement;
import java.nio.file.Path;
import java.sql.SQLException;

/**
 * A linked database is an ordinary database for its data; its schema only changes through the
 * schema database (DESIGN.md §5). Refuses schema changes, ATTACH (unless allowed), writes to our
 * table, and anything it cannot classify.
 */
final class LinkedGate extends RoleGate {
  private final String database;
  private final Path schemaDatabase;
  private final boolean allowAttach;

  LinkedGate(SqlClassifier classifier, Path database, Path schemaDatabase, boolean allowAttach) {
    super(classifier);
    this.database = "linked database " + database;
    this.schemaDatabase = schemaDatabase;
    this.allowAttach = allowAttach;
  }

  @Override
  void check(SqlStatement s) throws SQLException {
    if (s.writesReserved()) {
      throw Refusal.of(
          "42000",
          database,
          s,
          "_sharedschema… objects belong to sharedschema and are read-only",
          "Read them if you like; sharedschema writes them.");
    }
    switch (s.kind()) {
      case SCHEMA_CHANGE -> {
        if (!s.temp()) {
          throw Refusal.of(
              "42000",
              database,
              s,
              "its schema comes from the schema database " + schemaDatabase,
              "Send schema changes to jdbc:sharedschema:sqlite:"
                  + schemaDatabase
                  + "?shared_schema=true; they reach every linked database.");
        }
      }
      case ATTACH -> {
        if (!allowAttach) {
          throw Refusal.of(
              "42000",
              database,
              s,
              "ATTACH is off by default",
              "Add shared_schema_allow_attach=true to the URL if you need it.");
        }
      }
      case UNKNOWN ->
          throw Refusal.of(
              "42000",
              database,
              s,
              "sharedschema cannot tell what this statement does, so it could change the schema",
              "If it is a schema change, send it to the schema database "
                  + schemaDatabase
                  + "; if you believe it is valid data access, report it as a classifier gap.");
      default -> {}
    }
  }
}
