package dev.sharedschema.driver.internal;

import java.time.Duration;
import java.util.Locale;

/**
 * Durations as users write them in URLs: milliseconds ({@code 1500}) or with a unit ({@code 250ms},
 * {@code 30s}, {@code 2m}, {@code 1h}).
 */
final class DurationText {
  private DurationText() {}

  /**
   * @throws NumberFormatException for text that is not a non-negative duration
   */
  static Duration parse(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    long factor = 1;
    String digits = t;
    if (t.endsWith("ms")) {
      digits = t.substring(0, t.length() - 2);
    } else if (t.endsWith("s")) {
      factor = 1_000;
      digits = t.substring(0, t.length() - 1);
    } else if (t.endsWith("m")) {
      factor = 60_000;
      digits = t.substring(0, t.length() - 1);
    } else if (t.endsWith("h")) {
      factor = 3_600_000;
      digits = t.substring(0, t.length() - 1);
    }
    long n = Long.parseLong(digits.trim());
    if (n < 0) {
      throw new NumberFormatException("negative duration: " + text);
    }
    return Duration.ofMillis(Math.multiplyExact(n, factor));
  }
}
