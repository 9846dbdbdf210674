package dev.sharedschema.examples.consoles;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
import sqlline.SqlLine;

/**
 * Runs the scripted SQLLine session of docs/sqlline.md in-process, on the examples module's class
 * path (driver + sqlite-jdbc + sqlline): connect to a schema database, create a table, link a
 * tenant with a second {@code !connect}, migrate, query, quit. The final files are then read with
 * plain sqlite-jdbc.
 */
class SqlLineSessionTest {
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
  void scriptedSessionConnectsLinksMigratesAndQueries() throws Exception {
    String script;
    try (InputStream in = getClass().getResourceAsStream("/consoles/sqlline-session.sql")) {
      script =
          new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("${dir}", dir.toString());
    }
    Path scriptFile = Files.writeString(dir.resolve("session.sql"), script);

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    // Keep SQLLine's own files (history, saved settings) out of the user's home directory.
    String baseDir = System.getProperty(SqlLine.SQLLINE_BASE_DIR);
    System.setProperty(SqlLine.SQLLINE_BASE_DIR, dir.resolve(".sqlline").toString());
    SqlLine.Status status;
    try {
      SqlLine sqlLine = new SqlLine();
      sqlLine.setOutputStream(out);
      sqlLine.setErrorStream(err);
      // The arguments of docs/sqlline.md. SQLLine asks for REPEATABLE_READ by default, which SQLite
      // does not offer.
      status =
          sqlLine.begin(
              new String[] {
                "--isolation=TRANSACTION_SERIALIZABLE",
                "--color=false",
                "--maxWidth=100",
                "--run=" + scriptFile
              },
              new ByteArrayInputStream(new byte[0]),
              false);
    } finally {
      if (baseDir == null) {
        System.clearProperty(SqlLine.SQLLINE_BASE_DIR);
      } else {
        System.setProperty(SqlLine.SQLLINE_BASE_DIR, baseDir);
      }
    }
    String output = out.toString(StandardCharsets.UTF_8);
    String errors = err.toString(StandardCharsets.UTF_8);

    assertThat(status).isEqualTo(SqlLine.Status.OK);
    assertThat(errors).doesNotContain("Error");
    assertThat(output)
        .contains("| id |      body       | created_at |")
        .contains("| 1  | hello from acme | 0          |");

    Path schema = dir.resolve("schema.db");
    Path acme = dir.resolve("acme.db");
    assertThat(rows(schema, "SELECT name FROM pragma_table_info('note') ORDER BY cid"))
        .containsExactly("id", "body", "created_at");
    assertThat(rows(acme, "SELECT name FROM pragma_table_info('note') ORDER BY cid"))
        .containsExactly("id", "body", "created_at");
    assertThat(rows(acme, "SELECT body || ' ' || created_at FROM note"))
        .containsExactly("hello from acme 0");
    assertThat(rows(schema, "SELECT count(*) FROM note")).containsExactly("0");
    assertThat(rows(acme, "SELECT count(*) FROM _sharedschema_applied WHERE state = 'RunSuccess'"))
        .containsExactly("1");
  }
}
