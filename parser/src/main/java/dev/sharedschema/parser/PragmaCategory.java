package dev.sharedschema.parser;

/** What a {@code PRAGMA} does, which decides where it applies (DESIGN.md §4, §5, §7). */
public enum PragmaCategory {
  /**
   * Only reports: {@code table_info}, {@code integrity_check}, any settable pragma without a value.
   */
  QUERY,
  /**
   * Sets a value stored in the file that is part of its schema: {@code user_version}, {@code
   * application_id}, {@code schema_version}.
   */
  SCHEMA,
  /** Sets a connection-local option that does not change how migration statements execute. */
  SESSION,
  /**
   * Sets a connection-local option that changes how statements execute ({@code foreign_keys},
   * {@code defer_foreign_keys}, {@code recursive_triggers}, {@code legacy_alter_table}): it travels
   * with each migration and is set on every target connection before it is applied.
   */
  SESSION_TRAVELLING,
  /**
   * Sets or acts on how this one file is stored: {@code journal_mode}, {@code synchronous}, {@code
   * auto_vacuum}, {@code page_size}, {@code encoding}, {@code locking_mode}, {@code
   * wal_checkpoint}, {@code incremental_vacuum}, …
   */
  STORAGE,
  /** Writes the file without changing its schema: {@code optimize}. */
  FILE_WRITE,
  /** A pragma name SQLite does not document. Treated as a possible schema change. */
  UNKNOWN
}
