package dev.sharedschema.parser.internal;

/**
 * Cuts SQL text into tokens the way SQLite's tokenizer ({@code sqlite3GetToken}) does, as far as
 * statement boundaries depend on it: comments, the four quoting styles, blobs and parameters. It
 * never fails: an unterminated string or identifier becomes a token running to the end of the text,
 * as SQLite would then reject the whole rest anyway. No regular expressions, no substrings.
 */
final class SqlLexer {
  private SqlLexer() {}

  public static TokenList lex(String source) {
    int n = source.length();
    TokenList out = new TokenList(source, Math.min(n / 4 + 8, 1 << 16));
    int i = 0;
    while (i < n) {
      i = next(source, i, n, out);
    }
    return out;
  }

  /** Consumes one token, comment or blank at {@code i}; returns where the next one starts. */
  private static int next(String s, int i, int n, TokenList out) {
    char c = s.charAt(i);
    switch (c) {
      case ' ', '\t', '\n', '\f', '\r':
        return i + 1;
      case '-':
        if (i + 1 < n && s.charAt(i + 1) == '-') {
          int eol = s.indexOf('\n', i + 2);
          return eol < 0 ? n : eol;
        }
        return single(out, TokenType.OP, i);
      case '/':
        if (i + 1 < n && s.charAt(i + 1) == '*') {
          int close = s.indexOf("*/", i + 2);
          return close < 0 ? n : close + 2; // SQLite accepts an unterminated block comment
        }
        return single(out, TokenType.OP, i);
      case '\'':
        return quoted(s, i, i + 1, n, '\'', TokenType.STRING, out);
      case '"', '`':
        return quoted(s, i, i + 1, n, c, TokenType.QUOTED, out);
      case '[':
        return bracketed(s, i, n, out);
      case '(':
        return single(out, TokenType.LPAREN, i);
      case ')':
        return single(out, TokenType.RPAREN, i);
      case ';':
        return single(out, TokenType.SEMI, i);
      case ',':
        return single(out, TokenType.COMMA, i);
      case '.':
        return i + 1 < n && isDigit(s.charAt(i + 1))
            ? number(s, i, n, out)
            : single(out, TokenType.DOT, i);
      case '?':
        return emit(out, TokenType.PARAM, i, skipDigits(s, i + 1, n));
      case ':', '@', '$', '#':
        return variable(s, i, n, out);
      default:
        if (isDigit(c)) {
          return number(s, i, n, out);
        }
        if ((c == 'x' || c == 'X') && i + 1 < n && s.charAt(i + 1) == '\'') {
          return blob(s, i, n, out);
        }
        if (isIdStart(c)) {
          int j = i + 1;
          while (j < n && isIdChar(s.charAt(j))) {
            j++;
          }
          return emit(out, TokenType.WORD, i, j);
        }
        return single(out, TokenType.OP, i);
    }
  }

  /** {@code '…'}, {@code "…"} and {@code `…`}: a doubled quote character stands for itself. */
  private static int quoted(
      String s, int start, int from, int n, char q, TokenType t, TokenList out) {
    int j = from;
    while (true) {
      int k = s.indexOf(q, j);
      if (k < 0) {
        return unterminated(out, t, start, n);
      }
      if (k + 1 < n && s.charAt(k + 1) == q) {
        j = k + 2;
      } else {
        return emit(out, t, start, k + 1);
      }
    }
  }

  /** {@code […]} has no escapes: it ends at the first {@code ]}. */
  private static int bracketed(String s, int i, int n, TokenList out) {
    int close = s.indexOf(']', i + 1);
    return close < 0
        ? unterminated(out, TokenType.QUOTED, i, n)
        : emit(out, TokenType.QUOTED, i, close + 1);
  }

  /**
   * {@code x'…'} ends at the next quote; unlike a string, {@code ''} is not an escape in SQLite.
   */
  private static int blob(String s, int i, int n, TokenList out) {
    int close = s.indexOf('\'', i + 2);
    return close < 0
        ? unterminated(out, TokenType.BLOB, i, n)
        : emit(out, TokenType.BLOB, i, close + 1);
  }

  /**
   * {@code :a}, {@code @a}, {@code #a}, {@code $a}, with SQLite's Tcl forms {@code $a::b} and
   * {@code $a(x)}.
   */
  private static int variable(String s, int i, int n, TokenList out) {
    int j = i + 1;
    int idChars = 0;
    while (j < n) {
      char c = s.charAt(j);
      if (isIdChar(c)) {
        idChars++;
        j++;
      } else if (c == '(' && idChars > 0) {
        // The suffix runs to ')' or to a blank, so "$a(x;y)" is one token, as in SQLite.
        j++;
        while (j < n && !isSpace(s.charAt(j)) && s.charAt(j) != ')') {
          j++;
        }
        return emit(out, TokenType.PARAM, i, j < n && s.charAt(j) == ')' ? j + 1 : j);
      } else if (c == ':' && j + 1 < n && s.charAt(j + 1) == ':') {
        j += 2;
      } else {
        break;
      }
    }
    return emit(out, idChars == 0 ? TokenType.OP : TokenType.PARAM, i, j);
  }

  /** Digits, hex, fractions, exponents with a sign, and {@code _} separators. */
  private static int number(String s, int i, int n, TokenList out) {
    boolean hex =
        i + 1 < n && s.charAt(i) == '0' && (s.charAt(i + 1) == 'x' || s.charAt(i + 1) == 'X');
    int j = i + 1;
    while (j < n) {
      char c = s.charAt(j);
      char prev = s.charAt(j - 1);
      boolean sign = (c == '+' || c == '-') && !hex && (prev == 'e' || prev == 'E');
      if (isIdChar(c) || c == '.' || sign) {
        j++;
      } else {
        break;
      }
    }
    return emit(out, TokenType.NUMBER, i, j);
  }

  private static int skipDigits(String s, int j, int n) {
    while (j < n && isDigit(s.charAt(j))) {
      j++;
    }
    return j;
  }

  private static int single(TokenList out, TokenType t, int i) {
    return emit(out, t, i, i + 1);
  }

  private static int emit(TokenList out, TokenType t, int start, int end) {
    out.add(t, start, end);
    return end;
  }

  private static int unterminated(TokenList out, TokenType t, int start, int n) {
    out.add(t, start, n);
    out.markLastUnterminated();
    return n;
  }

  static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /** SQLite treats every byte of a multi-byte character as an identifier character. */
  private static boolean isIdStart(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
  }

  private static boolean isIdChar(char c) {
    return isIdStart(c) || isDigit(c) || c == '$';
  }
}
