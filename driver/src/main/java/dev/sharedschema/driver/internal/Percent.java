package dev.sharedschema.driver.internal;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Percent-decoding of URL parts, as RFC 3986 means it: {@code %XX} only, a {@code +} stays a plus.
 */
final class Percent {
  private Percent() {}

  /**
   * @throws IllegalArgumentException on a malformed escape such as {@code %G1}
   */
  static String decode(String text) {
    if (text.indexOf('%') < 0) {
      return text;
    }
    return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
  }
}
