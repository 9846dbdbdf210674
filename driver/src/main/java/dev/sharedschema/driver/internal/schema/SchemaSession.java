package dev.sharedschema.driver.internal.schema;

import dev.sharedschema.driver.internal.SchemaDetermined;
import dev.sharedschema.parser.SqlClassifier;
import dev.sharedschema.scheduler.Migration;
import dev.sharedschema.scheduler.MigrationResult;
import dev.sharedschema.scheduler.MigrationStatement;
import dev.sharedschema.scheduler.Scheduler;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The per-connection brain of a schema connection (DESIGN.md §4): decides whether a text runs here
 * or travels as a migration, keeps the statements of a manual transaction until {@code commit()},
 * and carries the connection settings that change how statements execute.
 */
public final class SchemaSession {
  /** Settings that change how migration statements execute; each migration carries their values. */
  static final List<String> TRAVELLING =
      List.of("foreign_keys", "defer_foreign_keys", "recursive_triggers", "legacy_alter_table");

  private final Scheduler scheduler;
  private final SqlClassifier classifier;
  private final LocalTables localTables;
  private final Connection delegate;
  private final Duration timeout;
  private final Map<String, String> travelling = new LinkedHashMap<>();
  private final ManualTransaction transaction;
  private final LocalWriteTransaction localWrites;
  private final ReadOnlyMode readOnly;
  private boolean released;

  /**
   * @param database the schema database, for messages
   * @param scheduler the schema database's scheduler; {@code null} for a connection opened
   *     read-only, which never submits a job
   * @param openedReadOnly what opened the connection read-only ({@code open_mode=1}, …), for
   *     messages; {@code null} when it opened read-write
   */
  public SchemaSession(
      Path database,
      Scheduler scheduler,
      SqlClassifier classifier,
      LocalTables localTables,
      Connection delegate,
      Duration timeout,
      String openedReadOnly)
      throws SQLException {
    this.scheduler = scheduler;
    this.classifier = classifier;
    this.localTables = localTables;
    this.delegate = delegate;
    this.timeout = timeout;
    this.readOnly = new ReadOnlyMode(delegate, openedReadOnly);
    RollbackWatch rollbacks = RollbackWatch.on(delegate);
    this.transaction = new ManualTransaction(delegate, rollbacks, "schema database " + database);
    this.localWrites = new LocalWriteTransaction(delegate, rollbacks);
    refreshTravelling();
  }

  /** Why this connection refuses writes ({@code 25006}); {@code null} when it may write. */
  public String readOnly() {
    return readOnly.why();
  }

  /** {@code Connection.setReadOnly}: the gate then refuses every write ({@code 25006}). */
  public void setReadOnly(boolean on) throws SQLException {
    readOnly.set(on, !transaction.isEmpty());
  }

  /**
   * Where {@code sql} runs. Cached by text (per set of local tables, which plans depend on): a
   * repeated text is planned once.
   */
  public Plan plan(String sql) {
    return Planner.plan(sql, classifier, localTables);
  }

  /** Re-reads the travelling settings from this connection, after a statement that may set one. */
  public void refreshTravelling() throws SQLException {
    try (Statement st = delegate.createStatement()) {
      for (String name : TRAVELLING) {
        try (ResultSet rs = st.executeQuery("PRAGMA " + name)) {
          travelling.put(name, rs.next() ? rs.getString(1) : "0");
        }
      }
    }
  }

  /**
   * Runs {@code statements} as one migration now and waits for it (autocommit). Only settings that
   * differ from SQLite's default (all four are off on a fresh connection, which is what every
   * target connection is) travel, so a plain migration costs no extra statements per database.
   */
  public MigrationResult migrate(List<MigrationStatement> statements) throws SQLException {
    return migrate(statements, null, () -> false);
  }

