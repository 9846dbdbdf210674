package dev.sharedschema.parser.internal;

import dev.sharedschema.parser.PragmaCategory;
import dev.sharedschema.parser.StatementKind;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Every pragma SQLite knows (its pragma.html plus the debug/legacy ones in its {@code
 * tool/mkpragmatab.tcl}), with what it does when given a value.
 */
public final class PragmaTable {
  private static final Map<String, PragmaCategory> SETTABLE = new HashMap<>();

  /** Reports only, whatever the form; an argument is what to report on ({@code table_info(t)}). */
  private static final Set<String> REPORTS =
      Set.of(
          "collation_list",
          "compile_options",
          "data_version",
          "database_list",
          "foreign_key_check",
          "foreign_key_list",
          "freelist_count",
          "function_list",
          "index_info",
          "index_list",
          "index_xinfo",
          "integrity_check",
          "lock_status",
          "module_list",
          "page_count",
          "pragma_list",
          "quick_check",
          "stats",
          "table_info",
          "table_list",
          "table_xinfo");

  /** These act when named, value or not ({@code PRAGMA wal_checkpoint} checkpoints). */
  private static final Set<String> ACTS_WITHOUT_VALUE =
      Set.of("optimize", "wal_checkpoint", "incremental_vacuum", "shrink_memory");

  static {
    put(PragmaCategory.SCHEMA, "user_version", "application_id", "schema_version");
    put(
        PragmaCategory.SESSION_TRAVELLING,
        "foreign_keys",
        "defer_foreign_keys",
        "recursive_triggers",
        "legacy_alter_table");
    put(
        PragmaCategory.STORAGE,
        "journal_mode",
        "auto_vacuum",
        "page_size",
        "encoding",
        "synchronous",
        "locking_mode",
        "journal_size_limit",
        "max_page_count",
        "mmap_size",
        "secure_delete",
        "wal_autocheckpoint",
        "wal_checkpoint",
        "incremental_vacuum",
        "default_cache_size",
        "legacy_file_format",
        "cache_size",
        "cache_spill",
        "temp_store",
        "temp_store_directory",
        "data_store_directory",
        "fullfsync",
        "checkpoint_fullfsync",
        "cell_size_check",
        "lock_proxy_file");
    put(
        PragmaCategory.SESSION,
        "busy_timeout",
        "automatic_index",
        "case_sensitive_like",
        "count_changes",
        "empty_result_callbacks",
        "full_column_names",
        "short_column_names",
        "hard_heap_limit",
        "soft_heap_limit",
        "ignore_check_constraints",
        "query_only",
        "read_uncommitted",
        "reverse_unordered_selects",
        "trusted_schema",
        "analysis_limit",
        "threads",
        "writable_schema",
        "shrink_memory",
        "parser_trace",
        "sql_trace",
        "vdbe_addoptrace",
        "vdbe_debug",
        "vdbe_eqp",
        "vdbe_listing",
        "vdbe_trace",
        "activate_extensions");
    put(PragmaCategory.FILE_WRITE, "optimize");
  }

  private PragmaTable() {}

  private static void put(PragmaCategory category, String... names) {
    for (String name : names) {
      SETTABLE.put(name, category);
    }
  }

  /**
   * The category of {@code name} (lower case). A settable pragma named without a value only reports
   * its current value, so it is {@link PragmaCategory#QUERY}, unless it acts anyway.
   */
  public static PragmaCategory category(String name, boolean hasValue) {
    if (REPORTS.contains(name)) {
      return PragmaCategory.QUERY;
    }
    PragmaCategory settable = SETTABLE.get(name);
    if (settable == null) {
      return PragmaCategory.UNKNOWN;
    }
    return hasValue || ACTS_WITHOUT_VALUE.contains(name) ? settable : PragmaCategory.QUERY;
  }

  /** Every name this table knows, for tests. */
  public static Set<String> knownNames() {
    Set<String> all = new java.util.TreeSet<>(SETTABLE.keySet());
    all.addAll(REPORTS);
    return all;
  }

  public static StatementKind kindOf(PragmaCategory category) {
    return switch (category) {
      case QUERY -> StatementKind.READ;
      case SCHEMA -> StatementKind.SCHEMA_CHANGE;
      case SESSION, SESSION_TRAVELLING, STORAGE -> StatementKind.CONNECTION_LOCAL;
      case FILE_WRITE -> StatementKind.FILE_WRITE;
      case UNKNOWN -> StatementKind.UNKNOWN;
    };
  }
}
