package dev.sharedschema.parser.internal;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The fallback for {@link JSqlRefiner#tables} when JSqlParser cannot parse a statement: every name
 * after {@code FROM}, {@code JOIN}, {@code INTO}, {@code UPDATE}, {@code TABLE} or {@code ON}, plus
 * the rest of a comma-separated {@code FROM} list. It over-reports (a qualified column after a
 * join's {@code ON} counts too), which is the safe side for its one use: spotting TEMP tables.
 */
final class LexerTableFinder {
  private LexerTableFinder() {}

  static Set<String> tables(TokenList tokens) {
    Set<String> found = new LinkedHashSet<>();
    for (int i = 0; i < tokens.size(); i++) {
      Keyword k = tokens.keyword(i);
      if (k == Keyword.FROM
          || k == Keyword.JOIN
          || k == Keyword.INTO
          || k == Keyword.UPDATE
          || k == Keyword.TABLE
          || k == Keyword.ON) {
        collectAfter(k, new TokenCursor(tokens, i + 1, tokens.size()), found);
      }
    }
    return found;
  }

  private static void collectAfter(Keyword k, TokenCursor c, Set<String> found) {
    if (k == Keyword.UPDATE && c.accept(Keyword.OR)) {
      c.advance();
    }
    if (k == Keyword.TABLE && c.accept(Keyword.IF)) {
      c.accept(Keyword.NOT);
      c.accept(Keyword.EXISTS);
    }
    while (true) {
      QualifiedName name = c.qualifiedName();
      if (name == null) {
        return;
      }
      found.add(name.normalized());
      if (k != Keyword.FROM) {
        return;
      }
      // "FROM a [AS] x, b": skip the alias, go on after the comma.
      c.accept(Keyword.AS);
      if (c.isName()) {
        c.advance();
      }
      if (!c.accept(TokenType.COMMA)) {
        return;
      }
    }
  }
}
