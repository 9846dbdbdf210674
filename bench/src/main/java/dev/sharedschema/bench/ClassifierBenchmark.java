package dev.sharedschema.bench;

import dev.sharedschema.parser.SqlClassifier;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of classifying SQL text: a new typical text (goal ≤ 5 µs), a new complex text (≤ 50 µs), a
 * repeated text served from the cache (≤ 1 µs). "New" texts differ by an inlined literal, as apps
 * that do not use parameters send them.
 *
 * <p>Two traps this avoids. (1) Every "new" call must miss the cache: the texts are visited in
 * order and there are {@value #DISTINCT}, twice the cache's capacity of {@value #CACHE}, so a text
 * comes back only after it was evicted; {@link #setUp} checks that. Each miss also pays for
 * inserting into (and rotating) the cache. (2) A {@link String} caches its hash code, so reusing
 * pre-built String objects would make the second pass over them skip hashing that a real app (which
 * builds a new String per call) pays; the texts are kept as Latin-1 bytes and turned into a fresh
 * String on every call. The {@code *CopyOnly} methods measure that copy alone, to subtract.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class ClassifierBenchmark {
  static final int CACHE = SqlClassifier.DEFAULT_CACHE_CAPACITY;
  static final int DISTINCT = 2 * CACHE;

  static final String COMPLEX_TEMPLATE =
      """
      WITH recent AS (
        SELECT o.customer_id, sum(o.total) AS spent, count(*) AS orders
        FROM orders o
        WHERE o.created_at > '2026-01-%d' AND o.status IN ('paid', 'shipped')
        GROUP BY o.customer_id
      ), ranked AS (
        SELECT r.*, rank() OVER (ORDER BY r.spent DESC) AS pos
        FROM recent r
      )
      SELECT c.id, c.name, c.email, rk.spent, rk.orders,
             CASE WHEN rk.pos <= 10 THEN 'top' WHEN rk.pos <= 100 THEN 'high' ELSE 'normal' END AS tier,
             (SELECT count(*) FROM tickets t WHERE t.customer_id = c.id AND t.open = 1) AS open_tickets
      FROM customers c
      JOIN ranked rk ON rk.customer_id = c.id
      LEFT JOIN addresses a ON a.customer_id = c.id AND a.kind = 'billing'
      WHERE c.deleted_at IS NULL
        AND (a.country = 'DE' OR a.country IS NULL)
        AND c.id NOT IN (SELECT customer_id FROM blocked)
      ORDER BY rk.spent DESC, c.id
      LIMIT 50 OFFSET %d
      """;

  private byte[][] typical;
  private byte[][] complex;
  private String cached;
  private SqlClassifier classifier;
  private int i;

  @Setup
  public void setUp() {
    classifier = new SqlClassifier(CACHE);
    typical = new byte[DISTINCT][];
    complex = new byte[DISTINCT][];
    for (int n = 0; n < DISTINCT; n++) {
      typical[n] =
          ("SELECT id, name, email FROM users WHERE id = " + n)
              .getBytes(StandardCharsets.ISO_8859_1);
      complex[n] =
          String.format(COMPLEX_TEMPLATE, n % 28 + 1, n).getBytes(StandardCharsets.ISO_8859_1);
    }
    cached = "SELECT id, name, email FROM users WHERE id = ?";
    requireMissesAfterOneCycle(typical);
    requireMissesAfterOneCycle(complex);
    if (classifier.classify(cached) != classifier.classify(cached)) {
      throw new IllegalStateException("a repeated text is not served from the cache");
    }
  }

  /** A text classified again after one cycle over all texts must be a new result, i.e. a miss. */
  private void requireMissesAfterOneCycle(byte[][] texts) {
    Object first = classifier.classify(text(texts, 0));
    for (int n = 1; n < DISTINCT; n++) {
      classifier.classify(text(texts, n));
    }
    if (classifier.classify(text(texts, 0)) == first) {
      throw new IllegalStateException(
          "a text came back from the cache after one cycle: 'new text' would measure hits");
    }
  }

  private static String text(byte[][] texts, int n) {
    return new String(texts[n], StandardCharsets.ISO_8859_1);
  }

  private int next() {
    i = (i + 1) & (DISTINCT - 1);
    return i;
  }

  @Benchmark
  public Object newTypicalText() {
    return classifier.classify(text(typical, next()));
  }

  @Benchmark
  public Object newComplexText() {
    return classifier.classify(text(complex, next()));
  }

  @Benchmark
  public Object cachedText() {
    return classifier.classify(cached);
  }

  @Benchmark
  public Object newTypicalTextCopyOnly() {
    return text(typical, next());
  }

  @Benchmark
  public Object newComplexTextCopyOnly() {
    return text(complex, next());
  }
}
