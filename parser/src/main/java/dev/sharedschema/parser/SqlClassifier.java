package dev.sharedschema.parser;

import dev.sharedschema.parser.internal.ClassificationCache;
import dev.sharedschema.parser.internal.TableReferences;
import dev.sharedschema.parser.internal.TextClassifier;
import java.util.Objects;
import java.util.Set;

/**
 * Splits SQL text into statements and classifies each. Results are cached by text in a bounded
 * cache, so a repeated text is never parsed twice. Thread-safe.
 *
 * <p>Splitting and classifying are done by a small SQLite-aware lexer (JSqlParser cannot split
 * SQLite scripts: it fails on triggers, PRAGMA, transaction statements and more). JSqlParser is
 * consulted only when the lexer cannot decide, e.g. whether {@code temp.x} names a TEMP table or a
 * column of a table aliased {@code temp}. See docs/parser.md.
 */
public final class SqlClassifier {
  /** Capacity of {@link #shared()}'s cache. */
  public static final int DEFAULT_CACHE_CAPACITY = 4096;

  private static final SqlClassifier SHARED = new SqlClassifier(DEFAULT_CACHE_CAPACITY);

  private final ClassificationCache cache;

  /**
   * @param cacheCapacity how many texts to keep classified (approximately, evicting the least
   *     recently used); 0 disables the cache. Texts over 64 KiB are never cached.
   * @throws IllegalArgumentException if {@code cacheCapacity} is negative
   */
  public SqlClassifier(int cacheCapacity) {
    this.cache = new ClassificationCache(cacheCapacity);
  }

  /** The JVM-wide classifier with the default cache size. */
  public static SqlClassifier shared() {
    return SHARED;
  }

  /**
   * Classifies {@code sql}. Never throws an unchecked exception for any input; a statement it
   * cannot classify gets {@link StatementKind#UNKNOWN}. A repeated text returns the same instance
   * while it is cached.
   *
   * @throws NullPointerException if {@code sql} is null
   */
  public ClassifiedSql classify(String sql) {
    Objects.requireNonNull(sql, "sql must not be null");
    ClassifiedSql cached = cache.get(sql);
    if (cached != null) {
      return cached;
    }
    ClassifiedSql result = TextClassifier.classify(sql);
    cache.put(sql, result);
    return result;
  }

  /**
   * The tables {@code statement} reads or writes: lower case, unquoted, schema qualifiers dropped
   * except {@code temp.}, which is kept ({@code temp.t}). Uses JSqlParser where it parses the
   * statement and otherwise every name after FROM, JOIN, INTO, UPDATE, TABLE or ON (which may
   * include a few names that are not tables). Costs tens of microseconds and is not cached: keep it
   * off the hot path. Never throws for a non-null statement.
   *
   * @throws NullPointerException if {@code statement} is null
   */
  public Set<String> referencedTables(SqlStatement statement) {
    Objects.requireNonNull(statement, "statement must not be null");
    return TableReferences.of(statement.sql());
  }

  /** Texts held in the cache now; for tests. */
  int cachedTexts() {
    return cache.size();
  }
}
