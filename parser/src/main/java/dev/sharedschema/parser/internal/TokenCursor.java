package dev.sharedschema.parser.internal;

/** A forward cursor over the tokens {@code [pos, limit)} of one statement, for the rules. */
final class TokenCursor {
  private final TokenList tokens;
  private final int limit;
  private int pos;

  public TokenCursor(TokenList tokens, int from, int limit) {
    this.tokens = tokens;
    this.pos = from;
    this.limit = limit;
  }

  public boolean atEnd() {
    return pos >= limit;
  }

  public void advance() {
    pos++;
  }

  /** The current token's type, or null at the end. */
  public TokenType type() {
    return atEnd() ? null : tokens.type(pos);
  }

  /** The keyword at the cursor, or null (end, not a word, or a word we do not know). */
  public Keyword keyword() {
    return atEnd() ? null : tokens.keyword(pos);
  }

  public boolean is(Keyword k) {
    return keyword() == k;
  }

  /** Moves past {@code k} if it is at the cursor. */
  public boolean accept(Keyword k) {
    if (is(k)) {
      pos++;
      return true;
    }
    return false;
  }

  public boolean accept(TokenType t) {
    if (type() == t) {
      pos++;
      return true;
    }
    return false;
  }

  /** True when the current token is the operator character {@code c}. */
  public boolean isOp(char c) {
    return type() == TokenType.OP && tokens.source().charAt(tokens.start(pos)) == c;
  }

  public boolean hasNext() {
    return pos + 1 < limit;
  }

  public boolean isName() {
    return !atEnd() && tokens.isName(pos);
  }

  /** The current token's raw text. */
  public String text() {
    return tokens.source().substring(tokens.start(pos), tokens.end(pos));
  }

  /** The current token unquoted. */
  public String unquoted() {
    return tokens.unquoted(pos);
  }

  /** Reads {@code name} or {@code schema.name}; null (cursor unmoved) when no name is there. */
  public QualifiedName qualifiedName() {
    if (!isName()) {
      return null;
    }
    int first = pos;
    if (pos + 1 < limit && tokens.type(pos + 1) == TokenType.DOT) {
      if (pos + 2 < limit && tokens.isName(pos + 2)) {
        pos += 3;
        return new QualifiedName(tokens.unquoted(first), tokens.unquoted(first + 2));
      }
      return null; // "schema." with the name missing: a truncated statement
    }
    pos++;
    return new QualifiedName(null, tokens.unquoted(first));
  }

  /** Moves just past the first {@code k} outside parentheses; false (cursor at end) if none. */
  public boolean skipPast(Keyword k) {
    int depth = 0;
    while (!atEnd()) {
      TokenType t = tokens.type(pos);
      if (t == TokenType.LPAREN) {
        depth++;
      } else if (t == TokenType.RPAREN) {
        depth--;
      } else if (depth == 0 && tokens.keyword(pos) == k) {
        pos++;
        return true;
      }
      pos++;
    }
    return false;
  }
}
