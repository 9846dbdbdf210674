package dev.sharedschema.parser;

/**
 * What a statement does to a database, as far as sharedschema cares. The driver maps each kind to a
 * behaviour per connection role (DESIGN.md §4 and §5).
 */
public enum StatementKind {
  /**
   * {@code SELECT}, {@code VALUES}, {@code EXPLAIN …}, a read-only {@code PRAGMA}. Writes nothing.
   */
  READ,
  /**
   * {@code INSERT}, {@code UPDATE}, {@code DELETE}, {@code REPLACE}, upserts, {@code WITH …
   * INSERT}.
   */
  DATA_WRITE,
  /**
   * {@code CREATE}, {@code ALTER}, {@code DROP} of any object, and the PRAGMAs stored in the file's
   * header that are part of its schema ({@code user_version}, {@code application_id}, {@code
   * schema_version}), and direct writes to {@code sqlite_master}/{@code sqlite_schema}.
   */
  SCHEMA_CHANGE,
  /**
   * Writes the file without changing its schema or rows: {@code REINDEX}, {@code ANALYZE}, {@code
   * PRAGMA optimize}. Propagated from a schema database; local on a linked one.
   */
  FILE_WRITE,
  /**
   * {@code BEGIN}, {@code COMMIT}, {@code END}, {@code ROLLBACK}, {@code SAVEPOINT}, {@code
   * RELEASE}.
   */
  TRANSACTION_CONTROL,
  /**
   * Acts on this connection or this file only: connection-local and storage PRAGMAs ({@code
   * foreign_keys}, {@code journal_mode}, …), {@code VACUUM}. See {@link SqlStatement#pragma()}.
   */
  CONNECTION_LOCAL,
  /** {@code ATTACH DATABASE}. */
  ATTACH,
  /** {@code DETACH DATABASE}. */
  DETACH,
  /**
   * Could not be classified. Callers must treat it as a write that may change the schema: never as
   * a read.
   */
  UNKNOWN;

  /**
   * True when the statement may modify a database file (every kind except reads and local ones).
   */
  public boolean mayWrite() {
    return switch (this) {
      case READ, TRANSACTION_CONTROL, CONNECTION_LOCAL, ATTACH, DETACH -> false;
      case DATA_WRITE, SCHEMA_CHANGE, FILE_WRITE, UNKNOWN -> true;
    };
  }
}
