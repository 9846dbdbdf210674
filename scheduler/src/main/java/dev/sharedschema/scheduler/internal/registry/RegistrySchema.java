package dev.sharedschema.scheduler.internal.registry;

import dev.sharedschema.scheduler.SchemaFingerprint;
import dev.sharedschema.scheduler.internal.SqlScript;
import dev.sharedschema.scheduler.internal.SqliteFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

/**
 * Creates the registry's tables, or upgrades a registry written by an older sharedschema in place
 * (format 1, sharedschema 0.1.0: no job tokens, link generations, lease epochs or recorded schema).
 * Runs inside the caller's transaction, so concurrent openers agree and an upgrade is all or
 * nothing.
 */
final class RegistrySchema {
  /** The layout this code writes. */
  static final int FORMAT = 2;

  private static final SqlScript DDL = SqlScript.load("registry.sql");
  private static final SqlScript TO_FORMAT_2 = SqlScript.load("registry-format-2.sql");
  private static final SqlScript GUARD = SqlScript.load("registry-guard.sql");

  private RegistrySchema() {}

  /** Makes the tables current and returns the registry id (made now if the registry is new). */
  static String ensure(Connection c, Path schemaDatabase, SqliteLinks links, long now)
      throws SQLException {
    DDL.run(c);
    String id;
    int format;
    try (var st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT id, format FROM _sharedschema_registry LIMIT 1")) {
      if (!rs.next()) {
        return create(c, schemaDatabase, now);
      }
      id = rs.getString(1);
      format = rs.getInt(2);
    }
    if (format > FORMAT) {
      throw new SQLException(
          "the registry of "
              + schemaDatabase
              + " is format "
              + format
              + ", written by a newer sharedschema; this one reads formats up to "
              + FORMAT
              + ". Use that newer version.",
          "08001");
    }
    if (format < FORMAT) {
      TO_FORMAT_2.run(c);
      links.canonicalise();
      try (PreparedStatement ps =
          c.prepareStatement("UPDATE _sharedschema_registry SET format = ?, schema = ?")) {
        ps.setInt(1, FORMAT);
        ps.setString(2, schemaOf(schemaDatabase));
        ps.executeUpdate();
      }
    }
    GUARD.run(c);
    return id;
  }

  private static String create(Connection c, Path schemaDatabase, long now) throws SQLException {
    String id = UUID.randomUUID().toString();
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO _sharedschema_registry(id, format, created_at, schema)"
                + " VALUES (?, ?, ?, ?)")) {
      ps.setString(1, id);
      ps.setInt(2, FORMAT);
      ps.setLong(3, now);
      ps.setString(4, schemaOf(schemaDatabase));
      ps.executeUpdate();
    }
    GUARD.run(c);
    return id;
  }

  /**
   * The schema database's schema now (empty for a file not made yet): what it must still have until
   * its next migration.
   */
  private static String schemaOf(Path schemaDatabase) throws SQLException {
    if (!Files.isRegularFile(schemaDatabase)) {
      return SchemaFingerprint.empty().encode();
    }
    try (Connection schema = SqliteFiles.openExisting(schemaDatabase)) {
      return SchemaFingerprint.read(schema).encode();
    }
  }
}
