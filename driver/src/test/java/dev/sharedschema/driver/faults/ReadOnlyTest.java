package dev.sharedschema.driver.faults;

import static dev.sharedschema.driver.faults.FaultFleet.MIGRATION;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A linked database the scheduler's process may not write: a read-only file, or a read-only
 * directory (SQLite creates its rollback journal beside the file). The scheduler runs in a child
 * JVM as an unprivileged user, since root writes through any permission.
 */
@Tag("slow")
class ReadOnlyTest {
  private static final System.Logger LOG = System.getLogger(ReadOnlyTest.class.getName());
  private static final String PARAMS = "shared_schema_busy_timeout=1s";

  @TempDir static Path scratch;
  private static String classPath;

  @TempDir Path dir;

  @BeforeAll
  static void copyClassPath() throws Exception {
    classPath = Unprivileged.classPath(scratch);
  }

  @Test
  void aReadOnlyFileFailsTheDryRunNamingItAndTheSameMigrationPassesOnceItIsWritable()
      throws Exception {
    FaultFleet f = FaultFleet.create(dir, "t1.db", "t2.db", "t3.db");
    Path readOnly = f.tenants.get(1);
    Unprivileged.giveToChild(dir);
    Unprivileged.protect(readOnly, "r--r--r--");
    byte[] before = Files.readAllBytes(readOnly);
    try (ChildJvm child = Unprivileged.start(classPath, f.schema, PARAMS)) {
      assertChildIsUnprivileged(child);
      List<String> error = UnprivilegedScheduler.fields(child.ask("migrate " + MIGRATION));
      LOG.log(System.Logger.Level.INFO, "read-only file: " + error);
      assertThat(error.get(0)).isEqualTo("error");
      assertThat(error.get(1)).isEqualTo("40000");
      long job = Long.parseLong(error.get(2));
      assertThat(error.get(3))
          .contains("failed its dry run; nothing was applied anywhere")
          .contains(
              readOnly + ": statement 1 (ALTER TABLE notes ADD COLUMN tag TEXT): [SQLITE_READONLY]")
          .contains("attempt to write a readonly database")
          .contains("fix the permissions of the file and its directory, or unlink it");
      assertThat(UnprivilegedScheduler.fields(child.ask("job " + job)))
          .startsWith("job", "DryRunFailure")
          .contains(readOnly + "|DryRunFailure|1");
      assertThat(UnprivilegedScheduler.fields(child.ask("job " + job)).get(2))
          .contains("DryRunSuccess=2", "DryRunFailure=1");
      f.assertNotApplied(job);
      assertThat(Files.readAllBytes(readOnly)).isEqualTo(before);
      assertThat(UnprivilegedScheduler.fields(child.ask("check"))).startsWith("check", "0");

      Unprivileged.giveToChild(readOnly);
      Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("rw-r--r--"));
      List<String> ok = UnprivilegedScheduler.fields(child.ask("migrate " + MIGRATION));
      assertThat(ok.get(0)).as(ok.toString()).isEqualTo("ok");
      long again = Long.parseLong(ok.get(1));
      assertThat(UnprivilegedScheduler.fields(child.ask("job " + again)))
          .startsWith("job", "RunSuccess", "RunSuccess=3");
      f.assertAppliedOnce(again);
      assertThat(UnprivilegedScheduler.fields(child.ask("check"))).startsWith("check", "0");
    }
  }

  @Test
  void aReadOnlyDirectoryFailsTheDryRunAtTheFirstWriteAndUnlinkingItLetsTheFleetGoOn()
      throws Exception {
    FaultFleet f = FaultFleet.create(dir, "t1.db", "closed/t2.db", "t3.db");
    Path inClosedDir = f.tenants.get(1);
    Unprivileged.giveToChild(dir);
    Unprivileged.protect(inClosedDir.getParent(), "r-xr-xr-x");
    byte[] before = Files.readAllBytes(inClosedDir);
    try (ChildJvm child = Unprivileged.start(classPath, f.schema, PARAMS)) {
      assertChildIsUnprivileged(child);
      List<String> error = UnprivilegedScheduler.fields(child.ask("migrate " + MIGRATION));
      LOG.log(System.Logger.Level.INFO, "read-only directory: " + error);
      assertThat(error.subList(0, 2)).containsExactly("error", "40000");
      long job = Long.parseLong(error.get(2));
      assertThat(error.get(3))
          .contains("nothing was applied anywhere")
          .contains(inClosedDir + ": statement 1 (ALTER TABLE notes ADD COLUMN tag TEXT)")
          .contains("[SQLITE_READONLY_DIRECTORY]")
          .contains("permission to create a journal file")
          .contains("fix the permissions of the file and its directory, or unlink it");
      assertThat(UnprivilegedScheduler.fields(child.ask("job " + job)))
          .startsWith("job", "DryRunFailure")
          .contains(inClosedDir + "|DryRunFailure|1");
      f.assertNotApplied(job);
      assertThat(Files.readAllBytes(inClosedDir)).isEqualTo(before);
      assertThat(inClosedDir.resolveSibling("t2.db-journal")).doesNotExist();

      assertThat(UnprivilegedScheduler.fields(child.ask("unlink " + inClosedDir)))
          .containsExactly("ok", "true");
      List<String> ok = UnprivilegedScheduler.fields(child.ask("migrate " + MIGRATION));
      assertThat(ok.get(0)).as(ok.toString()).isEqualTo("ok");
      long again = Long.parseLong(ok.get(1));
      assertThat(UnprivilegedScheduler.fields(child.ask("job " + again)))
          .startsWith("job", "RunSuccess", "RunSuccess=2");
      FaultFleet.assertAppliedOnce(again, List.of(f.tenants.get(0), f.tenants.get(2)), f.schema);
      assertThat(FaultFleet.hasTag(inClosedDir)).as("unlinked: left alone").isFalse();
      assertThat(FaultFleet.tenantRows(inClosedDir)).isEqualTo(FaultFleet.TENANT_ROWS);
      assertThat(UnprivilegedScheduler.fields(child.ask("check"))).startsWith("check", "0");
    } finally {
      Files.setPosixFilePermissions(
          inClosedDir.getParent(), PosixFilePermissions.fromString("rwxr-xr-x"));
    }
  }

  /** Without this the scenario could pass vacuously: root would simply write the files. */
  private static void assertChildIsUnprivileged(ChildJvm child) throws Exception {
    List<String> ready = UnprivilegedScheduler.fields(child.answer());
    assertThat(ready).containsExactly("ready", String.valueOf(Unprivileged.childUid()));
    assertThat(Unprivileged.childUid()).isNotZero();
  }
}
