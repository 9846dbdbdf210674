package dev.sharedschema.scheduler.internal;

import dev.sharedschema.scheduler.FinalStep;
import dev.sharedschema.scheduler.Migration;
import dev.sharedschema.scheduler.StatementResult;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The schema database's part of a job: the dry run that opens the job's checks, and what the final
 * step applies (the registry runs it in the transaction that marks the job {@code RunSuccess}).
 */
public final class SchemaStep implements AutoCloseable {
  /** Checks made at submission and not yet used by their job; bounded (jobs stepped elsewhere). */
  private static final int REMEMBERED = 64;

  private final Path schemaDatabase;
  private final BusyRetry retry;
  private final Map<Long, Checked> checkedAtSubmit = new ConcurrentHashMap<>();
  private Connection watch;
  private long watchOpened;

  public SchemaStep(Path schemaDatabase, BusyRetry retry) {
    this.schemaDatabase = schemaDatabase;
    this.retry = retry;
  }

  /**
   * A dry run made when a job was submitted, with the schema database's data version read just
   * before it (null when it could not be read, and the check is never reused).
   */
  public record Checked(String proof, Version version) {}

  /** SQLite's {@code data_version} on one of our connections (values of two are not comparable). */
  record Version(long connection, long dataVersion) {}

  /**
   * The dry run a submission makes (see {@link #dryRun}), remembered for {@link #dryRunFor}: if
   * nothing was committed to the schema database since, the job's own dry run would find the same.
   */
  public Checked check(Migration m) throws SQLException {
    Version version = dataVersion();
    return new Checked(dryRun(m), version);
  }

  /** Keeps {@code checked} for job {@code jobId}'s own dry run. */
  public void remember(long jobId, Checked checked) {
    if (checkedAtSubmit.size() >= REMEMBERED) {
      checkedAtSubmit.clear();
    }
    checkedAtSubmit.put(jobId, checked);
  }

  /**
   * Job {@code jobId}'s dry run on the schema database: the one its submission made, when no
   * connection committed anything to the file since (SQLite's {@code data_version}, read on a
   * connection of our own that never writes), else a new one. Saves opening the schema database and
   * applying the migration a second time in the common case.
   */
  public String dryRunFor(long jobId, Migration m) throws SQLException {
    Checked c = checkedAtSubmit.remove(jobId);
    if (c != null && c.version() != null && c.version().equals(dataVersion())) {
      return c.proof();
    }
    return dryRun(m);
  }

  /**
   * Changes whenever another connection commits to the schema database; null when the file is not
   * in a rollback-journal mode: then the connection is closed at once, since a connection left open
   * on a WAL database would keep it from being switched back (see {@link RollbackJournal}).
   */
  private synchronized Version dataVersion() throws SQLException {
    if (watch == null) {
      watch = SqliteFiles.openReadOnly(schemaDatabase);
      watchOpened++;
    }
    try (Statement st = watch.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT (SELECT data_version FROM pragma_data_version),"
                    + " (SELECT journal_mode FROM pragma_journal_mode)")) {
      rs.next();
      long version = rs.getLong(1);
      if (RollbackJournal.MODES.contains(rs.getString(2))) {
        return new Version(watchOpened, version);
      }
    }
    close();
    return null;
  }

  @Override
  public synchronized void close() {
    if (watch != null) {
      SqliteFiles.closeQuietly(watch);
      watch = null;
    }
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
