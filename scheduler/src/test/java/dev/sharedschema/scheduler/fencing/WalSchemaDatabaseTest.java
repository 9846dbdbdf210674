package dev.sharedschema.scheduler.fencing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sharedschema.scheduler.Fleet;
import dev.sharedschema.scheduler.Migration;
import dev.sharedschema.scheduler.Scheduler;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, case 3: the rollback-journal rule held only when a schema connection was opened, so a
 * migration submitted through the scheduler (SharedSchema, the CLI) ran on a schema database in
 * WAL: a tenant linked afterwards was copied without the WAL's pages and missed the migration, and
 * the final step was two commits. Now the rule is checked where it matters, on every path.
 */
class WalSchemaDatabaseTest {
  @TempDir Path dir;

  @Test
  void aSchemaDatabaseFoundInWalIsSwitchedBackAndANewTenantMissesNothing() throws Exception {
    Fleet f = Fleet.create(dir, 2, "CREATE TABLE t(a)");
    Fleet.exec(f.schema, "PRAGMA journal_mode=WAL");
    assertThat(journalMode(f.schema)).isEqualTo("wal");
    try (Scheduler s = f.scheduler()) {
      s.migrate(Migration.of("INSERT INTO t VALUES ('reference row')"), Duration.ofSeconds(30));
      assertThat(journalMode(f.schema)).isEqualTo("delete");
      Fleet.exec(f.schema, "PRAGMA journal_mode=WAL"); // and again, before a link
      Path late = dir.resolve("late.db");
      s.linker().link(late);
      assertThat(Fleet.column(late, "SELECT a FROM t")).containsExactly("reference row");
      assertThat(journalMode(f.schema)).isEqualTo("delete");
    }
    for (Path db : f.linked) {
      assertThat(Fleet.column(db, "SELECT a FROM t")).containsExactly("reference row");
    }
  }

  @Test
  void aSchemaDatabaseHeldOpenInWalByAnotherConnectionIsRefusedBeforeAnyJob() throws Exception {
    Fleet f = Fleet.create(dir, 2, "CREATE TABLE t(a)");
    try (Connection holder = DriverManager.getConnection("jdbc:sqlite:" + f.schema);
        Statement st = holder.createStatement()) {
      st.execute("PRAGMA journal_mode=WAL");
      st.executeQuery("SELECT count(*) FROM t").close();
      try (Scheduler s = f.scheduler()) {
        assertThatThrownBy(() -> s.submit(Migration.of("INSERT INTO t VALUES ('never')")))
            .isInstanceOf(SQLException.class)
            .hasFieldOrPropertyWithValue("SQLState", "0A000")
            .hasMessageContaining("journal_mode=wal")
            .hasMessageContaining(f.schema.toString());
        assertThat(s.registry().jobs(10)).isEmpty();
      }
    }
    for (Path db : f.linked) {
      assertThat(Fleet.column(db, "SELECT count(*) FROM t")).containsExactly("0");
    }
  }

  private static String journalMode(Path db) throws SQLException {
    return Fleet.column(db, "PRAGMA journal_mode").get(0);
  }
}
