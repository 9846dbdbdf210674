package dev.sharedschema.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** migrate: success, the ways it fails, and its progress output when not on a terminal. */
class MigrateCommandTest {
  @TempDir Path dir;

  @Test
  void migratesEveryLinkedDatabaseAndReportsTheJob() throws Exception {
    TestFleet f = TestFleet.create(dir, 3);
    Cli.Result r =
        Cli.run(
                "migrate",
                f.schema(),
                "-e",
                "ALTER TABLE t ADD COLUMN c INTEGER; CREATE INDEX t_c ON t (c)")
            .succeeds();
    assertThat(r.out())
        .contains("job 2 RunSuccess in ", ": 3 RunSuccess")
        .contains("dry run ", "per database")
        .containsPattern("(?m)^dry run +3/3 100%")
        .containsPattern("(?m)^run +3/3 100%");
    for (Path t : f.tenants()) {
      TestFleet.sqlite(t, "INSERT INTO t (name, c) VALUES ('x', 1)");
    }
    assertThat(Cli.run("check", f.schema()).exit()).isZero();
  }

  @Test
  void readsTheMigrationFromAFile() throws Exception {
    TestFleet f = TestFleet.create(dir, 1);
    Path sql = dir.resolve("m.sql");
    Files.writeString(
        sql, "-- add a table\nCREATE TABLE u (x TEXT);\nINSERT INTO u VALUES ('ä');\n");
    Cli.run("migrate", f.schema(), "-f", sql, "--progress", "off").succeeds();
    TestFleet.sqlite(f.tenant(1), "SELECT x FROM u");
  }

  @Test
  void progressOffPrintsOnlyTheReport() {
    TestFleet f = TestFleet.create(dir, 2);
    Cli.Result r =
        Cli.run("migrate", f.schema(), "--progress=off", "-e", "CREATE TABLE u (x)").succeeds();
    assertThat(r.out()).doesNotContain("100%").contains("job 2 RunSuccess");
  }

  @Test
  void aDryRunFailureOnADriftedDatabaseNamesItAndAppliesNothing() throws Exception {
    TestFleet f = TestFleet.create(dir, 3);
    TestFleet.sqlite(f.tenant(2), "DROP TABLE t");
    Cli.Result r =
        Cli.run("migrate", f.schema(), "-e", "ALTER TABLE t ADD COLUMN c INTEGER")
            .failsClearly(
                "failed its dry run",
                "nothing was applied anywhere",
                f.tenant(2).toString(),
                "no such table");
    assertThat(r.out()).contains("job 2 DryRunFailure", "1 DryRunFailure");
    assertThat(r.err()).doesNotContain(f.tenant(1).toString());
    assertThatThrownBy(() -> TestFleet.sqlite(f.tenant(1), "SELECT c FROM t"))
        .isInstanceOf(SQLException.class);
    assertThat(Cli.run("job", f.schema(), "2", "--json").json().get("state").asText())
        .isEqualTo("DryRunFailure");
  }

  @Test
  void aScriptThatFailsOnTheSchemaDatabaseFailsBeforeAnyJob() {
    TestFleet f = TestFleet.create(dir, 1);
    Cli.run("migrate", f.schema(), "-e", "ALTER TABLE missing ADD COLUMN c")
        .failsClearly("before any job was recorded", "missing");
    assertThat(Cli.run("jobs", f.schema(), "--json").json().size()).isEqualTo(1);
  }

  @Test
  void sqlAndFileAreMutuallyExclusiveAndOneIsRequired() {
    TestFleet f = TestFleet.create(dir, 0);
    Cli.Result both = Cli.run("migrate", f.schema(), "-e", "CREATE TABLE u (x)", "-f", "m.sql");
    assertThat(both.exit()).isEqualTo(2);
    assertThat(both.err()).contains("mutually exclusive");
    Cli.Result none = Cli.run("migrate", f.schema());
    assertThat(none.exit()).isEqualTo(2);
    assertThat(none.err()).contains("-e=SQL | -f=FILE");
  }

  @Test
  void aMissingFileOrAnEmptyScriptIsAFailure() {
    TestFleet f = TestFleet.create(dir, 0);
    Path missing = dir.resolve("nope.sql");
    Cli.run("migrate", f.schema(), "-f", missing)
        .failsClearly("cannot read the migration file " + missing, "no such file");
    Cli.run("migrate", f.schema(), "-e", "  ").failsClearly("the migration is empty");
  }

