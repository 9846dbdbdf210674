package dev.sharedschema.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15, item 8: what a new user meets when a path is not what they think — each answered in one
 * line that names the file, exit 1 — and the work files a killed link leaves behind.
 */
class LinkPapercutsTest {
  @TempDir Path dir;

  @Test
  void linkingADirectoryNamesItAndSaysWhatToGive() throws Exception {
    TestFleet f = TestFleet.create(dir, 0);
    Path tenants = Files.createDirectory(dir.resolve("tenants"));
    Cli.run("link", f.schema(), tenants).failsClearly(tenants + ": it is a directory");
  }

  @Test
  void linkingADanglingSymlinkNamesTheLinkAndItsTarget() throws Exception {
    TestFleet f = TestFleet.create(dir, 0);
    Path link = Files.createSymbolicLink(dir.resolve("t9.db"), dir.resolve("gone/t9.db"));
    Cli.run("link", f.schema(), link)
        .failsClearly(link.toString(), "symbolic link to " + dir.resolve("gone/t9.db"));
    assertThat(dir.resolve("gone")).doesNotExist();
  }

  @Test
  void unlinkThroughASymlinkedDirectoryNamesTheFileItUnlinked() throws Exception {
    TestFleet f = TestFleet.create(dir, 1);
    Path alias = Files.createSymbolicLink(dir.resolve("alias"), dir);
    Path spelled = alias.resolve(f.tenant(1).getFileName());
    Cli.Result r = Cli.run("unlink", f.schema(), spelled).succeeds();
    assertThat(r.out())
        .contains("unlinked " + f.tenant(1).toRealPath() + " (given as " + spelled + ";");
    assertThat(Cli.run("links", f.schema()).succeeds().out()).contains("0 linked databases");
  }

  @Test
  void linkingAFileThatIsNotADatabaseNamesIt() throws Exception {
    TestFleet f = TestFleet.create(dir, 0);
    Path junk = dir.resolve("junk.db");
    Files.writeString(junk, "not a database, just text long enough to fill a header ".repeat(10));
    Cli.run("link", f.schema(), junk).failsClearly(junk + ": it is not a SQLite database");
  }

  @Test
  void checkNamesALinkedFileThatWasReplacedByGarbage() throws Exception {
    TestFleet f = TestFleet.create(dir, 2);
    Files.writeString(f.tenant(2), "not a database any more ".repeat(40));
    Cli.Result r = Cli.run("check", f.schema());
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.out()).contains(f.tenant(2) + "\n  - cannot read it: ");
    assertThat(r.out()).doesNotContain("\tat ");
  }

  @Test
  void workFilesOfALinkKilledMidwayAreRemovedByTheNextLink() throws Exception {
    TestFleet f = TestFleet.create(dir, 0);
    // What a process killed during `link` leaves: work files named after it, beside the targets.
    long gone = deadPid();
    Path stray = dir.resolve(".t1.db." + gone + ".123456789.linking");
    Path strayCopy = dir.resolve(".schema.db." + gone + ".987654321.linking");
    Files.writeString(stray, "half a copy");
    Files.writeString(strayCopy, "half a snapshot");
    Path live = dir.resolve(".t3.db." + ProcessHandle.current().pid() + ".1.linking");
    Files.writeString(live, "another link of a live process, in flight");
    Cli.run("link", f.schema(), dir.resolve("t2.db")).succeeds();
    assertThat(stray).doesNotExist();
    assertThat(strayCopy).doesNotExist();
    assertThat(live).as("a live process's work file is left alone").exists();
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".linking")))
          .containsExactly(live.getFileName().toString());
    }
  }

  /** A pid no process has now (short-lived child, waited for). */
  private static long deadPid() throws Exception {
    Process p = new ProcessBuilder("true").start();
    p.waitFor();
    return p.pid();
  }
}
