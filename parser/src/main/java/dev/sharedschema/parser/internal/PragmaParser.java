package dev.sharedschema.parser.internal;

import dev.sharedschema.parser.Pragma;
import dev.sharedschema.parser.PragmaCategory;
import dev.sharedschema.parser.StatementKind;
import java.util.Locale;

/**
 * {@code PRAGMA [schema.]name [= value | (value)]}, where SQLite's value is a signed number, a name
 * or keyword ({@code ON}, {@code WAL}), or a string. Anything else after the name makes the
 * statement UNKNOWN: SQLite would reject it, and we never guess a read.
 */
final class PragmaParser {
  private PragmaParser() {}

  /** The cursor is on {@code PRAGMA}. */
  static Verdict parse(TokenCursor c) {
    c.advance();
    QualifiedName qn = c.qualifiedName();
    if (qn == null) {
      return Verdict.UNKNOWN;
    }
    String name = qn.name().toLowerCase(Locale.ROOT);
    String value = null;
    boolean assignment = false;
    boolean wellFormed = true;
    if (c.isOp('=')) {
      c.advance();
      assignment = true;
      value = value(c);
      wellFormed = value != null;
    } else if (c.accept(TokenType.LPAREN)) {
      value = value(c);
      wellFormed = value != null && c.accept(TokenType.RPAREN);
    }
    wellFormed &= c.atEnd();
    PragmaCategory category = PragmaTable.category(name, value != null);
    Pragma pragma = new Pragma(qn.schema(), name, value, assignment, category);
    StatementKind kind = wellFormed ? PragmaTable.kindOf(category) : StatementKind.UNKNOWN;
    // Any pragma may answer with rows (journal_mode echoes the new mode), so all may return rows.
    return new Verdict(kind, null, qn.isTemp(), false, pragma, true);
  }

  /** A value as SQLite's grammar allows it, unquoted; null when something else is there. */
  private static String value(TokenCursor c) {
    String sign = "";
    if (c.isOp('-') || c.isOp('+')) {
      sign = c.text();
      c.advance();
      if (c.type() != TokenType.NUMBER) {
        return null;
      }
    }
    TokenType type = c.type();
    String value;
    if (type == TokenType.NUMBER || type == TokenType.WORD) {
      value = sign + c.text();
    } else if (type == TokenType.STRING || type == TokenType.QUOTED) {
      value = c.unquoted();
    } else {
      return null;
    }
    c.advance();
    return value;
  }
}
