package dev.sharedschema.parser;

import java.lang.System.Logger.Level;
import java.util.stream.LongStream;
import java.util.stream.Stream;

/**
 * Seeds for the property tests. Case {@code i} of a run uses seed {@code base + i}; the base is
 * random per run unless {@code -Dsharedschema.test.seed=N} fixes it. Every case shows its seed in
 * its display name, so a failure is replayed by passing that seed: it becomes case 0.
 */
final class PropertySeeds {
  static final String PROPERTY = "sharedschema.test.seed";
  static final long BASE;

  static {
    Long fixed = Long.getLong(PROPERTY);
    BASE = fixed != null ? fixed : System.nanoTime() ^ 0x5DEECE66DL;
    System.getLogger("dev.sharedschema.parser.test")
        .log(
            Level.INFO,
            "property tests: base seed {0} (replay a case with -D{1}=<its seed>)",
            String.valueOf(BASE),
            PROPERTY);
  }

  private PropertySeeds() {}

  static Stream<Long> seeds(int count) {
    return LongStream.range(0, count).mapToObj(i -> BASE + i);
  }

  /**
   * Runs one case's assertions; a failure names the seed and the input, since build reports show
   * case indexes rather than display names.
   */
  static void replayable(long seed, String input, Runnable assertions) {
    try {
      assertions.run();
    } catch (AssertionError e) {
      String shown = input.length() > 300 ? input.substring(0, 300) + "…" : input;
      throw new AssertionError(
          "seed=" + seed + " (replay with -D" + PROPERTY + "=" + seed + "), input: " + shown, e);
    }
  }
}
