package dev.sharedschema.driver.internal;

import java.util.Locale;
import java.util.Set;

/**
 * Whether a URL and its {@code Properties} open the database read-only, read before anything is
 * opened: a read-only schema connection must change nothing, not even make a registry.
 */
final class ReadOnlyOpen {
  /** sqlite-jdbc's {@code open_mode} bit for SQLITE_OPEN_READWRITE. */
  private static final int READWRITE = 0x02;

  /** The spellings SQLite's {@code sqlite3_uri_boolean} reads as false. */
  private static final Set<String> FALSE = Set.of("0", "no", "off", "false");

  private ReadOnlyOpen() {}

  /**
   * What makes {@code spec} read-only, for messages ({@code open_mode=1}, {@code mode=ro}); {@code
   * null} when it opens read-write. sqlite-jdbc's {@code SQLiteConfig.setReadOnly} arrives as
   * {@code open_mode}; SQLite reads {@code mode} and {@code immutable} from a {@code file:} URI.
   */
  static String reason(ConnectionSpec spec) {
    String openMode = spec.sqliteOption("open_mode");
    if (openMode != null) {
      try {
        if ((Integer.parseInt(openMode.trim()) & READWRITE) == 0) {
          return "open_mode=" + openMode.trim() + ", without SQLITE_OPEN_READWRITE";
        }
      } catch (NumberFormatException e) {
        // Not a number: sqlite-jdbc refuses it when the connection opens.
      }
    }
    String address = spec.sqliteUrl().substring(ConnectionSpec.SQLITE_PREFIX.length());
    int q = address.indexOf('?');
    if (!address.regionMatches(true, 0, "file:", 0, 5) || q < 0) {
      return null;
    }
    for (String param : address.substring(q + 1).split("&")) {
      String p = param.trim().toLowerCase(Locale.ROOT);
      if (p.equals("mode=ro")) {
        return "mode=ro in its file: URI";
      }
      if (p.startsWith("immutable=") && !FALSE.contains(p.substring(10))) {
        return param.trim() + " in its file: URI";
      }
    }
    return null;
  }
}
