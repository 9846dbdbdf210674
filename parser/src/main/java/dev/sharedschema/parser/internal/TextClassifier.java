package dev.sharedschema.parser.internal;

import dev.sharedschema.parser.ClassifiedSql;
import dev.sharedschema.parser.SqlStatement;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;

/** Lexes a whole text once, splits it, and classifies each statement. Uncached. */
public final class TextClassifier {
  private static final System.Logger LOG = System.getLogger("dev.sharedschema.parser");

  private TextClassifier() {}

  /** Never throws for a non-null text: a failure inside becomes UNKNOWN statements. */
  public static ClassifiedSql classify(String sql) {
    try {
      TokenList tokens = SqlLexer.lex(sql);
      int[] ranges = StatementSplitter.split(tokens);
      List<SqlStatement> statements = new ArrayList<>(ranges.length / 2);
      for (int k = 0; k < ranges.length; k += 2) {
        statements.add(classifyOne(tokens, ranges[k], ranges[k + 1], k / 2 + 1));
      }
      return new ClassifiedSql(sql, statements);
    } catch (RuntimeException | StackOverflowError e) {
      LOG.log(
          Level.WARNING,
          "statement splitter failed; treating the text as one unknown statement",
          e);
      return wholeTextUnknown(sql);
    }
  }

  private static SqlStatement classifyOne(TokenList tokens, int from, int to, int number) {
    try {
      return StatementClassifier.classify(tokens, from, to, number);
    } catch (RuntimeException | StackOverflowError e) {
      LOG.log(
          Level.WARNING,
          "classifier failed on statement " + number + "; treating it as unknown",
          e);
      return StatementClassifier.unknown(
          tokens.source(), tokens.start(from), tokens.end(to - 1), number);
    }
  }

  /** The whole text without surrounding blanks as one UNKNOWN statement (none if it is blank). */
  private static ClassifiedSql wholeTextUnknown(String sql) {
    int start = 0;
    int end = sql.length();
    while (start < end && SqlLexer.isSpace(sql.charAt(start))) {
      start++;
    }
    while (end > start && SqlLexer.isSpace(sql.charAt(end - 1))) {
      end--;
    }
    List<SqlStatement> one =
        start == end ? List.of() : List.of(StatementClassifier.unknown(sql, start, end, 1));
    return new ClassifiedSql(sql, one);
  }
}
