package dev.sharedschema.driver.internal;

import dev.sharedschema.driver.SharedSchemaProperty;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * A {@code jdbc:sharedschema:} URL plus {@code Properties}, split into our settings and what is
 * handed to sqlite-jdbc: our keys are removed from the query (values percent-decoded) and from the
 * properties; every other parameter passes through unchanged.
 *
 * @param url the URL as the application gave it
 * @param sqliteUrl the {@code jdbc:sqlite:} URL for the delegate, without our keys
 * @param sqliteProperties the properties for the delegate, without our keys
 * @param settings our keys, validated
 * @param location the database the URL points at
 */
public record ConnectionSpec(
    String url,
    String sqliteUrl,
    Properties sqliteProperties,
    Settings settings,
    DatabaseLocation location) {

  public static final String PREFIX = "jdbc:sharedschema:";
  public static final String SQLITE_PREFIX = "jdbc:sqlite:";

  /** True for URLs this driver accepts. */
  public static boolean accepts(String url) {
    return url != null && url.regionMatches(true, 0, PREFIX + "sqlite:", 0, PREFIX.length() + 7);
  }

  /**
   * @throws SQLException (state {@code 08001}) for a URL that is not ours or a bad value of our
   *     keys
   */
  public static ConnectionSpec parse(String url, Properties info) throws SQLException {
    if (!accepts(url)) {
      throw new SQLException(
          "not a sharedschema URL: " + url + " (expected " + PREFIX + "sqlite:<file>)", "08001");
    }
    String address = url.substring(PREFIX.length() + 7).trim();
    Map<SharedSchemaProperty, String> ours = new EnumMap<>(SharedSchemaProperty.class);
    String passedOn = extractOurKeys(url, address, ours);
    Properties forSqlite = new Properties();
    if (info != null) {
      for (String key : info.stringPropertyNames()) {
        SharedSchemaProperty p = ours(key, url, "Properties");
        if (p == null) {
          forSqlite.setProperty(key, info.getProperty(key));
        } else {
          ours.put(p, info.getProperty(key)); // Properties win over the URL.
        }
      }
    }
    DatabaseLocation location;
    try {
      location = DatabaseLocation.of(passedOn);
    } catch (IllegalArgumentException e) {
      throw new SQLException(
          "cannot read the database location of " + url + ": " + e.getMessage(), "08001", e);
    }
    Settings settings = SettingsReader.read(url, ours);
    return new ConnectionSpec(url, SQLITE_PREFIX + passedOn, forSqlite, settings, location);
  }

  private static String extractOurKeys(
      String url, String address, Map<SharedSchemaProperty, String> ours) throws SQLException {
    int q = address.indexOf('?');
    if (q < 0) {
      return address;
    }
    List<String> kept = new ArrayList<>();
    for (String param : address.substring(q + 1).split("&", -1)) {
      int eq = param.indexOf('=');
      String key = (eq < 0 ? param : param.substring(0, eq)).trim();
      SharedSchemaProperty p = ours(key, url, "the URL");
      if (p == null) {
        if (!param.isEmpty()) {
          kept.add(param);
        }
        continue;
      }
      try {
        ours.put(p, eq < 0 ? "" : Percent.decode(param.substring(eq + 1)));
      } catch (IllegalArgumentException e) {
        throw new SQLException(
            "bad percent-encoding in the value of " + p.key() + " in " + url, "08001", e);
      }
    }
    String base = address.substring(0, q);
    return kept.isEmpty() ? base : base + "?" + String.join("&", kept);
  }

  /**
   * The property {@code key} names; {@code null} for a key that is not ours (it goes to
   * sqlite-jdbc).
   *
   * @throws SQLException (state {@code 08001}) for a key in our namespace that is none of ours: a
   *     typo such as {@code shared_schema_timout} must not be silently ignored
   */
  private static SharedSchemaProperty ours(String key, String url, String where)
      throws SQLException {
    SharedSchemaProperty p = SharedSchemaProperty.forKey(key);
    if (p == null && SharedSchemaProperty.inOurNamespace(key)) {
      throw new SQLException(
          "unknown key "
              + key
              + " in "
              + where
              + " of "
              + url
              + ": keys starting with shared_schema are sharedschema's, and this is none of them"
              + " (a typo?). Ours are: "
              + SharedSchemaProperty.keys()
              + ".",
          "08001");
    }
    return p;
  }

  /**
   * A sqlite-jdbc option as the delegate will see it: {@code Properties} first, then the URL query.
   * Returns {@code null} when unset.
   */
  public String sqliteOption(String key) {
    String v = sqliteProperties.getProperty(key);
    if (v != null) {
      return v;
    }
    int q = sqliteUrl.indexOf('?');
    if (q < 0) {
      return null;
    }
    String found = null;
    for (String param : sqliteUrl.substring(q + 1).split("&")) {
      int eq = param.indexOf('=');
      if (eq > 0 && param.substring(0, eq).trim().toLowerCase(Locale.ROOT).equals(key)) {
        found = param.substring(eq + 1).trim();
      }
    }
    return found;
  }
}
