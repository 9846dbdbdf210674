package dev.sharedschema.scheduler.fencing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sharedschema.scheduler.Fleet;
import dev.sharedschema.scheduler.Scheduler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * POSIX advisory locks belong to the process, and closing any descriptor of a file drops all of
 * them: a plain Java copy of the schema database in this JVM released the locks that other
 * connections of this JVM held on it (a reader's SHARED lock, a final step's write lock), and
 * another process could then write under them. Linking copied the schema database that way. A new
 * linked database is now copied through SQLite's backup API, which reads the file through SQLite's
 * own descriptors.
 */
class LocksOfThisJvmTest {
  @TempDir Path dir;

  @Test
  void linkingANewTenantKeepsTheLocksOtherConnectionsOfThisJvmHold() throws Exception {
    Fleet f = Fleet.create(dir, 1, "CREATE TABLE t(a)");
    try (Scheduler s = f.scheduler();
        Connection reader = DriverManager.getConnection("jdbc:sqlite:" + f.schema)) {
      reader.setAutoCommit(false);
      try (ResultSet rs = reader.createStatement().executeQuery("SELECT count(*) FROM t")) {
        rs.next(); // the reader now holds a SHARED lock on the schema database
      }
      assertThat(writeFromAnotherProcess(f.schema)).startsWith("blocked");
      s.linker().link(dir.resolve("new-tenant.db"));
      assertThat(writeFromAnotherProcess(f.schema))
          .as("the reader's lock survives the link")
          .startsWith("blocked");
      reader.rollback();
    }
    assertThat(Fleet.column(dir.resolve("new-tenant.db"), "SELECT count(*) FROM t"))
        .containsExactly("0");
  }

  private static String writeFromAnotherProcess(Path db) throws IOException, InterruptedException {
    String cp =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p =
        new ProcessBuilder(
                java,
                "-cp",
                cp,
                OneWrite.class.getName(),
                db.toString(),
                "INSERT INTO t VALUES (1)")
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor();
    return out.strip();
  }
}