  /**
   * As {@link #migrate(List)} for a statement: its query timeout (if shorter than {@code
   * shared_schema_timeout}) and its {@code cancel()} also stop the wait; the job goes on.
   *
   * @param queryTimeout the statement's query timeout; {@code null} for none
   * @param cancelled true once the statement was cancelled; checked at every wake-up
   */
  public MigrationResult migrate(
      List<MigrationStatement> statements, Duration queryTimeout, BooleanSupplier cancelled)
      throws SQLException {
    if (readOnly.why() != null) {
      // The gate refuses writes of a read-only connection first; this only guards the scheduler.
      throw new SQLException(
          "this schema connection is read-only (" + readOnly.why() + ")", "25006");
    }
    Map<String, String> changed = new LinkedHashMap<>();
    travelling.forEach(
        (name, value) -> {
          if (!value.equals("0")) {
            changed.put(name, value);
          }
        });
    Duration wait =
        queryTimeout == null || (timeout != null && timeout.compareTo(queryTimeout) < 0)
            ? timeout
            : queryTimeout;
    return scheduler.migrate(
        new Migration(statements, changed, SchemaDetermined.all(statements)), wait, cancelled);
  }

  /** Wakes the threads waiting for migrations, so that a cancelled one stops at once. */
  public void wakeWaiters() {
    if (scheduler != null) {
      scheduler.wakeWaiters();
    }
  }

  /**
   * Runs write {@code s} now inside this connection's real transaction and keeps it for {@link
   * #commit}. If SQLite ends the transaction (a {@code ROLLBACK} conflict clause, {@code
   * RAISE(ROLLBACK)}), SQLite's error is thrown and every later statement throws {@code 25000}
   * until {@link #rollback}.
   */
  public <T> T runInTransaction(MigrationStatement s, ManualTransaction.Work<T> work)
      throws SQLException {
    return transaction.run(s, work);
  }

  /**
   * Runs several writes to local tables sent in autocommit as one transaction on the schema
   * database only (no job); the connection is back in autocommit afterwards, whatever happened.
   */
  public <T> T runLocalWrites(ManualTransaction.Work<T> work) throws SQLException {
    return localWrites.run(work);
  }

  /**
   * Throws {@code 25000} once SQLite has ended this connection's manual transaction: every
   * statement checks it (a field read).
   */
  public void checkNotEnded() throws SQLException {
    transaction.checkNotEnded();
  }

  /**
   * As {@link #checkNotEnded}, and also notices a rollback SQLite made since the last statement;
   * for the moves of a manual transaction (savepoints, commit).
   */
  public void checkTransaction() throws SQLException {
    transaction.checkOpen();
  }

  /** Called when the connection leaves autocommit: a manual transaction starts. */
  public void began() {
    transaction.restarted();
  }

  /**
   * How many statements are kept: a savepoint remembers this. Throws {@code 25000} once SQLite
   * ended the transaction.
   */
  public int mark() throws SQLException {
    transaction.checkOpen();
    return transaction.mark();
  }

  /** Drops the statements kept after {@code mark} (rollback to a savepoint). */
  public void rollbackTo(int mark) {
    transaction.rollbackTo(mark);
  }

  /**
   * Ends a manual transaction: the real transaction on the schema database is rolled back, and the
   * statements it ran are submitted as one migration. With no statements, no job is made. When
   * every statement wrote a local table, the real transaction is simply committed: nothing in it is
   * for linked databases, so no job is made either. If the migration fails, the statements are
   * discarded and the exception is thrown. Once SQLite ended the transaction, throws {@code 25000}
   * and submits nothing.
   */
  public MigrationResult commit() throws SQLException {
    transaction.checkOpen();
    List<MigrationStatement> statements = transaction.take();
    if (!statements.isEmpty() && statements.stream().allMatch(MigrationStatement::schemaOnly)) {
      delegate.commit();
      transaction.restarted();
      return null;
    }
    delegate.rollback();
    transaction.restarted();
    if (statements.isEmpty()) {
      return null;
    }
    return migrate(statements);
  }

  /** Discards the manual transaction; after SQLite ended one, the connection works as new. */
  public void rollback() throws SQLException {
    transaction.beforeRollback();
    delegate.rollback();
    transaction.restarted();
  }

  /** Gives the connection's hold on the shared scheduler back; called once when it closes. */
  public void release() {
    if (!released) {
      released = true;
      if (scheduler != null) {
        scheduler.release();
      }
    }
  }
}
