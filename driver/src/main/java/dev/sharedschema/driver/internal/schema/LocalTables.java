package dev.sharedschema.driver.internal.schema;

import dev.sharedschema.parser.SqlClassifier;
import dev.sharedschema.parser.SqlStatement;
import dev.sharedschema.parser.StatementKind;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The tables named in {@code shared_schema_local_tables}: their rows live on the schema database
 * only (a migration tool's lock table), so a data write to one is never propagated. Their schema
 * still is, so every database keeps an identical schema.
 *
 * <p>Instances are interned by their set of names: a plan depends on the set, and connections
 * opened with the same URL then share one plan cache.
 */
public final class LocalTables {
  /** No local tables: every write propagates. */
  public static final LocalTables NONE = new LocalTables(Set.of());

  private static final Map<Set<String>, LocalTables> INTERNED = new ConcurrentHashMap<>();
  private static final int CACHE_LIMIT = 4096;
  private static final String RESERVED_PREFIX = "_sharedschema";

  private final Set<String> names;
  private final Map<String, Plan> plans = new ConcurrentHashMap<>();
  private final Map<String, Set<String>> localReads = new ConcurrentHashMap<>();

  private LocalTables(Set<String> names) {
    this.names = names;
  }

  /**
   * Parses the property's value: table names separated by commas, matched case-insensitively.
   * {@code null} or blank means none.
   *
   * @throws IllegalArgumentException saying what is wrong with the value and how to write it
   */
  public static LocalTables parse(String value) {
    if (value == null || value.isBlank()) {
      return NONE;
    }
    Set<String> names = new TreeSet<>();
    String[] entries = value.split(",", -1);
    for (int i = 0; i < entries.length; i++) {
      names.add(name(entries[i].strip(), i + 1));
    }
    return INTERNED.computeIfAbsent(Set.copyOf(names), LocalTables::new);
  }

  private static String name(String entry, int position) {
    String hint = "list bare table names separated by commas, e.g. DATABASECHANGELOGLOCK";
    if (entry.isEmpty()) {
      throw new IllegalArgumentException("entry " + position + " is empty; " + hint);
    }
    if (entry.chars().anyMatch(c -> c == '"' || c == '\'' || c == '`' || c == '[' || c == ']')) {
      throw new IllegalArgumentException(
          "entry "
              + position
              + " ("
              + entry
              + ") is quoted; give the name without quotes (names are matched"
              + " case-insensitively, as SQLite does)");
    }
    if (entry.indexOf('.') >= 0) {
      throw new IllegalArgumentException(
          "entry "
              + position
              + " ("
              + entry
              + ") has a schema qualifier; give the table name alone (tables of the main"
              + " database only)");
    }
    if (entry.regionMatches(true, 0, RESERVED_PREFIX, 0, RESERVED_PREFIX.length())) {
      throw new IllegalArgumentException(
          "entry " + position + " (" + entry + ") starts with _sharedschema, a reserved prefix");
    }
    return normalized(entry);
  }

  private static String normalized(String name) {
    return name.toLowerCase(Locale.ROOT);
  }

  public boolean isEmpty() {
    return names.isEmpty();
  }

  /** The names, lower case, sorted. */
  public Set<String> names() {
    return new TreeSet<>(names);
  }

  /**
   * True for a data write (INSERT/UPDATE/DELETE/REPLACE/UPSERT) whose table is listed: it runs on
   * the schema database only. A {@code temp.} table of the same name is not the listed table.
   */
  public boolean isLocalWrite(SqlStatement s) {
    return s.kind() == StatementKind.DATA_WRITE
        && !s.temp()
        && s.target() != null
        && names.contains(normalized(s.target()));
  }

  /**
   * The listed tables that a propagated statement names, e.g. {@code INSERT INTO t SELECT … FROM
   * lock} ({@link LocalReads} decides which statements to ask about and also looks through views
   * and triggers). Cached by text: finding the tables asks JSqlParser, which is too slow to repeat
   * on every execution.
   */
  Set<String> localTablesReadBy(SqlStatement s, SqlClassifier classifier) {
    if (names.isEmpty() || isLocalWrite(s)) {
      return Set.of();
    }
    Set<String> found = localReads.get(s.sql());
    if (found == null) {
      Set<String> hits = new LinkedHashSet<>();
      for (String table : classifier.referencedTables(s)) {
        if (names.contains(table)) {
          hits.add(table);
        }
      }
      found = Set.copyOf(hits);
      bounded(localReads).put(s.sql(), found);
    }
    return found;
  }

  /** Plans made with these local tables, by text (a plan depends on which tables are local). */
  Map<String, Plan> plans() {
    return bounded(plans);
  }

  private static <V> Map<String, V> bounded(Map<String, V> cache) {
    if (cache.size() >= CACHE_LIMIT) {
      cache.clear(); // bounded memory; entries are cheap to redo
    }
    return cache;
  }

  @Override
  public String toString() {
    return String.join(",", names());
  }
}
