package dev.sharedschema.parser.internal;

import java.util.Locale;

/**
 * {@code [schema.]name} as written, both parts unquoted.
 *
 * @param schema the qualifier, or null
 * @param name the object name
 */
record QualifiedName(String schema, String name) {
  private static final String RESERVED_PREFIX = "_sharedschema";

  /** Qualified with {@code temp} (any case): the object lives in the connection's TEMP schema. */
  public boolean isTemp() {
    return schema != null && schema.equalsIgnoreCase("temp");
  }

  /** The name starts with our reserved prefix, any case. */
  public boolean isReserved() {
    return isReserved(name);
  }

  static boolean isReserved(String name) {
    return name.regionMatches(true, 0, RESERVED_PREFIX, 0, RESERVED_PREFIX.length());
  }

  /**
   * Lower case, other qualifiers dropped, {@code temp.} kept: the form referencedTables reports.
   */
  public String normalized() {
    String lower = name.toLowerCase(Locale.ROOT);
    return isTemp() ? "temp." + lower : lower;
  }
}
