package dev.sharedschema.scheduler;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A schema database with its registry and N linked databases in a temp directory, for tests. */
public final class Fleet {
  public final Path dir;
  public final Path schema;
  public final List<Path> linked = new ArrayList<>();

  private Fleet(Path dir) {
    this.dir = dir;
    this.schema = dir.resolve("schema.db");
  }

  /** Creates the schema database from {@code ddl} and links {@code n} databases created from it. */
  public static Fleet create(Path dir, int n, String... ddl) throws SQLException {
    Fleet f = new Fleet(dir);
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + f.schema);
        Statement st = c.createStatement()) {
      for (String sql : ddl) {
        st.execute(sql);
      }
    }
    try (Registry r = RegistryFile.openOrCreate(f.schema, Clock.systemUTC())) {
      Linker linker = new Linker(r, Clock.systemUTC());
      for (int i = 1; i <= n; i++) {
        Path db = dir.resolve(String.format("tenant-%04d.db", i));
        linker.link(db);
        f.linked.add(db);
      }
    }
    return f;
  }

  public static SchedulerOptions fastOptions() {
    return SchedulerOptions.DEFAULTS
        .withBusyTimeout(Duration.ofSeconds(5))
        .withLeaseTtl(Duration.ofSeconds(2));
  }

  public Scheduler scheduler() throws SQLException {
    return Scheduler.open(schema, fastOptions());
  }

  public static void exec(Path db, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }

  public static List<String> column(Path db, String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  public static boolean hasColumn(Path db, String table, String column) throws SQLException {
    return column(db, "SELECT name FROM pragma_table_info('" + table + "')").contains(column);
  }

  /** Job ids recorded as applied in a linked database. */
  public static List<String> appliedJobs(Path db) throws SQLException {
    return column(
        db, "SELECT job_id FROM _sharedschema_applied WHERE state = 'RunSuccess' ORDER BY job_id");
  }
}
