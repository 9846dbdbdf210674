package dev.sharedschema.parser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sharedschema.parser.internal.PragmaTable;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PragmaTest {
  private static final SqlClassifier CLASSIFIER = new SqlClassifier(0);

  static Stream<Arguments> pragmas() {
    return TextTable.read("pragmas.txt", 7).stream().map(r -> Arguments.of(r.line(), r.sql(), r));
  }

  @ParameterizedTest(name = "pragmas.txt:{0}  {1}")
  @MethodSource("pragmas")
  void parsesPragma(int line, String sql, TextTable.Row row) {
    SqlStatement s = CLASSIFIER.classify(sql).first();

    assertThat(s.kind()).as("kind").isEqualTo(StatementKind.valueOf(row.text(0)));
    assertThat(s.returnsRows()).isTrue();
    assertThat(s.pragma())
        .isEqualTo(
            new Pragma(
                row.text(2),
                row.text(3),
                row.text(4),
                Boolean.parseBoolean(row.text(5)),
                PragmaCategory.valueOf(row.text(1))));
  }

  /** Every pragma on https://sqlite.org/pragma.html (as of SQLite 3.50) is known. */
  @Test
  void knowsEveryDocumentedPragma() {
    assertThat(PragmaTable.knownNames())
        .contains(
            "analysis_limit",
            "application_id",
            "auto_vacuum",
            "automatic_index",
            "busy_timeout",
            "cache_size",
            "cache_spill",
            "case_sensitive_like",
            "cell_size_check",
            "checkpoint_fullfsync",
            "collation_list",
            "compile_options",
            "count_changes",
            "data_store_directory",
            "data_version",
            "database_list",
            "default_cache_size",
            "defer_foreign_keys",
            "empty_result_callbacks",
            "encoding",
            "foreign_key_check",
            "foreign_key_list",
            "foreign_keys",
            "freelist_count",
            "full_column_names",
            "fullfsync",
            "function_list",
            "hard_heap_limit",
            "ignore_check_constraints",
            "incremental_vacuum",
            "index_info",
            "index_list",
            "index_xinfo",
            "integrity_check",
            "journal_mode",
            "journal_size_limit",
            "legacy_alter_table",
            "legacy_file_format",
            "locking_mode",
            "max_page_count",
            "mmap_size",
            "module_list",
            "optimize",
            "page_count",
            "page_size",
            "parser_trace",
            "pragma_list",
            "query_only",
            "quick_check",
            "read_uncommitted",
            "recursive_triggers",
            "reverse_unordered_selects",
            "schema_version",
            "secure_delete",
            "short_column_names",
            "shrink_memory",
            "soft_heap_limit",
            "stats",
            "synchronous",
            "table_info",
            "table_list",
            "table_xinfo",
            "temp_store",
            "temp_store_directory",
            "threads",
            "trusted_schema",
            "user_version",
            "vdbe_addoptrace",
            "vdbe_debug",
            "vdbe_listing",
            "vdbe_trace",
            "wal_autocheckpoint",
            "wal_checkpoint",
            "writable_schema");
  }

  @Test
  void everyKnownPragmaIsAReadWhenOnlyNamedUnlessItActs() {
    for (String name : PragmaTable.knownNames()) {
      SqlStatement s = CLASSIFIER.classify("PRAGMA " + name).first();
      boolean acts =
          Stream.of("optimize", "wal_checkpoint", "incremental_vacuum", "shrink_memory")
              .anyMatch(name::equals);
      if (acts) {
        assertThat(s.kind())
            .as(name)
            .isIn(StatementKind.CONNECTION_LOCAL, StatementKind.FILE_WRITE);
      } else {
        assertThat(s.kind()).as(name).isEqualTo(StatementKind.READ);
        assertThat(s.pragma().category()).as(name).isEqualTo(PragmaCategory.QUERY);
      }
    }
  }

  @Test
  void settingAKnownPragmaIsNeverARead() {
    for (String name : PragmaTable.knownNames()) {
      PragmaCategory category = PragmaTable.category(name, true);
      SqlStatement s = CLASSIFIER.classify("PRAGMA " + name + " = 1").first();
      assertThat(s.kind())
          .as(name)
          .isEqualTo(
              category == PragmaCategory.QUERY ? StatementKind.READ : PragmaTable.kindOf(category));
      assertThat(s.pragma().setsValue()).as(name).isEqualTo(category != PragmaCategory.QUERY);
    }
  }
}
