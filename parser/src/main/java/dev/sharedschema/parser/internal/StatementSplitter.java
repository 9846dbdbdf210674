package dev.sharedschema.parser.internal;

import java.util.Arrays;

/**
 * Finds statement boundaries in a token list, as SQLite's parser would see them: a statement ends
 * at {@code ;} or at the end of the text, except inside the body of {@code CREATE TRIGGER … BEGIN
 * …; …; END}.
 *
 * <p>A trigger body is a list of commands each ending in {@code ;}; it is closed by {@code END} in
 * the position where a command would start. Only there is {@code END} the closer: {@code CASE …
 * END} and a column named {@code end} can never start a trigger command, so neither {@code CASE}
 * nor parentheses need tracking. The body opens at the first {@code BEGIN} after {@code TRIGGER};
 * if that was really a name spelled {@code begin}, the same rule still finds the real closer,
 * because commands only start after {@code ;}. A {@code ;} before any {@code BEGIN} ends the
 * statement, as the parser would fail there.
 */
final class StatementSplitter {
  private StatementSplitter() {}

  /**
   * The non-empty statements as pairs of token indexes {@code [first, end)}, flattened: element
   * {@code 2k} is statement k's first token, {@code 2k+1} one past its last (never a {@code ;}).
   */
  public static int[] split(TokenList tokens) {
    int n = tokens.size();
    int[] out = new int[8];
    int count = 0;
    int i = 0;
    while (i < n) {
      if (tokens.type(i) == TokenType.SEMI) {
        i++;
        continue;
      }
      int first = i;
      i = startsTrigger(tokens, i) ? triggerEnd(tokens, i) : plainEnd(tokens, i);
      if (count + 2 > out.length) {
        out = Arrays.copyOf(out, out.length * 2);
      }
      out[count++] = first;
      out[count++] = i;
    }
    return Arrays.copyOf(out, count);
  }

  private static int plainEnd(TokenList t, int i) {
    int n = t.size();
    while (i < n && t.type(i) != TokenType.SEMI) {
      i++;
    }
    return i;
  }

  /** {@code [EXPLAIN [QUERY PLAN]] CREATE [TEMP|TEMPORARY] TRIGGER}. */
  private static boolean startsTrigger(TokenList t, int i) {
    int n = t.size();
    if (i < n && t.keyword(i) == Keyword.EXPLAIN) {
      i++;
      if (i + 1 < n && t.keyword(i) == Keyword.QUERY && t.keyword(i + 1) == Keyword.PLAN) {
        i += 2;
      }
    }
    if (i >= n || t.keyword(i) != Keyword.CREATE) {
      return false;
    }
    i++;
    Keyword k = i < n ? t.keyword(i) : null;
    if (k == Keyword.TEMP || k == Keyword.TEMPORARY) {
      i++;
    }
    return i < n && t.keyword(i) == Keyword.TRIGGER;
  }

  private enum TriggerState {
    HEADER,
    COMMAND_START,
    IN_COMMAND,
    AFTER_END
  }

  private static int triggerEnd(TokenList t, int i) {
    int n = t.size();
    TriggerState state = TriggerState.HEADER;
    for (; i < n; i++) {
      TokenType type = t.type(i);
      switch (state) {
        case HEADER -> {
          if (type == TokenType.SEMI) {
            return i;
          }
          if (t.keyword(i) == Keyword.BEGIN) {
            state = TriggerState.COMMAND_START;
          }
        }
        case COMMAND_START -> {
          if (t.keyword(i) == Keyword.END) {
            state = TriggerState.AFTER_END;
          } else if (type != TokenType.SEMI) {
            state = TriggerState.IN_COMMAND;
          }
        }
        case IN_COMMAND -> {
          if (type == TokenType.SEMI) {
            state = TriggerState.COMMAND_START;
          }
        }
        case AFTER_END -> {
          if (type == TokenType.SEMI) {
            return i;
          }
        }
      }
    }
    return n;
  }
}
