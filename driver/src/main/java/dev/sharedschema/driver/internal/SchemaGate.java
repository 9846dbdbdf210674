package dev.sharedschema.driver.internal;

import dev.sharedschema.driver.internal.schema.LocalReads;
import dev.sharedschema.parser.Pragma;
import dev.sharedschema.parser.PragmaCategory;
import dev.sharedschema.parser.SqlClassifier;
import dev.sharedschema.parser.SqlStatement;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The statements a schema connection refuses outright (DESIGN.md §4): transaction control in SQL
 * text, ATTACH/DETACH unless allowed, our reserved names, TEMP objects in autocommit, storage
 * settings that would break the final step (WAL, {@code synchronous=OFF}, {@code
 * locking_mode=EXCLUSIVE}), and propagated writes that read a local table ({@code
 * shared_schema_local_tables}).
 */
final class SchemaGate extends RoleGate {
  /** Journal modes that keep a rollback journal, which the two-file atomic commit needs (§7). */
  static final Set<String> JOURNAL_MODES = Set.of("delete", "truncate", "persist");

  private final String database;
  private final boolean allowAttach;
  private final AutoCommitState autoCommit;
  private final LocalReads localReads;
  private final Supplier<String> readOnly;

  /**
   * @param readOnly why the connection is read-only, or {@code null} when it may write; asked only
   *     for a text that writes
   */
  SchemaGate(
      SqlClassifier classifier,
      Path database,
      boolean allowAttach,
      AutoCommitState autoCommit,
      LocalReads localReads,
      Supplier<String> readOnly) {
    super(classifier);
    this.database = "schema database " + database;
    this.allowAttach = allowAttach;
    this.autoCommit = autoCommit;
    this.localReads = localReads;
    this.readOnly = readOnly;
  }

  @Override
  void check(SqlStatement s) throws SQLException {
    if (s.writesReserved()) {
      throw Refusal.of(
          "42000",
          database,
          s,
          "names starting with _sharedschema are reserved for sharedschema",
          "Choose another name.");
    }
    if (s.kind().mayWrite()) {
      checkWritable(s);
    }
    switch (s.kind()) {
      case TRANSACTION_CONTROL ->
          throw Refusal.of(
              "25000",
              database,
              s,
              "transaction statements in SQL text are not allowed on a schema database",
              "Use setAutoCommit(false), then commit() or rollback(): a commit is applied to every"
                  + " linked database as one migration.");
      case ATTACH, DETACH -> {
        if (!allowAttach) {
          throw Refusal.of(
              "42000",
              database,
              s,
              "ATTACH and DETACH are off by default",
              "Add shared_schema_allow_attach=true to the URL if you need them.");
        }
      }
      case CONNECTION_LOCAL -> checkStorage(s);
      case DATA_WRITE, SCHEMA_CHANGE -> checkLocalReads(s);
      default -> {}
    }
    if (s.temp() && autoCommit.isAutoCommit()) {
      throw Refusal.of(
          "0A000",
          database,
          s,
          "TEMP objects in autocommit cannot be propagated safely (a half-propagated copy-to-temp,"
              + " drop, recreate sequence would destroy tenant rows)",
          "Run the whole sequence inside setAutoCommit(false) … commit(); it then runs on every"
              + " database as one migration.");
    }
  }

  private void checkWritable(SqlStatement s) throws SQLException {
    String why = readOnly.get();
    if (why != null) {
      throw Refusal.of(
          "25006",
          database,
          s,
          "this connection is read-only ("
              + why
              + "), and a write on a schema database would change every linked database",
          "Use a connection that is not read-only to change the fleet.");
    }
  }

  private void checkLocalReads(SqlStatement s) throws SQLException {
    String read = localReads.of(s);
    if (read != null) {
      throw Refusal.of(
          "42000",
          database,
          s,
          "every linked database gets what it writes, and it reads "
              + read
              + ", listed in shared_schema_local_tables: only the schema database keeps that"
              + " table's rows, so each linked database would write something different",
          "Read the local table in its own SELECT and pass the values as parameters, or remove"
              + " the table from shared_schema_local_tables.");
    }
  }

  private void checkStorage(SqlStatement s) throws SQLException {
    Pragma p = s.pragma();
    if (p == null || p.category() != PragmaCategory.STORAGE || p.value() == null) {
      return;
    }
    SchemaDatabaseGuard.Refused refused = SchemaDatabaseGuard.refusal(p.name(), p.value());
    if (refused != null) {
      String explained = SchemaDatabaseGuard.explain(refused);
      int end = explained.indexOf(". ");
      throw Refusal.of(
          "0A000",
          database,
          s,
          p.name() + "=" + p.value() + " is not allowed: " + explained.substring(0, end),
          explained.substring(end + 2));
    }
  }
}
