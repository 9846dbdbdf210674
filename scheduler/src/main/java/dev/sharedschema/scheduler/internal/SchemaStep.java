package dev.sharedschema.scheduler.internal;

import dev.sharedschema.scheduler.FinalStep;
import dev.sharedschema.scheduler.Migration;
import dev.sharedschema.scheduler.StatementResult;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * The schema database's part of a job: the dry run that opens the job's checks, and what the final
 * step applies (the registry runs it in the transaction that marks the job {@code RunSuccess}).
 */
public final class SchemaStep {
  private final Path schemaDatabase;
  private final BusyRetry retry;

  public SchemaStep(Path schemaDatabase, BusyRetry retry) {
    this.schemaDatabase = schemaDatabase;
    this.retry = retry;
  }

  /**
   * Begin, apply, roll back on the schema database; throws {@link StatementFailedException}. For a
   * {@linkplain Migration#schemaDetermined() schema-determined} migration, returns the schema the
   * migration was checked against (read in the same transaction, before it applied), which proves
   * the dry run of every linked database with that same schema; else null, also when it touches a
   * table whose rows SQLite checks ({@link RowCheckedTables}). A schema database found in WAL mode
   * is switched back first, or refused with {@code 0A000}.
   */
  public String dryRun(Migration m) throws SQLException {
    return retry.run(
        () -> {
          try (Connection c = SqliteFiles.openExisting(schemaDatabase)) {
            RollbackJournal.restore(c, "main", schemaDatabase);
            MigrationApplier.setSessionPragmas(c, m);
            return Transactions.rolledBack(
                c,
                false,
                () -> {
                  String before =
                      m.schemaDetermined() && !RowCheckedTables.touchedBy(c, m)
                          ? SchemaText.read(c)
                          : null;
                  MigrationApplier.apply(c, m);
                  return before;
                });
          }
        });
  }

  /** The final step of {@code m}: its session pragmas, then every statement with its result. */
  public static FinalStep finalStep(Migration m) {
    return new FinalStep() {
      @Override
      public void prepare(Connection schemaDatabase) throws SQLException {
        MigrationApplier.setSessionPragmas(schemaDatabase, m);
      }

      @Override
      public List<StatementResult> apply(Connection schemaDatabase) throws SQLException {
        return MigrationApplier.applyCapturing(schemaDatabase, m);
      }
    };
  }
}
