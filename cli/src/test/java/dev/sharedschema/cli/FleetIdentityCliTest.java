package dev.sharedschema.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI side of issues 11 and 12: what an operator does to files and the journal mode, each
 * answered in one line with the exit code the docs give.
 */
class FleetIdentityCliTest {
  @TempDir Path dir;

  @Test
  void aSchemaDatabaseSwitchedToWalIsSwitchedBackByMigrate() throws Exception {
    TestFleet f = TestFleet.create(dir, 2);
    TestFleet.sqlite(f.schema(), "PRAGMA journal_mode=WAL");
    Cli.run("migrate", f.schema(), "-e", "INSERT INTO t(name) VALUES ('reference')").succeeds();
    assertThat(journalMode(f.schema())).isEqualTo("delete");
    Cli.run("link", f.schema(), dir.resolve("late.db")).succeeds();
    assertThat(rows(dir.resolve("late.db"))).isEqualTo(1);
  }

  @Test
  void aSchemaDatabaseHeldInWalByAnotherProcessIsRefusedInOneLine() throws Exception {
    TestFleet f = TestFleet.create(dir, 1);
    try (Connection holder = DriverManager.getConnection("jdbc:sqlite:" + f.schema());
        Statement st = holder.createStatement()) {
      st.execute("PRAGMA journal_mode=WAL");
      st.executeQuery("SELECT count(*) FROM t").close();
      Cli.run("migrate", f.schema(), "-e", "INSERT INTO t(name) VALUES ('never')")
          .failsClearly("journal_mode=wal", "could not be switched back");
    }
    assertThat(rows(f.tenant(1))).isZero();
  }

  @Test
  void linkingARestoredTenantCatchesItUpAndSaysSo() throws Exception {
    TestFleet f = TestFleet.create(dir, 2);
    Path backup = dir.resolve("t1.backup");
    Files.copy(f.tenant(1), backup);
    Cli.run("migrate", f.schema(), "-e", "INSERT INTO t(name) VALUES ('a')").succeeds();
    Cli.run("migrate", f.schema(), "-e", "ALTER TABLE t ADD COLUMN b INTEGER").succeeds();
    Files.copy(backup, f.tenant(1), StandardCopyOption.REPLACE_EXISTING);
    Cli.Result behind = Cli.run("check", f.schema());
    assertThat(behind.exit()).isEqualTo(1);
    assertThat(behind.out()).contains(f.tenant(1).toString());
    Cli.Result r = Cli.run("link", f.schema(), f.tenant(1)).succeeds();
    assertThat(r.out()).contains("already linked " + f.tenant(1) + " (caught up on 2 missed jobs)");
    Cli.run("check", f.schema()).succeeds();
  }

  @Test
  void aStagingCopyOfTheFleetCannotLinkTheOriginalsTenants() throws Exception {
    Path prod = Files.createDirectory(dir.resolve("prod"));
    TestFleet f = TestFleet.create(prod, 1);
    Path staging = Files.createDirectory(dir.resolve("staging"));
    Files.copy(f.schema(), staging.resolve("schema.db"));
    Files.copy(prod.resolve("schema.db.sharedschema"), staging.resolve("schema.db.sharedschema"));
    Cli.run("link", staging.resolve("schema.db"), f.tenant(1))
        .failsClearly(
            "belongs to the fleet of the schema database " + f.schema(),
            staging.resolve("schema.db") + " has the same registry id");
  }

  @Test
  void aLinkedTenantIsNeverOfferedInitAndCannotBecomeASchemaDatabase() throws Exception {
    TestFleet f = TestFleet.create(dir, 1);
    Cli.run("jobs", f.tenant(1)).failsClearly("is a linked database of " + f.schema()).err();
    assertThat(Cli.run("jobs", f.tenant(1)).err()).doesNotContain("sharedschema init");
    Cli.run("init", f.tenant(1)).failsClearly("never becomes a schema database");
    assertThat(dir.resolve("t1.db.sharedschema")).doesNotExist();
  }

  @Test
  void aSchemaDatabaseChangedByHandIsNamedByCheck() throws Exception {
    TestFleet f = TestFleet.create(dir, 2);
    TestFleet.sqlite(f.schema(), "CREATE TABLE by_hand(x)");
    Cli.Result r = Cli.run("check", f.schema());
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.out()).contains(f.schema().toString()).contains("by_hand");
    assertThat(r.out()).doesNotContain(f.tenant(1).toString());
  }

  private static String journalMode(Path db) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement st = c.createStatement();
        var rs = st.executeQuery("PRAGMA journal_mode")) {
      rs.next();
      return rs.getString(1);
    }
  }

  private static int rows(Path db) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement st = c.createStatement();
        var rs = st.executeQuery("SELECT count(*) FROM t")) {
      rs.next();
      return rs.getInt(1);
    }
  }
}