  @Test
  void anUnreadableFileIsOneLineNamingTheFileAndWhy() throws Exception {
    TestFleet f = TestFleet.create(dir, 1);
    Path latin1 = dir.resolve("latin1.sql");
    Files.write(latin1, "INSERT INTO t VALUES ('caf\u00e9')".getBytes(StandardCharsets.ISO_8859_1));
    Path directory = Files.createDirectory(dir.resolve("migrations"));

    Cli.Result notUtf8 =
        Cli.run("migrate", f.schema(), "-f", latin1)
            .failsClearly("cannot read the migration file " + latin1, "it is not UTF-8 text");
    Cli.Result isDirectory =
        Cli.run("migrate", f.schema(), "-f", directory)
            .failsClearly("cannot read the migration file " + directory, "it is a directory");
    for (Cli.Result r : List.of(notUtf8, isDirectory)) {
      assertThat(r.err().lines()).hasSize(1);
      assertThat(r.err()).doesNotContain("Exception", "java.");
    }
    assertThat(Cli.run("jobs", f.schema(), "--json").json().size()).isEqualTo(1);
  }

  @Test
  void aScriptThatOnlyReadsIsRefusedWithoutAJob() {
    TestFleet f = TestFleet.create(dir, 2);
    int jobsBefore = Cli.run("jobs", f.schema(), "--json").json().size();
    Cli.Result r =
        Cli.run("migrate", f.schema(), "-e", "SELECT 1; PRAGMA table_info(t)")
            .failsClearly(
                "the migration script writes nothing, so there is nothing to migrate",
                "statement 1: SELECT 1",
                f.schema().toString());
    assertThat(r.err().lines()).hasSize(1);
    assertThat(Cli.run("jobs", f.schema(), "--json").json().size()).isEqualTo(jobsBefore);
  }

  @Test
  void aBadTimeoutIsAUsageError() {
    TestFleet f = TestFleet.create(dir, 0);
    Cli.Result r = Cli.run("migrate", f.schema(), "-e", "CREATE TABLE u (x)", "--timeout", "soon");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("'soon' is not a duration");
  }

  @Test
  void timingOutLeavesTheJobToResume() throws Exception {
    TestFleet f = TestFleet.create(dir, 1);
    try (UnfinishedJob stuck = UnfinishedJob.submit(f.schema(), "CREATE TABLE first (x)")) {
      Cli.Result r =
          Cli.run("migrate", f.schema(), "-e", "CREATE TABLE second (x)", "--timeout", "300ms")
              .failsClearly(
                  "gave up waiting for job 3 after 300 ms", "sharedschema resume " + f.schema());
      assertThat(r.out()).contains("job 3 WaitingDryRun");
      assertThat(stuck.id()).isEqualTo(2);
    }
    Cli.Result resumed = Cli.run("resume", f.schema()).succeeds();
    assertThat(resumed.out())
        .contains("resuming 2 unfinished jobs: [2, 3]", "job 2 RunSuccess", "job 3 RunSuccess");
    TestFleet.sqlite(f.tenant(1), "SELECT * FROM first", "SELECT * FROM second");
  }

  @Test
  void exclusiveLockingIsRefusedOnOneLine() {
    TestFleet f = TestFleet.create(dir, 1);
    Cli.Result r =
        Cli.run("migrate", f.schema(), "-e", "PRAGMA locking_mode = EXCLUSIVE; CREATE TABLE u (x)")
            .failsClearly("statement 1", "locking_mode", f.schema().toString());
    assertThat(r.err().lines()).hasSize(1);
    assertThat(Cli.run("jobs", f.schema(), "--json").json().size()).isEqualTo(1);
  }

  /** Issue 13 item 6: a STRICT table's rows on one tenant stop the dry run; nothing is applied. */
  @Test
  void aStrictTableWithRowsOnOneTenantFailsTheDryRunCleanlyInsteadOfPausing() throws Exception {
    TestFleet f = TestFleet.create(dir, 3);
    Cli.run(
            "migrate",
            f.schema(),
            "-e",
            "CREATE TABLE s (id INTEGER PRIMARY KEY, a INTEGER) STRICT")
        .succeeds();
    TestFleet.sqlite(f.tenant(2), "INSERT INTO s (a) VALUES (1)");
    Cli.Result r =
        Cli.run("migrate", f.schema(), "-e", "ALTER TABLE s ADD COLUMN c INTEGER DEFAULT 'x'")
            .failsClearly(
                "failed its dry run",
                "nothing was applied anywhere",
                f.tenant(2).toString(),
                "type mismatch on DEFAULT");
    assertThat(r.out()).contains("DryRunFailure");
    for (Path t : f.tenants()) {
      assertThatThrownBy(() -> TestFleet.sqlite(t, "SELECT c FROM s"))
          .isInstanceOf(SQLException.class);
    }
  }

  @Test
  void aTransactionStatementIsRefusedWithTheDriversMessage() {
    TestFleet f = TestFleet.create(dir, 1);
    Cli.Result r = Cli.run("migrate", f.schema(), "-e", "BEGIN; CREATE TABLE u (x); COMMIT");
    assertThat(r.exit()).isEqualTo(1);
    TestFleet.assertNoStackTrace(r);
    assertThat(r.err()).startsWith("sharedschema migrate: ");
  }
}
