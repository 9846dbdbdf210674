package dev.sharedschema.parser;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

/** What every classification must satisfy for any input. */
final class SplitInvariants {
  private SplitInvariants() {}

  static void check(String sql, ClassifiedSql result) {
    assertThat(result.sql()).isEqualTo(sql);
    List<SqlStatement> statements = result.statements();
    int previousEnd = 0;
    for (int i = 0; i < statements.size(); i++) {
      SqlStatement s = statements.get(i);
      assertThat(s.number()).isEqualTo(i + 1);
      assertThat(s.kind()).isNotNull();
      assertThat(s.start()).as("start of statement %d", i + 1).isGreaterThanOrEqualTo(previousEnd);
      assertThat(s.end())
          .as("end of statement %d", i + 1)
          .isGreaterThan(s.start())
          .isLessThanOrEqualTo(sql.length());
      assertThat(s.sql()).isEqualTo(sql.substring(s.start(), s.end()));
      assertThat(isBlank(s.sql().charAt(0))).as("leading blank").isFalse();
      // Only an unterminated string or identifier, which runs to the end of the text, ends blank.
      if (s.end() < sql.length()) {
        assertThat(isBlank(s.sql().charAt(s.sql().length() - 1))).as("trailing blank").isFalse();
      }
      assertThat(s.sql()).doesNotStartWith(";").doesNotStartWith("--").doesNotStartWith("/*");
      assertThat(onlyBlanksCommentsAndSemicolons(sql.substring(previousEnd, s.start())))
          .as("gap before statement %d: %s", i + 1, sql.substring(previousEnd, s.start()))
          .isTrue();
      previousEnd = s.end();
    }
    assertThat(onlyBlanksCommentsAndSemicolons(sql.substring(previousEnd)))
        .as("gap after the last statement: %s", sql.substring(previousEnd))
        .isTrue();
    assertThat(result.allReads())
        .isEqualTo(statements.stream().allMatch(s -> s.kind() == StatementKind.READ));
  }

  /** Independent of the lexer on purpose: a plain reading of what a gap may hold. */
  static boolean onlyBlanksCommentsAndSemicolons(String gap) {
    int i = 0;
    while (i < gap.length()) {
      char c = gap.charAt(i);
      if (isBlank(c) || c == ';') {
        i++;
      } else if (gap.startsWith("--", i)) {
        int eol = gap.indexOf('\n', i);
        i = eol < 0 ? gap.length() : eol + 1;
      } else if (gap.startsWith("/*", i)) {
        int close = gap.indexOf("*/", i + 2);
        i = close < 0 ? gap.length() : close + 2;
      } else {
        return false;
      }
    }
    return true;
  }

  private static boolean isBlank(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
  }
}
