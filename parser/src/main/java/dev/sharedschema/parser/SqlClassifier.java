package dev.sharedschema.parser;

/**
 * Splits SQL text into statements and classifies each. Results are cached by text in a bounded
 * cache, so a repeated text is never parsed twice. Thread-safe.
 */
public final class SqlClassifier {
  // STUB: replaced by the real implementation (lexer/splitter + JSqlParser refinement).
  private static final SqlClassifier SHARED = new SqlClassifier(4096);

  public SqlClassifier(int cacheCapacity) {}

  /** The JVM-wide classifier with the default cache size. */
  public static SqlClassifier shared() {
    return SHARED;
  }

  /**
   * Classifies {@code sql}. Never throws an unchecked exception for any input; a statement it cannot
   * classify gets {@link StatementKind#UNKNOWN}.
   */
  public ClassifiedSql classify(String sql) {
    throw new UnsupportedOperationException("stub");
  }
}
