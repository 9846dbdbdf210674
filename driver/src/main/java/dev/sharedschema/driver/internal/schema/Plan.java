package dev.sharedschema.driver.internal.schema;

import java.util.List;

/**
 * How a schema connection runs one SQL text (DESIGN.md §4).
 *
 * @param route where it goes
 * @param migrationStatements for {@link Route#MIGRATION}: the texts of the statements that travel,
 *     in order (connection-local statements of the text are run locally instead)
 * @param localStatements for {@link Route#MIGRATION}: the connection-local statements of the text,
 *     run on this connection before the migration
 * @param setsTravellingPragma true when running it locally may change a setting that travels with
 *     migrations ({@code foreign_keys}, …), so the session re-reads those settings afterwards
 * @param returnsRows for {@link Route#MIGRATION}: the last statement can produce rows (RETURNING)
 */
public record Plan(
    Route route,
    List<String> migrationStatements,
    List<String> localStatements,
    boolean setsTravellingPragma,
    boolean returnsRows) {

  /** Where a text runs. */
  public enum Route {
    /** On the schema database directly, through this connection: reads and local statements. */
    LOCAL,
    /** As a migration to every linked database and then the schema database. */
    MIGRATION
  }

  static final Plan LOCAL_READ = new Plan(Route.LOCAL, List.of(), List.of(), false, true);
}
