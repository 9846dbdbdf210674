package dev.sharedschema.driver.concurrency;

/** The test seed: {@code -Dsharedschema.test.seed=N} replays a run, otherwise a random one. */
final class Seeds {
  static final String PROPERTY = "sharedschema.test.seed";

  private Seeds() {}

  static long seed() {
    Long fixed = Long.getLong(PROPERTY);
    long seed = fixed != null ? fixed : System.nanoTime() ^ 0x5DEECE66DL;
    System.getLogger("dev.sharedschema.driver.concurrency")
        .log(
            System.Logger.Level.INFO,
            "seed {0} (replay with -D{1}={0})",
            String.valueOf(seed),
            PROPERTY);
    System.out.println(
        "concurrency test seed " + seed + " (replay with -D" + PROPERTY + "=" + seed + ")");
    return seed;
  }
}
