package dev.sharedschema.driver.internal.schema;

import dev.sharedschema.driver.internal.SchemaDetermined;
import dev.sharedschema.parser.ClassifiedSql;
import dev.sharedschema.parser.PragmaCategory;
import dev.sharedschema.parser.SqlClassifier;
import dev.sharedschema.parser.SqlStatement;
import dev.sharedschema.parser.StatementKind;
import dev.sharedschema.scheduler.Migration;
import dev.sharedschema.scheduler.MigrationResult;
import dev.sharedschema.scheduler.MigrationStatement;
import dev.sharedschema.scheduler.Scheduler;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The per-connection brain of a schema connection (DESIGN.md §4): decides whether a text runs here
 * or travels as a migration, keeps the statements of a manual transaction until {@code commit()},
 * and carries the connection settings that change how statements execute.
 */
public final class SchemaSession {
  /** Settings that change how migration statements execute; each migration carries their values. */
  static final List<String> TRAVELLING =
      List.of("foreign_keys", "defer_foreign_keys", "recursive_triggers", "legacy_alter_table");

  private static final Map<String, Plan> PLANS = new ConcurrentHashMap<>();
  private static final int PLAN_CACHE_LIMIT = 4096;

  private final Scheduler scheduler;
  private final SqlClassifier classifier;
  private final LocalTables localTables;
  private final Connection delegate;
  private final Duration timeout;
  private final Map<String, String> travelling = new LinkedHashMap<>();
  private final List<MigrationStatement> pending = new ArrayList<>();
  private final String openedReadOnly;
  private String readOnly;
  private boolean released;

  /**
   * @param scheduler the schema database's scheduler; {@code null} for a connection opened
   *     read-only, which never submits a job
   * @param openedReadOnly what opened the connection read-only ({@code open_mode=1}, …), for
   *     messages; {@code null} when it opened read-write
   */
  public SchemaSession(
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
    this.openedReadOnly = openedReadOnly;
    this.readOnly = openedReadOnly;
    refreshTravelling();
  }

  /** Why this connection refuses writes ({@code 25006}); {@code null} when it may write. */
  public String readOnly() {
    return readOnly;
  }

  /**
   * {@code Connection.setReadOnly}: the gate then refuses every write, and {@code PRAGMA
   * query_only} makes SQLite refuse what would write this file locally ({@code VACUUM}, …).
   */
  public void setReadOnly(boolean on) throws SQLException {
    if (openedReadOnly != null) {
      if (!on) {
        throw new SQLException(
            "this schema connection was opened read-only ("
                + openedReadOnly
                + ") and cannot be made writable. Open a connection without it to write.",
            "25006");
      }
      return;
    }
    if (!pending.isEmpty()) {
      throw new SQLException(
          "cannot change read-only mode inside a transaction that has writes: commit() or"
              + " rollback() first",
          "25001");
    }
    try (Statement st = delegate.createStatement()) {
      st.execute("PRAGMA query_only = " + (on ? "1" : "0"));
    }
    readOnly = on ? "setReadOnly(true)" : null;
  }

  /**
   * Where {@code sql} runs. Cached by text (per set of local tables, which plans depend on): a
   * repeated text is planned once.
   */
  public Plan plan(String sql) {
    Map<String, Plan> cache = localTables.isEmpty() ? PLANS : localTables.plans();
    Plan p = cache.get(sql);
    if (p == null) {
      p = planUncached(classifier.classify(sql), localTables);
      if (cache == PLANS && PLANS.size() >= PLAN_CACHE_LIMIT) {
        PLANS.clear(); // bounded memory; plans are cheap to redo
      }
      cache.put(sql, p);
    }
    return p;
  }

  private static Plan planUncached(ClassifiedSql c, LocalTables localTables) {
    if (c.allReads()) {
      return Plan.LOCAL_READ;
    }
    List<String> travel = new ArrayList<>();
    Set<Integer> schemaOnly = new HashSet<>();
    boolean returnsRows = false;
    List<String> local = new ArrayList<>();
    boolean travellingPragma = false;
    for (SqlStatement s : c.statements()) {
      if (s.kind() == StatementKind.CONNECTION_LOCAL) {
        local.add(s.sql());
        travellingPragma |=
            s.pragma() != null && s.pragma().category() == PragmaCategory.SESSION_TRAVELLING;
      } else {
        if (localTables.isLocalWrite(s)) {
          schemaOnly.add(travel.size());
        }
        travel.add(s.sql());
        returnsRows = s.returnsRows();
      }
    }
    boolean writes = c.statements().stream().anyMatch(s -> s.kind().mayWrite());
    if (!writes) {
      return new Plan(Plan.Route.LOCAL, List.of(), List.of(), travellingPragma, true, Set.of());
    }
    boolean allLocal = schemaOnly.size() == travel.size();
    return new Plan(
        allLocal ? Plan.Route.LOCAL_WRITE : Plan.Route.MIGRATION,
        List.copyOf(travel),
        List.copyOf(local),
        travellingPragma,
        returnsRows,
        Set.copyOf(schemaOnly));
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
    if (readOnly != null) {
      // The gate refuses writes of a read-only connection first; this only guards the scheduler.
      throw new SQLException("this schema connection is read-only (" + readOnly + ")", "25006");
    }
    Map<String, String> changed = new LinkedHashMap<>();
    travelling.forEach(
        (name, value) -> {
          if (!value.equals("0")) {
            changed.put(name, value);
          }
        });
    return scheduler.migrate(
        new Migration(statements, changed, SchemaDetermined.all(statements)), timeout);
  }

  /**
   * Keeps a statement already run inside this connection's real transaction, for {@link #commit}.
   */
  public void record(MigrationStatement statement) {
    pending.add(statement);
  }

  /** How many statements are kept: a savepoint remembers this. */
  public int mark() {
    return pending.size();
  }

  /** Drops the statements kept after {@code mark} (rollback to a savepoint). */
  public void rollbackTo(int mark) {
    pending.subList(Math.min(mark, pending.size()), pending.size()).clear();
  }

  /**
   * Ends a manual transaction: the real transaction on the schema database is rolled back, and the
   * statements it ran are submitted as one migration. With no statements, no job is made. When
   * every statement wrote a local table, the real transaction is simply committed: nothing in it is
   * for linked databases, so no job is made either. If the migration fails, the statements are
   * discarded and the exception is thrown.
   */
  public MigrationResult commit() throws SQLException {
    if (!pending.isEmpty() && pending.stream().allMatch(MigrationStatement::schemaOnly)) {
      pending.clear();
      delegate.commit();
      return null;
    }
    delegate.rollback();
    if (pending.isEmpty()) {
      return null;
    }
    List<MigrationStatement> statements = List.copyOf(pending);
    pending.clear();
    return migrate(statements);
  }

  public void rollback() throws SQLException {
    pending.clear();
    delegate.rollback();
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
