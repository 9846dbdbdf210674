package dev.sharedschema.driver.concurrency;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The 20 migrations sent while tenants are written to: columns added, renamed and dropped, indexes
 * made and dropped, new tables, reference rows, data migrations over tenant rows, a view, {@code
 * user_version}, and SQLite's table-rebuild procedure for {@code events}, the table the writers
 * insert into. Every migration ends with an order witness, {@code INSERT INTO applied_log(name)},
 * so each database's {@code applied_log} is the sequence of migrations it received.
 */
final class FleetMigrations {
  /** The tables the fleet starts with, before any tenant is linked. */
  static final List<String> BASE =
      List.of(
          "CREATE TABLE events(id INTEGER PRIMARY KEY, writer INTEGER NOT NULL,"
              + " seq INTEGER NOT NULL, payload TEXT)",
          "CREATE TABLE applied_log(id INTEGER PRIMARY KEY, name TEXT NOT NULL)");

  /** One migration: a multi-statement text, or (for the rebuild) a manual transaction. */
  record FleetMigration(String name, boolean manualTransaction, List<String> statements) {
    void send(Connection schema) throws SQLException {
      List<String> all = new ArrayList<>(statements);
      all.add("INSERT INTO applied_log(name) VALUES ('" + name + "')");
      try (Statement st = schema.createStatement()) {
        if (!manualTransaction) {
          st.execute(String.join(";\n", all));
          return;
        }
        schema.setAutoCommit(false);
        try {
          for (String sql : all) {
            st.execute(sql);
          }
          schema.commit();
        } finally {
          schema.setAutoCommit(true);
        }
      }
    }
  }

  static final List<FleetMigration> ALL =
      List.of(
          text("m01", "ALTER TABLE events ADD COLUMN note TEXT"),
          text("m02", "CREATE INDEX events_writer ON events(writer)"),
          text("m03", "CREATE TABLE tags(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)"),
          text("m04", "INSERT INTO tags(name) VALUES ('red'), ('green'), ('blue')"),
          text("m05", "UPDATE events SET note = 'before m05' WHERE note IS NULL"),
          text("m06", "ALTER TABLE events ADD COLUMN tag_id INTEGER REFERENCES tags(id)"),
          text("m07", "CREATE INDEX events_seq ON events(seq)"),
          text(
              "m08",
              "CREATE VIEW events_per_writer AS SELECT writer, count(*) AS n FROM events"
                  + " GROUP BY writer"),
          text("m09", "CREATE TABLE audit(id INTEGER PRIMARY KEY, at INTEGER, what TEXT)"),
          new FleetMigration(
              "m10",
              true,
              List.of(
                  "CREATE TABLE events_new(id INTEGER PRIMARY KEY, writer INTEGER NOT NULL,"
                      + " seq INTEGER NOT NULL CHECK (seq >= 0), payload TEXT, note TEXT,"
                      + " tag_id INTEGER REFERENCES tags(id))",
                  "INSERT INTO events_new(id, writer, seq, payload, note, tag_id)"
                      + " SELECT id, writer, seq, payload, note, tag_id FROM events",
                  "DROP VIEW events_per_writer",
                  "DROP TABLE events",
                  "ALTER TABLE events_new RENAME TO events",
                  "CREATE INDEX events_writer ON events(writer)",
                  "CREATE INDEX events_seq ON events(seq)",
                  "CREATE VIEW events_per_writer AS SELECT writer, count(*) AS n FROM events"
                      + " GROUP BY writer")),
          text(
              "m11",
              "UPDATE events SET tag_id = (SELECT id FROM tags WHERE name = 'red')"
                  + " WHERE writer % 2 = 0"),
          text("m12", "ALTER TABLE events RENAME COLUMN note TO remark"),
          text("m13", "CREATE TABLE settings(key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID"),
          text("m14", "INSERT INTO settings(key, value) VALUES ('theme', 'dark'), ('lang', 'en')"),
          text("m15", "ALTER TABLE tags ADD COLUMN color TEXT DEFAULT 'none'"),
          text("m16", "CREATE UNIQUE INDEX events_writer_seq ON events(writer, seq)"),
          text("m17", "DROP INDEX events_seq"),
          text("m18", "PRAGMA user_version = 18"),
          text("m19", "ALTER TABLE events DROP COLUMN remark"),
          text(
              "m20",
              "UPDATE settings SET value = 'light' WHERE key = 'theme'",
              "INSERT INTO audit(at, what) SELECT count(*), 'rows at m20' FROM events"));

  private FleetMigrations() {}

  private static FleetMigration text(String name, String... statements) {
    return new FleetMigration(name, false, List.of(statements));
  }

  static List<String> names() {
    return ALL.stream().map(FleetMigration::name).toList();
  }
}
