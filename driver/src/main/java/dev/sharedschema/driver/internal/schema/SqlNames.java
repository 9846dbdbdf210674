package dev.sharedschema.driver.internal.schema;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Every name-like token of an SQL text, lower case: bare words, the contents of {@code "…"}, {@code
 * `…`} and {@code […]} identifiers, and of {@code '…'} strings too (SQLite accepts a string where a
 * table name is expected). A superset of the tables and views a text can name, however they are
 * quoted or qualified ({@code main.t} gives {@code main} and {@code t}), for conservative checks: a
 * name in a comment or a string counts as well.
 */
final class SqlNames {
  private SqlNames() {}

  static Set<String> of(String sql) {
    Set<String> out = new HashSet<>();
    int n = sql.length();
    int i = 0;
    while (i < n) {
      char c = sql.charAt(i);
      if (isWordStart(c)) {
        int start = i;
        while (i < n && isWordPart(sql.charAt(i))) {
          i++;
        }
        out.add(sql.substring(start, i).toLowerCase(Locale.ROOT));
      } else if (c == '"' || c == '`' || c == '\'' || c == '[') {
        char close = c == '[' ? ']' : c;
        StringBuilder name = new StringBuilder();
        i++;
        while (i < n) {
          char d = sql.charAt(i++);
          if (d == close) {
            if (close != ']' && i < n && sql.charAt(i) == close) {
              name.append(close); // a doubled quote stands for itself
              i++;
              continue;
            }
            break;
          }
          name.append(d);
        }
        out.add(name.toString().toLowerCase(Locale.ROOT));
      } else {
        i++;
      }
    }
    return out;
  }

  private static boolean isWordStart(char c) {
    return Character.isLetter(c) || c == '_' || c >= 0x80;
  }

  private static boolean isWordPart(char c) {
    return isWordStart(c) || Character.isDigit(c) || c == '$';
  }
}
