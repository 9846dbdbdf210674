package dev.sharedschema.scheduler;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a job applies to every database: statements in order, and the connection settings that
 * change how they execute ({@code foreign_keys}, {@code defer_foreign_keys}, {@code
 * recursive_triggers}, {@code legacy_alter_table}), set on each target connection before the
 * statements run.
 *
 * @param statements at least one statement
 * @param sessionPragmas pragma name → value, applied in order before the statements
 * @param schemaDetermined the caller vouches that every statement's outcome depends only on the
 *     schema, never on rows (the driver decides it from the parsed statements): then a linked
 *     database whose schema is identical to the schema database's passes its dry run on that proof
 *     plus a check that it can be written, instead of applying and rolling back (DESIGN.md §6,
 *     docs/concepts.md)
 */
public record Migration(
    List<MigrationStatement> statements,
    Map<String, String> sessionPragmas,
    boolean schemaDetermined) {

  /**
   * The connection settings that change how statements execute and travel with a migration; each is
   * off ({@code 0}) on a fresh connection, and a migration carries only those it turns on.
   */
  public static final List<String> SESSION_PRAGMAS =
      List.of("foreign_keys", "defer_foreign_keys", "recursive_triggers", "legacy_alter_table");

  public Migration {
    if (statements.isEmpty()) {
      throw new IllegalArgumentException("a migration needs at least one statement");
    }
    statements = List.copyOf(statements);
    for (var e : sessionPragmas.entrySet()) {
      // They are spliced into PRAGMA text on every target: allow only names and plain values.
      if (!e.getKey().matches("[a-z_]+") || !e.getValue().matches("[A-Za-z0-9_+-]+")) {
        throw new IllegalArgumentException(
            "not a session pragma: " + e.getKey() + " = " + e.getValue());
      }
    }
    sessionPragmas = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(sessionPragmas));
  }

  /** A migration every linked database dry-runs in full. */
  public Migration(List<MigrationStatement> statements, Map<String, String> sessionPragmas) {
    this(statements, sessionPragmas, false);
  }

  /** A migration of plain statements without parameters or settings. */
  public static Migration of(String... sql) {
    return new Migration(List.of(sql).stream().map(MigrationStatement::of).toList(), Map.of());
  }
}
