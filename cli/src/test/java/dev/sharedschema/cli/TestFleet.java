package dev.sharedschema.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * A schema database with a table {@code t(id, name)} and {@code n} linked databases, made through
 * the CLI itself.
 */
record TestFleet(Path schema, List<Path> tenants) {
  static TestFleet create(Path dir, int n) {
    Path schema = dir.resolve("schema.db");
    Cli.run("init", schema).succeeds();
    Cli.run("migrate", schema, "-e", "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)")
        .succeeds();
    List<Path> tenants = new ArrayList<>();
    List<Object> args = new ArrayList<>(List.of("link", schema));
    for (int i = 1; i <= n; i++) {
      Path t = dir.resolve("t" + i + ".db");
      tenants.add(t);
      args.add(t);
    }
    if (n > 0) {
      Cli.run(args.toArray()).succeeds();
    }
    return new TestFleet(schema, List.copyOf(tenants));
  }

  Path tenant(int i) {
    return tenants.get(i - 1);
  }

  /** Runs SQL on a linked file behind the driver's back (plain sqlite-jdbc), e.g. to make drift. */
  static void sqlite(Path db, String... sql) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement st = c.createStatement()) {
      for (String s : sql) {
        st.execute(s);
      }
    }
  }

  static void assertNoStackTrace(Cli.Result r) {
    assertThat(r.err() + r.out()).doesNotContain("\tat ", "Caused by");
  }
}
