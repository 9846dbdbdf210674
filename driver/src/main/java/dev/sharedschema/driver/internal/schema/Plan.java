package dev.sharedschema.driver.internal.schema;

import dev.sharedschema.scheduler.MigrationStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * How a schema connection runs one SQL text (DESIGN.md §4).
 *
 * @param route where it goes
 * @param migrationStatements for {@link Route#MIGRATION} and {@link Route#LOCAL_WRITE}: the texts
 *     of the statements that write, in order (connection-local statements of the text are run
 *     locally instead)
 * @param localStatements for {@link Route#MIGRATION} and {@link Route#LOCAL_WRITE}: the
 *     connection-local statements of the text, run on this connection first
 * @param setsTravellingPragma true when running it locally may change a setting that travels with
 *     migrations ({@code foreign_keys}, …), so the session re-reads those settings afterwards
 * @param returnsRows for {@link Route#MIGRATION} and {@link Route#LOCAL_WRITE}: the last statement
 *     can produce rows (RETURNING)
 * @param schemaOnly indexes into {@code migrationStatements} of the writes to local tables ({@code
 *     shared_schema_local_tables}), which reach the schema database only; all of them for {@link
 *     Route#LOCAL_WRITE}
 */
public record Plan(
    Route route,
    List<String> migrationStatements,
    List<String> localStatements,
    boolean setsTravellingPragma,
    boolean returnsRows,
    Set<Integer> schemaOnly) {

  /** Where a text runs. */
  public enum Route {
    /** On the schema database directly, through this connection: reads and local statements. */
    LOCAL,
    /**
     * On the schema database directly, as a write that no linked database gets: every write of the
     * text is to a local table. No job.
     */
    LOCAL_WRITE,
    /** As a migration to every linked database and then the schema database. */
    MIGRATION
  }

  static final Plan LOCAL_READ = new Plan(Route.LOCAL, List.of(), List.of(), false, true, Set.of());

  /** Statement {@code i} of {@link #migrationStatements} with its parameters, as it travels. */
  public MigrationStatement statement(int i, List<Object> parameters) {
    return new MigrationStatement(migrationStatements.get(i), parameters, schemaOnly.contains(i));
  }

  /** Every statement of {@link #migrationStatements}, without parameters. */
  public List<MigrationStatement> statements() {
    List<MigrationStatement> out = new ArrayList<>(migrationStatements.size());
    for (int i = 0; i < migrationStatements.size(); i++) {
      out.add(statement(i, List.of()));
    }
    return out;
  }
}
