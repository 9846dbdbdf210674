package dev.sharedschema.parser.internal;

/**
 * Facts gathered in one pass over all tokens of a statement, for the rules that need more than the
 * leading keywords.
 *
 * @param tempQualifiers how many names are qualified {@code temp.} ({@code temp.t}, {@code
 *     "TEMP".t})
 * @param mentionsReserved some name or string starts with {@code _sharedschema}: it matters for
 *     trigger and view bodies (SQLite accepts a string where a table name is expected, so strings
 *     count too, which can only err towards refusing)
 * @param returning {@code RETURNING} appears outside parentheses, i.e. as the clause
 * @param maxDepth deepest parenthesis nesting, to keep pathological texts away from JSqlParser
 * @param unterminated the statement ends in an unterminated string or identifier
 */
record StatementFacts(
    int tempQualifiers,
    boolean mentionsReserved,
    boolean returning,
    int maxDepth,
    boolean unterminated) {

  public static StatementFacts scan(TokenList t, int from, int to) {
    int temps = 0;
    boolean reserved = false;
    boolean returning = false;
    int depth = 0;
    int maxDepth = 0;
    for (int i = from; i < to; i++) {
      TokenType type = t.type(i);
      if (type == TokenType.LPAREN) {
        maxDepth = Math.max(maxDepth, ++depth);
      } else if (type == TokenType.RPAREN) {
        depth--;
      } else if (t.isName(i)) {
        boolean qualifier = i + 1 < to && t.type(i + 1) == TokenType.DOT;
        boolean qualified = i > from && t.type(i - 1) == TokenType.DOT;
        if (qualifier && !qualified && t.contentIs(i, "temp")) {
          temps++;
        }
        reserved |= t.contentIsReserved(i);
        if (depth == 0 && type == TokenType.WORD && t.contentIs(i, "returning")) {
          returning = true;
        }
      }
    }
    boolean unterminated = t.lastUnterminated() && to == t.size();
    return new StatementFacts(temps, reserved, returning, maxDepth, unterminated);
  }
}
