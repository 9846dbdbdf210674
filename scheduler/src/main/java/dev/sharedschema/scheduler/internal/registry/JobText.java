package dev.sharedschema.scheduler.internal.registry;

import dev.sharedschema.scheduler.Migration;
import java.security.SecureRandom;
import java.util.HexFormat;

/** What every registry writes with a new job: its token and its summary for people. */
public final class JobText {
  private static final int SUMMARY_CHARS = 200;
  private static final SecureRandom RANDOM = new SecureRandom();

  private JobText() {}

  /** A new job token: 128 random bits, so two registries never issue the same one. */
  public static String newToken() {
    byte[] b = new byte[16];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  /** The first statement, shortened, and how many follow. */
  public static String summary(Migration m) {
    String first = m.statements().get(0).sql().strip().replaceAll("\\s+", " ");
    if (first.length() > SUMMARY_CHARS) {
      first = first.substring(0, SUMMARY_CHARS) + "…";
    }
    int more = m.statements().size() - 1;
    return more == 0 ? first : first + " (+" + more + " more)";
  }
}
