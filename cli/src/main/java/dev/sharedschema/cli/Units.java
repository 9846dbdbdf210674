package dev.sharedschema.cli;

import java.time.Duration;
import java.util.Locale;

/** How the CLI writes durations, rates and sizes for people (JSON carries raw numbers instead). */
final class Units {
  private Units() {}

  /** {@code 850 ms}, {@code 2.31 s}, {@code 4 min 07 s}. */
  static String duration(Duration d) {
    return nanos(d.toNanos());
  }

  static String nanos(long nanos) {
    double ms = nanos / 1e6;
    if (ms < 10) {
      return String.format(Locale.ROOT, "%.2f ms", ms);
    }
    if (ms < 1000) {
      return String.format(Locale.ROOT, "%.0f ms", ms);
    }
    if (ms < 60_000) {
      return String.format(Locale.ROOT, "%.2f s", ms / 1000);
    }
    long s = Math.round(ms / 1000);
    if (s < 3600) {
      return String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
    }
    return String.format(Locale.ROOT, "%d h %02d min", s / 3600, s % 3600 / 60);
  }

  /** Time per item, e.g. {@code 1.42 ms per database}; empty when there are no items. */
  static String per(long nanos, long items, String item) {
    return items <= 0 ? "" : nanos(nanos / items) + " per " + item;
  }

  /** Items per second, {@code 1234/s}. */
  static String rate(double perSecond) {
    if (perSecond >= 10 || perSecond == 0) {
      return String.format(Locale.ROOT, "%.0f/s", perSecond);
    }
    return String.format(Locale.ROOT, "%.1f/s", perSecond);
  }

  /** {@code 24.0 KiB}. */
  static String bytes(long n) {
    if (n < 1024) {
      return n + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double v = n;
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
  }

  /** {@code 1 database}, {@code 3 databases}. */
  static String count(long n, String singular) {
    return count(n, singular, singular + "s");
  }

  static String count(long n, String singular, String plural) {
    return n + " " + (n == 1 ? singular : plural);
  }
}
