package dev.sharedschema.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** demo: builds, migrates and checks a fleet; never mixes with an earlier one. */
class DemoCommandTest {
  @TempDir Path dir;

  @Test
  void buildsMigratesAndChecksASmallFleet() throws Exception {
    Path demo = dir.resolve("demo");
    Cli.Result r = Cli.run("demo", demo, "--tenants", "20").succeeds();
    Path schema = demo.resolve("schema.db");
    assertThat(r.out())
        .contains(
            "1. schema database " + schema,
            "5 tables, 1 index, 1 view, 3 reference rows in plans, user_version 1")
        .containsPattern("(?m)^link +20/20 100%")
        .contains("linked 20 databases in ", " per database")
        .contains("ALTER TABLE customers ADD COLUMN loyalty_tier")
        .containsPattern("(?m)^dry run +20/20 100%")
        .containsPattern("(?m)^run +20/20 100%")
        .contains("job 2 RunSuccess in ", ": 20 RunSuccess")
        .contains("4. check: no drift in 20 linked databases")
        .contains("Ada Lovelace (plan team, loyalty_tier bronze)")
        .contains("Summary (20 linked databases)", "linking", "migration", "check")
        .contains("jobs " + schema, "job " + schema + " 2", "links " + schema, "check " + schema);
    assertThat(demo.resolve("tenants/tenant-0020.db")).exists();

    // What the demo built is a fleet the other commands can read.
    assertThat(Cli.run("check", schema).exit()).isZero();
    JsonNode job = Cli.run("job", schema, "2", "--json").succeeds().json();
    assertThat(job.get("tasks").get("RunSuccess").asInt()).isEqualTo(20);
    assertThat(Cli.run("links", schema, "--json").json().size()).isEqualTo(20);
    TestFleet.sqlite(
        demo.resolve("tenants/tenant-0007.db"),
        "SELECT loyalty_tier FROM customers",
        "SELECT * FROM order_totals");
  }

  @Test
  void refusesADirectoryThatAlreadyHoldsADemo() {
    Path demo = dir.resolve("demo");
    Cli.run("demo", demo, "--tenants", "2", "--progress", "off").succeeds();
    Cli.run("demo", demo, "--tenants", "2")
        .failsClearly(demo + " already holds a demo", "rm -r " + demo);
    assertThat(Cli.run("links", demo.resolve("schema.db"), "--json").json().size()).isEqualTo(2);
  }

  @Test
  void refusesADirectoryWithOtherFiles() throws Exception {
    Files.writeString(dir.resolve("notes.txt"), "mine");
    Cli.run("demo", dir, "--tenants", "2").failsClearly(dir + " is not empty");
    assertThat(dir.resolve("schema.db")).doesNotExist();
  }

  @Test
  void tenantsMustBePositive() {
    Cli.Result r = Cli.run("demo", dir.resolve("d"), "--tenants", "0");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("--tenants must be at least 1");
  }

  /** The README's first command, at its real size. */
  @Test
  @Tag("slow")
  void aThousandTenants() {
    Path demo = dir.resolve("demo");
    Cli.Result r = Cli.run("demo", demo, "--progress", "off").succeeds();
    assertThat(r.out())
        .contains("job 2 RunSuccess", ": 1000 RunSuccess", "no drift in 1000 linked databases");
  }
}
