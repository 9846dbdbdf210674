package dev.sharedschema.driver.internal;

import static dev.sharedschema.driver.SharedSchemaProperty.SHARED_SCHEMA;
import static dev.sharedschema.driver.SharedSchemaProperty.SHARED_SCHEMA_ALLOW_ATTACH;
import static dev.sharedschema.driver.SharedSchemaProperty.SHARED_SCHEMA_BUSY_TIMEOUT;
import static dev.sharedschema.driver.SharedSchemaProperty.SHARED_SCHEMA_LOCAL_TABLES;
import static dev.sharedschema.driver.SharedSchemaProperty.SHARED_SCHEMA_NAME;
import static dev.sharedschema.driver.SharedSchemaProperty.SHARED_SCHEMA_NODE;
import static dev.sharedschema.driver.SharedSchemaProperty.SHARED_SCHEMA_NODE_TIMEOUT;
import static dev.sharedschema.driver.SharedSchemaProperty.SHARED_SCHEMA_REGISTRY;
import static dev.sharedschema.driver.SharedSchemaProperty.SHARED_SCHEMA_TIMEOUT;
import static dev.sharedschema.driver.SharedSchemaProperty.SHARED_SCHEMA_WORKERS;

import dev.sharedschema.driver.SharedSchemaProperty;
import dev.sharedschema.driver.internal.schema.LocalTables;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/** Turns our keys' text values into {@link Settings}, with a clear error for a bad value. */
final class SettingsReader {
  private static final int MAX_WORKERS = 1024;

  private SettingsReader() {}

  static Settings read(String url, Map<SharedSchemaProperty, String> values) throws SQLException {
    String name = text(values, SHARED_SCHEMA_NAME);
    return new Settings(
        bool(url, values, SHARED_SCHEMA),
        name == null || name.isBlank() ? null : name,
        workers(url, values),
        duration(url, values, SHARED_SCHEMA_BUSY_TIMEOUT),
        duration(url, values, SHARED_SCHEMA_TIMEOUT),
        bool(url, values, SHARED_SCHEMA_ALLOW_ATTACH),
        localTables(url, values),
        registry(url, values),
        blankToNull(text(values, SHARED_SCHEMA_NODE)),
        duration(url, values, SHARED_SCHEMA_NODE_TIMEOUT));
  }

  private static String registry(String url, Map<SharedSchemaProperty, String> values)
      throws SQLException {
    String v = blankToNull(text(values, SHARED_SCHEMA_REGISTRY));
    if (v != null && !v.startsWith("jdbc:postgresql:")) {
      throw bad(
          url,
          SHARED_SCHEMA_REGISTRY,
          v,
          "give a PostgreSQL JDBC URL such as jdbc:postgresql://db.example/fleet (percent-encode"
              + " its ? and & inside this URL), or drop the key for the SQLite registry file");
    }
    return v;
  }

  private static String blankToNull(String v) {
    return v == null || v.isBlank() ? null : v;
  }

  private static LocalTables localTables(String url, Map<SharedSchemaProperty, String> values)
      throws SQLException {
    String v = text(values, SHARED_SCHEMA_LOCAL_TABLES);
    try {
      return LocalTables.parse(v);
    } catch (IllegalArgumentException e) {
      throw bad(url, SHARED_SCHEMA_LOCAL_TABLES, v, e.getMessage());
    }
  }

  private static String text(Map<SharedSchemaProperty, String> values, SharedSchemaProperty p) {
    String v = values.get(p);
    return v != null ? v.trim() : p.defaultValue();
  }

  private static boolean bool(
      String url, Map<SharedSchemaProperty, String> values, SharedSchemaProperty p)
      throws SQLException {
    String v = text(values, p).toLowerCase(Locale.ROOT);
    switch (v) {
      case "true", "1", "yes", "on":
        return true;
      case "false", "0", "no", "off":
        return false;
      default:
        throw bad(url, p, values.get(p), "use true or false");
    }
  }

  private static int workers(String url, Map<SharedSchemaProperty, String> values)
      throws SQLException {
    String v = text(values, SHARED_SCHEMA_WORKERS);
    try {
      int n = Integer.parseInt(v);
      if (n >= 1 && n <= MAX_WORKERS) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw bad(url, SHARED_SCHEMA_WORKERS, v, "use a whole number from 1 to " + MAX_WORKERS);
  }

  private static Duration duration(
      String url, Map<SharedSchemaProperty, String> values, SharedSchemaProperty p)
      throws SQLException {
    String v = text(values, p);
    if (v == null || v.isEmpty()) {
      return null;
    }
    try {
      return DurationText.parse(v);
    } catch (RuntimeException e) {
      throw bad(
          url, p, v, "use milliseconds (30000) or a duration with a unit (250ms, 30s, 5m, 1h)");
    }
  }

  private static SQLException bad(String url, SharedSchemaProperty p, String value, String hint) {
    return new SQLException(
        "invalid value '" + value + "' for " + p.key() + " in " + url + ": " + hint, "08001");
  }
}
