package dev.sharedschema.parser.internal;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import net.sf.jsqlparser.parser.CCJSqlParser;
import net.sf.jsqlparser.parser.StringProvider;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.util.TablesNamesFinder;

/**
 * Asks JSqlParser what the lexer cannot tell: which names are tables. Off the hot path only; it
 * costs 20–50 µs per statement where the lexer costs about one.
 *
 * <p>The parser is built directly on a {@link StringProvider}: {@code CCJSqlParserUtil.parse} would
 * start a thread per call (~260 µs). JSqlParser fails on much of SQLite's syntax and can recurse
 * deeply, so every failure, including {@link StackOverflowError}, means "don't know", and long or
 * deeply nested statements are not given to it at all.
 */
final class JSqlRefiner {
  static final int MAX_LENGTH = 16 * 1024;
  static final int MAX_DEPTH = 32;

  private JSqlRefiner() {}

  /**
   * The tables a statement reads or writes, lower case and unquoted, {@code temp.} kept; null when
   * JSqlParser cannot parse it.
   */
  static Set<String> tables(String sql, int maxDepth) {
    Statement statement = parse(sql, maxDepth);
    if (statement == null) {
      return null;
    }
    try {
      TableCollector collector = new TableCollector();
      Set<String> found = new LinkedHashSet<>();
      for (String raw : collector.getTables(statement)) {
        found.add(collector.normalized.get(raw));
      }
      return found;
    } catch (RuntimeException | StackOverflowError e) {
      return null; // TablesNamesFinder throws for statement types it does not support
    }
  }

  /**
   * Whether a statement in which some name is qualified {@code temp.} really names a TEMP table,
   * rather than, say, a column of a table aliased {@code temp}. True when unsure.
   */
  static boolean namesTempTable(String sql, int maxDepth) {
    Set<String> tables = tables(sql, maxDepth);
    return tables == null || tables.stream().anyMatch(t -> t.startsWith("temp."));
  }

  private static Statement parse(String sql, int maxDepth) {
    if (sql.length() > MAX_LENGTH || maxDepth > MAX_DEPTH) {
      return null;
    }
    try {
      return new CCJSqlParser(new StringProvider(sql)).withSquareBracketQuotation(true).Statement();
    } catch (Exception | StackOverflowError e) {
      return null; // ParseException, TokenMgrException, or anything its generated code throws
    }
  }

  /**
   * Remembers our normalised form of each name TablesNamesFinder reports. It still returns the raw
   * name, which TablesNamesFinder compares with the names of common table expressions to leave
   * those out.
   */
  private static final class TableCollector extends TablesNamesFinder<Void> {
    final Map<String, String> normalized = new HashMap<>();

    @Override
    protected String extractTableName(Table table) {
      String raw = super.extractTableName(table);
      String schema = table.getSchemaName();
      String bare = unquote(String.valueOf(table.getName())).toLowerCase(Locale.ROOT);
      boolean temp = schema != null && unquote(schema).equalsIgnoreCase("temp");
      normalized.put(raw, temp ? "temp." + bare : bare);
      return raw;
    }
  }

  private static String unquote(String s) {
    if (s.length() >= 2) {
      char first = s.charAt(0);
      char last = s.charAt(s.length() - 1);
      if ((first == '"' && last == '"')
          || (first == '`' && last == '`')
          || (first == '[' && last == ']')) {
        String inner = s.substring(1, s.length() - 1);
        return first == '['
            ? inner
            : inner.replace(String.valueOf(first) + first, String.valueOf(first));
      }
    }
    return s;
  }
}
