package dev.sharedschema.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each example runs end to end; the final state of every linked database is checked directly. */
class ExamplesTest {
  @TempDir Path dir;

  static List<String> rows(Path db, String sql) throws SQLException {
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

  @Test
  void quickStart() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    QuickStart.run(dir, new PrintStream(out, true, StandardCharsets.UTF_8));
    for (String t : QuickStart.TENANTS) {
      Path db = dir.resolve(t + ".db");
      assertThat(rows(db, "SELECT body || ' ' || created_at FROM note"))
          .containsExactly("hello from " + t + " 0");
      assertThat(rows(db, "SELECT count(*) FROM _sharedschema_applied WHERE state = 'RunSuccess'"))
          .containsExactly("1");
    }
    assertThat(rows(dir.resolve("schema.db"), "SELECT name FROM pragma_table_info('note')"))
        .contains("created_at");
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("acme: hello from acme (created_at 0)");
  }

  @Test
  void hikari() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    HikariExample.run(dir, new PrintStream(out, true, StandardCharsets.UTF_8));
    for (String t : HikariExample.TENANTS) {
      Path db = dir.resolve(t + ".db");
      assertThat(rows(db, "SELECT owner || ' ' || balance FROM account"))
          .containsExactly(t + "-owner 0");
      assertThat(rows(db, "SELECT name FROM sqlite_master WHERE name = 'account_by_owner'"))
          .containsExactly("account_by_owner");
    }
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("west: west-owner balance 0");
  }

  @Test
  void flyway() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    FlywayExample.run(dir, new PrintStream(out, true, StandardCharsets.UTF_8));
    for (String t : FlywayExample.TENANTS) {
      Path db = dir.resolve(t + ".db");
      assertThat(
              rows(
                  db,
                  "SELECT version FROM flyway_schema_history WHERE success = 1 ORDER BY installed_rank"))
          .containsExactly("1", "2");
      assertThat(rows(db, "SELECT name FROM pragma_table_info('customer') ORDER BY cid"))
          .containsExactly("id", "name", "email");
      assertThat(rows(db, "SELECT count(*) FROM _sharedschema_applied WHERE state = 'RunSuccess'"))
          .as("one migration job per Flyway transaction (history table, V1, V2), each applied once")
          .containsExactly("3");
    }
    assertThat(rows(dir.resolve("schema.db"), "SELECT count(*) FROM flyway_schema_history"))
        .containsExactly("2");
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("Flyway applied 2 migrations");
  }
}
