package dev.sharedschema.bench;

import dev.sharedschema.scheduler.Linker;
import dev.sharedschema.scheduler.Registry;
import dev.sharedschema.scheduler.RegistryFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** A schema database with table {@code t}, its registry, and N linked databases made from it. */
final class BenchFleet {
  private static final String DDL = "CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT NOT NULL)";

  final Path schema;
  final List<Path> linked;

  private BenchFleet(Path schema, List<Path> linked) {
    this.schema = schema;
    this.linked = linked;
  }

  /** Where {@link #create} puts the schema database. */
  static Path schemaIn(Path dir) {
    return dir.resolve("ss").resolve("schema.db");
  }

  /** Creates the schema database under {@code dir/ss} and links {@code n} new databases in bulk. */
  static BenchFleet create(Path dir, int n) throws SQLException, IOException {
    Path schema = Files.createDirectories(dir.resolve("ss")).resolve("schema.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + schema);
        Statement st = c.createStatement()) {
      st.execute(DDL);
    }
    List<Path> linked = new ArrayList<>(n);
    for (int i = 1; i <= n; i++) {
      linked.add(schema.resolveSibling(String.format("tenant-%05d.db", i)));
    }
    try (Registry registry = RegistryFile.openOrCreate(schema, Clock.systemUTC())) {
      new Linker(registry, Clock.systemUTC()).linkAll(linked);
    }
    return new BenchFleet(schema, linked);
  }

  /** Plain copies of the linked files: same schema and size, so every anchor does the same work. */
  List<Path> copyTo(Path to) throws IOException {
    Files.createDirectories(to);
    List<Path> copies = new ArrayList<>(linked.size());
    for (Path f : linked) {
      Path c = to.resolve(f.getFileName());
      Files.copy(f, c);
      copies.add(c);
    }
    return copies;
  }

  /** Number of columns named {@code c…} in table t of {@code db}. */
  static int addedColumns(Path db) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement st = c.createStatement();
        var rs =
            st.executeQuery("SELECT count(*) FROM pragma_table_info('t') WHERE name LIKE 'c%'")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  static void delete(Path root) throws IOException {
    try (var files = Files.walk(root)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
