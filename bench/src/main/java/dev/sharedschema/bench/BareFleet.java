package dev.sharedschema.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Plain SQLite files for the programs that measure SQLite itself: no schema database, registry or
 * link, each file made by the same statements.
 */
final class BareFleet {
  private BareFleet() {}

  /** {@code dbs} files {@code t0.db}, {@code t1.db}, … in {@code dir}, each made by {@code ddl}. */
  static List<Path> create(Path dir, int dbs, List<String> ddl) throws SQLException {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new SQLException("cannot create " + dir, e);
    }
    List<Path> files = new ArrayList<>(dbs);
    for (int i = 0; i < dbs; i++) {
      Path db = dir.resolve("t" + i + ".db");
      try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
          Statement st = c.createStatement()) {
        for (String sql : ddl) {
          st.execute(sql);
        }
      }
      files.add(db);
    }
    return files;
  }
}
