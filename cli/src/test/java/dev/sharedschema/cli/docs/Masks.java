package dev.sharedschema.cli.docs;

import java.util.regex.Pattern;

/**
 * What may differ between a doc's output and a run's without being drift: times, rates and
 * instants, and how many intermediate progress lines a phase printed. Column padding is ignored
 * too, since a masked time changes a column's width.
 */
final class Masks {
  /** A line that stands for any number of lines. */
  static final String ELLIPSIS = "…";

  private static final Pattern INSTANT =
      Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z");
  private static final Pattern RATE = Pattern.compile("\\d+(\\.\\d+)?/s\\b");
  private static final Pattern DURATION =
      Pattern.compile("\\b\\d+(\\.\\d+)? ?(ns|µs|ms|s|min|h)\\b");
  private static final Pattern MILLIS = Pattern.compile("(\"elapsedMillis\": )\\d+");
  private static final Pattern SPACES = Pattern.compile("\\s+");

  /**
   * A progress line before a phase's last, e.g. {@code dry run 300/1000 30% …}: how many of them
   * are printed depends on timing (one per tenth of the work, and one every 5 s).
   */
  private static final Pattern PROGRESS = Pattern.compile("^(dry run|run|link) +(\\d+)/(\\d+) .*");

  private Masks() {}

  static String normalize(String line) {
    String s = INSTANT.matcher(line).replaceAll("<instant>");
    s = RATE.matcher(s).replaceAll("<rate>");
    s = DURATION.matcher(s).replaceAll("<time>");
    s = MILLIS.matcher(s).replaceAll("$1<millis>");
    return SPACES.matcher(s).replaceAll(" ").strip();
  }

  /** True for a progress line that a run may or may not print. */
  static boolean optional(String line) {
    var m = PROGRESS.matcher(line);
    return m.matches() && Long.parseLong(m.group(2)) < Long.parseLong(m.group(3));
  }
}
