package dev.sharedschema.bench;

import dev.sharedschema.parser.SqlClassifier;
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
 * that do not use parameters send them; there are far more of them than the cache holds, so every
 * call is a miss that also pays for inserting into (and evicting from) the cache.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class ClassifierBenchmark {
  private static final int DISTINCT = 1 << 16;

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

  private String[] typical;
  private String[] complex;
  private String cached;
  private SqlClassifier classifier;
  private int i;

  @Setup
  public void setUp() {
    classifier = new SqlClassifier(4096);
    typical = new String[DISTINCT];
    complex = new String[DISTINCT];
    for (int n = 0; n < DISTINCT; n++) {
      typical[n] = "SELECT id, name, email FROM users WHERE id = " + n;
      complex[n] = String.format(COMPLEX_TEMPLATE, n % 28 + 1, n);
    }
    cached = "SELECT id, name, email FROM users WHERE id = ?";
    classifier.classify(cached);
  }

  @Benchmark
  public Object newTypicalText() {
    i = (i + 1) & (DISTINCT - 1);
    return classifier.classify(typical[i]);
  }

  @Benchmark
  public Object newComplexText() {
    i = (i + 1) & (DISTINCT - 1);
    return classifier.classify(complex[i]);
  }

  @Benchmark
  public Object cachedText() {
    return classifier.classify(cached);
  }
}
