package dev.sharedschema.parser.internal;

/**
 * The keywords the classifier looks at. {@link #lookup} finds one in a region of the source without
 * creating a substring, because it runs on every statement of every new text.
 */
enum Keyword {
  ALTER,
  ANALYZE,
  AS,
  ATTACH,
  BEGIN,
  COMMIT,
  CREATE,
  DATABASE,
  DELETE,
  DETACH,
  DROP,
  END,
  EXISTS,
  EXPLAIN,
  FROM,
  IF,
  INDEX,
  INSERT,
  INTO,
  JOIN,
  NOT,
  ON,
  OR,
  PLAN,
  PRAGMA,
  QUERY,
  RECURSIVE,
  REINDEX,
  RELEASE,
  RENAME,
  REPLACE,
  RETURNING,
  ROLLBACK,
  SAVEPOINT,
  SELECT,
  TABLE,
  TEMP,
  TEMPORARY,
  TO,
  TRIGGER,
  UNIQUE,
  UPDATE,
  VACUUM,
  VALUES,
  VIEW,
  VIRTUAL,
  WITH;

  /** Open addressing over the upper-case name's String hash; at most half full. */
  private static final Keyword[] SLOTS = new Keyword[128];

  private static final int MAX_LENGTH;

  static {
    int max = 0;
    for (Keyword k : values()) {
      int slot = spread(k.name().hashCode());
      while (SLOTS[slot] != null) {
        slot = (slot + 1) & (SLOTS.length - 1);
      }
      SLOTS[slot] = k;
      max = Math.max(max, k.name().length());
    }
    MAX_LENGTH = max;
  }

  /** The keyword spelled by {@code source[from, to)} in any ASCII case, or null. */
  public static Keyword lookup(String source, int from, int to) {
    int length = to - from;
    if (length < 2 || length > MAX_LENGTH) {
      return null;
    }
    int hash = 0;
    for (int i = from; i < to; i++) {
      char c = source.charAt(i);
      if (c >= 'a' && c <= 'z') {
        c -= 'a' - 'A';
      } else if (c < 'A' || c > 'Z') {
        return null; // every keyword is plain ASCII letters
      }
      hash = 31 * hash + c;
    }
    for (int slot = spread(hash); ; slot = (slot + 1) & (SLOTS.length - 1)) {
      Keyword k = SLOTS[slot];
      if (k == null) {
        return null;
      }
      String name = k.name();
      if (name.length() == length
          && name.hashCode() == hash
          && source.regionMatches(true, from, name, 0, length)) {
        return k;
      }
    }
  }

  private static int spread(int hash) {
    return (hash ^ (hash >>> 7) ^ (hash >>> 16)) & (SLOTS.length - 1);
  }
}
