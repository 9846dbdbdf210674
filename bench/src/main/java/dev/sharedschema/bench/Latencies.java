package dev.sharedschema.bench;

import java.util.Arrays;
import java.util.Locale;

/**
 * A latency histogram as a sorted array of nanoseconds: exact percentiles, fine for the few hundred
 * thousand samples of one run.
 */
final class Latencies {
  private long[] values = new long[1024];
  private int size;
  private boolean sorted;

  void add(long nanos) {
    if (size == values.length) {
      values = Arrays.copyOf(values, size * 2);
    }
    values[size++] = nanos;
    sorted = false;
  }

  int count() {
    return size;
  }

  /** The smallest value with at least {@code q} of the samples at or below it. */
  long percentile(double q) {
    if (size == 0) {
      return 0;
    }
    if (!sorted) {
      Arrays.sort(values, 0, size);
      sorted = true;
    }
    int rank = (int) Math.ceil(q * size);
    return values[Math.max(0, Math.min(size - 1, rank - 1))];
  }

  long max() {
    return percentile(1.0);
  }

  /** How many samples exceed {@code nanos}. */
  int above(long nanos) {
    int n = 0;
    for (int i = 0; i < size; i++) {
      if (values[i] > nanos) {
        n++;
      }
    }
    return n;
  }

  String row(String label) {
    return String.format(
        Locale.ROOT,
        "%-54s %8d %8.2f %8.2f %8.2f %9.2f",
        label,
        size,
        ms(percentile(0.50)),
        ms(percentile(0.99)),
        ms(percentile(0.999)),
        ms(max()));
  }

  static String header() {
    return String.format(
        Locale.ROOT,
        "%-54s %8s %8s %8s %8s %9s",
        "writes (ms)",
        "count",
        "p50",
        "p99",
        "p99.9",
        "max");
  }

  static double ms(long nanos) {
    return nanos / 1e6;
  }
}
