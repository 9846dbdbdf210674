package dev.sharedschema.parser;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Reads the test tables in src/test/resources: one row per line, columns separated by {@code " |
 * "}, the last column (SQL) taken verbatim after its separator with {@code \n \t \r \f \0 \\}
 * decoded. Lines starting with {@code #} and blank lines are skipped.
 */
final class TextTable {
  private TextTable() {}

  /** A row: its line number and columns; {@code "-"} means null. */
  record Row(int line, String[] columns) {
    String text(int i) {
      return "-".equals(columns[i]) ? null : columns[i];
    }

    String sql() {
      return decode(columns[columns.length - 1]);
    }
  }

  static List<Row> read(String resource, int columns) {
    List<Row> rows = new ArrayList<>();
    try (InputStream in =
            Objects.requireNonNull(TextTable.class.getResourceAsStream("/" + resource), resource);
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      int number = 0;
      while ((line = r.readLine()) != null) {
        number++;
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] parts = line.split(" \\| ", columns);
        if (parts.length != columns) {
          throw new IllegalStateException(
              resource + ":" + number + ": expected " + columns + " columns");
        }
        for (int i = 0; i < columns - 1; i++) {
          parts[i] = parts[i].trim();
        }
        rows.add(new Row(number, parts));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return rows;
  }

  static String decode(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length()) {
        char e = s.charAt(++i);
        b.append(
            switch (e) {
              case 'n' -> '\n';
              case 't' -> '\t';
              case 'r' -> '\r';
              case 'f' -> '\f';
              case '0' -> '\0';
              case '\\' -> '\\';
              default -> throw new IllegalArgumentException("unknown escape \\" + e + " in " + s);
            });
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }
}
