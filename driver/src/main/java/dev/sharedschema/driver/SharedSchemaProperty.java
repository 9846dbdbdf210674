package dev.sharedschema.driver;

import java.util.Locale;

/**
 * The connection properties sharedschema owns (DESIGN.md §3). They may be given in the URL query or
 * in {@code Properties} (which win), and are removed before the URL is handed to sqlite-jdbc. Every
 * other key passes through to sqlite-jdbc unchanged.
 */
public enum SharedSchemaProperty {
  SHARED_SCHEMA(
      "shared_schema",
      "false",
      "true = this file is a schema database: writes sent to it are propagated to every linked"
          + " database. Created and initialised if new.",
      new String[] {"true", "false"}),
  SHARED_SCHEMA_NAME(
      "shared_schema_name",
      null,
      "Path of the schema database this file is linked to (a relative path resolves against the"
          + " working directory). Opening a linked URL links the file.",
      null),
  SHARED_SCHEMA_WORKERS(
      "shared_schema_workers",
      "8",
      "Worker threads that apply a migration to linked databases.",
      null),
  SHARED_SCHEMA_BUSY_TIMEOUT(
      "shared_schema_busy_timeout",
      "30s",
      "How long a migration task waits for a busy linked database before it counts as failed"
          + " (milliseconds, or a duration such as 30s, 2m).",
      null),
  SHARED_SCHEMA_TIMEOUT(
      "shared_schema_timeout",
      null,
      "How long a writer waits for its migration before SQLTimeoutException (milliseconds or a"
          + " duration such as 30s); unbounded by default. The migration goes on after a timeout.",
      null),
  SHARED_SCHEMA_ALLOW_ATTACH(
      "shared_schema_allow_attach",
      "false",
      "true = allow ATTACH/DETACH on schema and linked connections.",
      new String[] {"true", "false"}),
  SHARED_SCHEMA_LOCAL_TABLES(
      "shared_schema_local_tables",
      null,
      "Comma-separated table names (case-insensitive) whose rows only the schema database keeps,"
          + " e.g. DATABASECHANGELOGLOCK: on a schema connection, INSERT/UPDATE/DELETE of such a"
          + " table runs on the schema database only and is never propagated (no migration job);"
          + " CREATE/ALTER/DROP of it still propagate. Other connections ignore it.",
      null),
  SHARED_SCHEMA_REGISTRY(
      "shared_schema_registry",
      null,
      "Scale-out: a jdbc:postgresql:// URL of the fleet's registry (percent-encode its ? and &)."
          + " With shared_schema=true this schema database's registry is there; on a tenant's"
          + " URL it names the fleet (a missing tenant is created from this node's template) and"
          + " this JVM does this node's share of every migration. Needs org.postgresql:postgresql"
          + " on the class path.",
      null),
  SHARED_SCHEMA_NODE(
      "shared_schema_node",
      null,
      "Scale-out: this machine's node name (default: its host name). Each linked file belongs to"
          + " the node that linked it; only that node's JVMs migrate it.",
      null),
  SHARED_SCHEMA_NODE_TIMEOUT(
      "shared_schema_node_timeout",
      null,
      "Scale-out, on the schema node: how long a dry run waits for a node that stopped"
          + " heartbeating before it fails naming the node (a duration such as 5m); unbounded by"
          + " default.",
      null);

  private final String key;
  private final String defaultValue;
  private final String description;
  private final String[] choices;

  SharedSchemaProperty(String key, String defaultValue, String description, String[] choices) {
    this.key = key;
    this.defaultValue = defaultValue;
    this.description = description;
    this.choices = choices;
  }

  /** The key as written in a URL query or {@code Properties}. */
  public String key() {
    return key;
  }

  /** The default as text, or {@code null} when there is none. */
  public String defaultValue() {
    return defaultValue;
  }

  public String description() {
    return description;
  }

  /** The allowed values, or {@code null} for a free value. */
  public String[] choices() {
    return choices == null ? null : choices.clone();
  }

  /**
   * True for a key in our namespace ({@code shared_schema…}, any case), whether or not it is one of
   * ours: such a key is never passed on to sqlite-jdbc, so a typo cannot be silently ignored.
   */
  public static boolean inOurNamespace(String key) {
    return key.regionMatches(true, 0, "shared_schema", 0, "shared_schema".length());
  }

  /** Every key of ours, comma-separated, for messages. */
  public static String keys() {
    StringBuilder s = new StringBuilder();
    for (SharedSchemaProperty p : values()) {
      s.append(s.length() == 0 ? "" : ", ").append(p.key);
    }
    return s.toString();
  }

  /** The property for {@code key} (case-insensitive), or {@code null} if the key is not ours. */
  public static SharedSchemaProperty forKey(String key) {
    String lower = key.toLowerCase(Locale.ROOT);
    for (SharedSchemaProperty p : values()) {
      if (p.key.equals(lower)) {
        return p;
      }
    }
    return null;
  }
}
