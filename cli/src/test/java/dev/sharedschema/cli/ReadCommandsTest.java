package dev.sharedschema.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** jobs, job and check, as text and as JSON. */
class ReadCommandsTest {
  @TempDir Path dir;

  @Test
  void jobsNewestFirst() {
    TestFleet f = TestFleet.create(dir, 2);
    Cli.run("migrate", f.schema(), "-e", "CREATE TABLE u (x)").succeeds();
    Cli.Result r = Cli.run("jobs", f.schema()).succeeds();
    String[] lines = r.out().split("\n");
    assertThat(lines[0]).contains("ID", "STATE", "SUBMITTED", "TASKS", "MIGRATION");
    assertThat(lines[1])
        .containsPattern("^\\s+2\\s+RunSuccess")
        .contains("2 RunSuccess", "CREATE TABLE u (x)");
    assertThat(lines[2])
        .containsPattern("^\\s+1\\s+RunSuccess")
        .contains("no linked databases", "CREATE TABLE t");

    JsonNode json = Cli.run("jobs", f.schema(), "--json").succeeds().json();
    assertThat(json.size()).isEqualTo(2);
    assertThat(json.get(0).get("id").asLong()).isEqualTo(2);
    assertThat(json.get(1).get("id").asLong()).isEqualTo(1);
    assertThat(Cli.run("jobs", f.schema(), "--limit", "1", "--json").json().size()).isEqualTo(1);
  }

  @Test
  void jobsOfAFreshSchemaDatabase() {
    Path schema = dir.resolve("s.db");
    Cli.run("init", schema).succeeds();
    assertThat(Cli.run("jobs", schema).succeeds().out()).contains("no jobs yet");
    assertThat(Cli.run("jobs", schema, "--json").succeeds().json().isArray()).isTrue();
  }

  @Test
  void jobJsonHoldsStateCountsTimingsAsIsoInstants() {
    TestFleet f = TestFleet.create(dir, 3);
    Cli.run(
            "migrate",
            f.schema(),
            "-e",
            "ALTER TABLE t ADD COLUMN \"quoted \\ name\" TEXT DEFAULT 'a\"b'")
        .succeeds();
    JsonNode j = Cli.run("job", f.schema(), "2", "--json").succeeds().json();
    assertThat(j.get("id").asLong()).isEqualTo(2);
    assertThat(j.get("state").asText()).isEqualTo("RunSuccess");
    assertThat(j.get("terminal").asBoolean()).isTrue();
    assertThat(j.get("summary").asText())
        .isEqualTo("ALTER TABLE t ADD COLUMN \"quoted \\ name\" TEXT DEFAULT 'a\"b'");
    assertThat(j.get("tasks").get("RunSuccess").asInt()).isEqualTo(3);
    assertThat(j.get("tasks").get("RunFailure").asInt()).isZero();
    assertThat(j.get("taskCount").asInt()).isEqualTo(3);
    Instant submitted = Instant.parse(j.get("submittedAt").asText());
    Instant dryRun = Instant.parse(j.get("dryRunAt").asText());
    Instant finished = Instant.parse(j.get("finishedAt").asText());
    assertThat(submitted).isBeforeOrEqualTo(dryRun);
    assertThat(dryRun).isBeforeOrEqualTo(finished);
    assertThat(j.get("elapsedMillis").asLong()).isNotNegative();
    assertThat(j.get("error").isNull()).isTrue();
    assertThat(j.get("failures").size()).isZero();
  }

  @Test
  void jobTextAndJsonOfAPausedJobListTheFailures() throws Exception {
    TestFleet f = TestFleet.create(dir, 2);
    PausedJob.make(f);
    Cli.Result text = Cli.run("job", f.schema(), "3").succeeds();
    assertThat(text.out())
        .contains(
            "job 3  RunFailure",
            "tasks       1 RunSuccess, 1 RunFailure",
            "error       1 database failed the run")
        .contains(f.tenant(1) + "  RunFailure", "FOREIGN KEY");
    JsonNode j = Cli.run("job", f.schema(), "3", "--json").succeeds().json();
    assertThat(j.get("state").asText()).isEqualTo("RunFailure");
    assertThat(j.get("terminal").asBoolean()).isFalse();
    assertThat(j.get("finishedAt").isNull()).isTrue();
    JsonNode failure = j.get("failures").get(0);
    assertThat(failure.get("path").asText()).isEqualTo(f.tenant(1).toString());
    assertThat(failure.get("state").asText()).isEqualTo("RunFailure");
    assertThat(failure.get("error").asText()).contains("FOREIGN KEY");
  }

  @Test
  void anUnknownJobIsAFailure() {
    TestFleet f = TestFleet.create(dir, 0);
    Cli.run("job", f.schema(), "9").failsClearly("no job 9");
    Cli.run("job", f.schema(), "9", "--json").failsClearly("no job 9");
  }

  @Test
  void checkOfAFleetWithoutDrift() {
    TestFleet f = TestFleet.create(dir, 3);
    assertThat(Cli.run("check", f.schema()).succeeds().out())
        .contains("no drift: 3 linked databases match the schema database");
    JsonNode j = Cli.run("check", f.schema(), "--json").succeeds().json();
    assertThat(j.get("linked").asInt()).isEqualTo(3);
    assertThat(j.get("drifted").asInt()).isZero();
    assertThat(j.get("drift").size()).isZero();
    assertThat(j.get("schemaDatabase").asText()).isEqualTo(f.schema().toString());
  }

  @Test
  void checkFindsDriftAndExitsOne() throws Exception {
    TestFleet f = TestFleet.create(dir, 3);
    TestFleet.sqlite(f.tenant(2), "CREATE TABLE extra (x)", "CREATE INDEX t_name ON t (name)");
    Files.delete(f.tenant(3));
    Cli.Result r = Cli.run("check", f.schema());
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.out())
        .contains(
            f.tenant(2).toString(),
            "extra",
            "t_name",
            f.tenant(3).toString(),
            "file does not exist")
        .contains("2 of 3 linked databases drifted")
        .doesNotContain(f.tenant(1) + "\n");

    Cli.Result json = Cli.run("check", f.schema(), "--json");
    assertThat(json.exit()).isEqualTo(1);
    JsonNode j = json.json();
    assertThat(j.get("drifted").asInt()).isEqualTo(2);
    assertThat(j.get("drift").get(0).get("path").asText()).isEqualTo(f.tenant(2).toString());
    assertThat(j.get("drift").get(0).get("differences").toString()).contains("extra", "t_name");
    assertThat(j.get("drift").get(1).get("differences").get(0).asText())
        .isEqualTo("file does not exist");
  }
}
