package dev.sharedschema.scheduler.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sharedschema.scheduler.ChildScheduler;
import dev.sharedschema.scheduler.Fleet;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, case 9: 1,000 WAL tenants under {@code ulimit -n 1024} failed every migration —
 * connections kept from the dry run for the run were bounded by a count (512), and each WAL file
 * holds three descriptors. Now they are bounded by the descriptors the process has left. Here: 300
 * WAL tenants, a scheduler in a child JVM limited to 256 descriptors.
 */
@Tag("slow")
class DescriptorBudgetTest {
  private static final int TENANTS = 300;

  @TempDir Path dir;

  @Test
  void aMigrationOfManyWalTenantsStaysWithinTheDescriptorLimit() throws Exception {
    Fleet f = Fleet.create(dir, TENANTS, "CREATE TABLE t(a)");
    for (Path db : f.linked) {
      Fleet.exec(db, "PRAGMA journal_mode=WAL");
    }
    String cp =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new ArrayList<>();
    cmd.add("bash");
    cmd.add("-c");
    cmd.add("ulimit -n 256 && exec \"$0\" -cp \"$1\" \"$2\" \"$3\" \"$4\"");
    cmd.add(java);
    cmd.add(cp);
    cmd.add(ChildScheduler.class.getName());
    cmd.add(f.schema.toString());
    cmd.add("ALTER TABLE t ADD COLUMN b INTEGER");
    Process child = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(out).as("child output").contains("done 1").doesNotContain("Exception");
    assertThat(child.exitValue()).isZero();
    for (Path db : f.linked) {
      assertThat(Fleet.hasColumn(db, "t", "b")).as(db.toString()).isTrue();
    }
  }
}
