package dev.sharedschema.parser.internal;

import java.util.Arrays;

/**
 * The tokens of one text as parallel arrays of type and offsets, so that lexing allocates a few
 * arrays instead of an object per token, and rules can look ahead or behind by index.
 */
final class TokenList {
  private static final char[] RESERVED_PREFIX = "_sharedschema".toCharArray();

  private final String source;
  private TokenType[] types;
  private int[] starts;
  private int[] ends;
  private int size;
  private boolean lastUnterminated;

  TokenList(String source, int capacity) {
    this.source = source;
    int c = Math.max(capacity, 4);
    this.types = new TokenType[c];
    this.starts = new int[c];
    this.ends = new int[c];
  }

  void add(TokenType type, int start, int end) {
    if (size == types.length) {
      int c = size * 2;
      types = Arrays.copyOf(types, c);
      starts = Arrays.copyOf(starts, c);
      ends = Arrays.copyOf(ends, c);
    }
    types[size] = type;
    starts[size] = start;
    ends[size] = end;
    size++;
  }

  /** Only the last token can lack its closing quote: it then runs to the end of the text. */
  void markLastUnterminated() {
    lastUnterminated = true;
  }

  public String source() {
    return source;
  }

  public int size() {
    return size;
  }

  public TokenType type(int i) {
    return types[i];
  }

  public int start(int i) {
    return starts[i];
  }

  public int end(int i) {
    return ends[i];
  }

  public boolean lastUnterminated() {
    return lastUnterminated;
  }

  /** The keyword this token spells, or null for anything but a bare word we care about. */
  public Keyword keyword(int i) {
    return types[i] == TokenType.WORD ? Keyword.lookup(source, starts[i], ends[i]) : null;
  }

  /** True for tokens SQLite accepts as a name: bare words, quoted identifiers and strings. */
  public boolean isName(int i) {
    TokenType t = types[i];
    return t == TokenType.WORD || t == TokenType.QUOTED || t == TokenType.STRING;
  }

  /** The name with its quotes removed and doubled quote characters collapsed. */
  public String unquoted(int i) {
    int from = contentStart(i);
    int to = contentEnd(i);
    if (types[i] == TokenType.WORD || types[i] == TokenType.BLOB) {
      return source.substring(from, to);
    }
    char quote = source.charAt(starts[i]);
    int firstQuote = source.indexOf(quote, from);
    if (quote == '[' || firstQuote < 0 || firstQuote >= to) {
      return source.substring(from, to);
    }
    StringBuilder b = new StringBuilder(to - from);
    for (int k = from; k < to; k++) {
      char c = source.charAt(k);
      b.append(c);
      if (c == quote && k + 1 < to && source.charAt(k + 1) == quote) {
        k++;
      }
    }
    return b.toString();
  }

  /** Compares the unquoted content with a lower-case ASCII word, ignoring case, without copying. */
  public boolean contentIs(int i, String lowerWord) {
    int from = contentStart(i);
    return contentEnd(i) - from == lowerWord.length()
        && source.regionMatches(true, from, lowerWord, 0, lowerWord.length());
  }

  /** True when the unquoted content starts with {@code _sharedschema}, any case. */
  public boolean contentIsReserved(int i) {
    int from = contentStart(i);
    if (contentEnd(i) - from < RESERVED_PREFIX.length) {
      return false;
    }
    for (int k = 0; k < RESERVED_PREFIX.length; k++) {
      if (Character.toLowerCase(source.charAt(from + k)) != RESERVED_PREFIX[k]) {
        return false;
      }
    }
    return true;
  }

  private int contentStart(int i) {
    return switch (types[i]) {
      case QUOTED, STRING -> starts[i] + 1;
      case BLOB -> starts[i] + 2;
      default -> starts[i];
    };
  }

  private int contentEnd(int i) {
    TokenType t = types[i];
    boolean quoted = t == TokenType.QUOTED || t == TokenType.STRING || t == TokenType.BLOB;
    boolean open = lastUnterminated && i == size - 1;
    return quoted && !open ? ends[i] - 1 : ends[i];
  }
}
