package dev.sharedschema.parser.internal;

import java.util.Set;

/**
 * The tables one statement reads or writes, for {@code SqlClassifier.referencedTables}:
 * JSqlParser's answer where it parses the statement, else the lexer's over-approximation.
 */
public final class TableReferences {
  private TableReferences() {}

  /** Lower case, unquoted, {@code temp.} kept; never throws for a non-null statement. */
  public static Set<String> of(String sql) {
    try {
      TokenList tokens = SqlLexer.lex(sql);
      int depth = StatementFacts.scan(tokens, 0, tokens.size()).maxDepth();
      Set<String> tables = JSqlRefiner.tables(sql, depth);
      return Set.copyOf(tables != null ? tables : LexerTableFinder.tables(tokens));
    } catch (RuntimeException | StackOverflowError e) {
      return Set.of();
    }
  }
}
