package dev.sharedschema.scheduler;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The schema of one database as sharedschema compares it: every table, index, view and trigger (by
 * type and name, with its SQL whitespace-normalised) and {@code user_version}. SQLite's own objects
 * and ours ({@code _sharedschema…}) are left out.
 */
public final class SchemaFingerprint {
  /**
   * The condition on {@code sqlite_master} that keeps the user's objects: not SQLite's own, not
   * ours. Every schema comparison uses it.
   */
  public static final String USER_OBJECTS =
      "name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
          + " AND lower(name) NOT LIKE '\\_sharedschema%' ESCAPE '\\'"
          + " AND lower(tbl_name) NOT LIKE '\\_sharedschema%' ESCAPE '\\'";

  private final Map<String, String> objects;
  private final int userVersion;

  private SchemaFingerprint(Map<String, String> objects, int userVersion) {
    this.objects = objects;
    this.userVersion = userVersion;
  }

  /** The fingerprint of a database without any object of the user's. */
  public static SchemaFingerprint empty() {
    return new SchemaFingerprint(new TreeMap<>(), 0);
  }

  /** Reads the fingerprint of the {@code main} database of {@code connection}. */
  public static SchemaFingerprint read(Connection connection) throws SQLException {
    Map<String, String> objects = new TreeMap<>();
    try (Statement st = connection.createStatement()) {
      try (ResultSet rs =
          st.executeQuery("SELECT type, name, sql FROM main.sqlite_master WHERE " + USER_OBJECTS)) {
        while (rs.next()) {
          String key = rs.getString(1) + " " + rs.getString(2).toLowerCase(Locale.ROOT);
          objects.put(key, normalise(rs.getString(3)));
        }
      }
      try (ResultSet rs = st.executeQuery("PRAGMA main.user_version")) {
        rs.next();
        return new SchemaFingerprint(objects, rs.getInt(1));
      }
    }
  }

  /**
   * A text form of this fingerprint, for the registry to keep (length-prefixed fields, so any name
   * or SQL text survives); {@link #decode} reads it back.
   */
  public String encode() {
    StringBuilder out = new StringBuilder().append(userVersion).append(';');
    for (var e : objects.entrySet()) {
      field(out, e.getKey());
      field(out, e.getValue());
    }
    return out.toString();
  }

  private static void field(StringBuilder out, String text) {
    out.append(text.length()).append(':').append(text);
  }

  /**
   * Reads a fingerprint written by {@link #encode}.
   *
   * @throws IllegalArgumentException when {@code text} is not one
   */
  public static SchemaFingerprint decode(String text) {
    try {
      int at = text.indexOf(';');
      int userVersion = Integer.parseInt(text.substring(0, at));
      Map<String, String> objects = new TreeMap<>();
      int[] pos = {at + 1};
      while (pos[0] < text.length()) {
        String key = readField(text, pos);
        objects.put(key, readField(text, pos));
      }
      return new SchemaFingerprint(objects, userVersion);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("not an encoded schema fingerprint", e);
    }
  }

  private static String readField(String text, int[] pos) {
    int colon = text.indexOf(':', pos[0]);
    int length = Integer.parseInt(text.substring(pos[0], colon));
    pos[0] = colon + 1 + length;
    return text.substring(colon + 1, pos[0]);
  }

  private static String normalise(String sql) {
    return sql == null ? "" : sql.strip().replaceAll("\\s+", " ");
  }

  /**
   * The differences of {@code actual} (this) against {@code expected}, one readable line each;
   * empty when the schemas are equal.
   */
  public List<String> differencesFrom(SchemaFingerprint expected) {
    List<String> out = new ArrayList<>();
    for (var e : expected.objects.entrySet()) {
      String mine = objects.get(e.getKey());
      if (mine == null) {
        out.add("missing " + e.getKey());
      } else if (!mine.equals(e.getValue())) {
        out.add(
            "different " + e.getKey() + ": has [" + mine + "], expected [" + e.getValue() + "]");
      }
    }
    for (String key : objects.keySet()) {
      if (!expected.objects.containsKey(key)) {
        out.add("extra " + key);
      }
    }
    if (userVersion != expected.userVersion) {
      out.add("user_version is " + userVersion + ", expected " + expected.userVersion);
    }
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SchemaFingerprint f
        && f.userVersion == userVersion
        && f.objects.equals(objects);
  }

  @Override
  public int hashCode() {
    return Objects.hash(objects, userVersion);
  }
}
