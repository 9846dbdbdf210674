package dev.sharedschema.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** link, unlink and links. */
class LinkCommandsTest {
  @TempDir Path dir;

  @Test
  void linkCreatesMissingFilesFromTheSchema() throws Exception {
    TestFleet f = TestFleet.create(dir, 0);
    Path a = dir.resolve("a.db");
    Path b = dir.resolve("b.db");
    Cli.Result r = Cli.run("link", f.schema(), a, b).succeeds();
    assertThat(r.out())
        .contains(
            "created and linked " + a, "created and linked " + b, "linked 2 databases (2 created)");
    assertThat(a).exists();
    TestFleet.sqlite(a, "INSERT INTO t (name) VALUES ('x')"); // the table came from the schema
  }

  @Test
  void linkingAnExistingMatchingFileAndAnAlreadyLinkedOne() throws Exception {
    TestFleet f = TestFleet.create(dir, 1);
    Path plain = dir.resolve("plain.db");
    TestFleet.sqlite(plain, "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)");
    Cli.Result r = Cli.run("link", f.schema(), plain, f.tenant(1)).succeeds();
    assertThat(r.out())
        .contains(
            "linked " + plain, "already linked " + f.tenant(1), "linked 1 database (0 created)");
    assertThat(Cli.run("links", f.schema()).out()).contains(plain.toString());
  }

  @Test
  void linkingAFileWithAnotherSchemaFailsWithTheDiffAndLinksTheRest() throws Exception {
    TestFleet f = TestFleet.create(dir, 0);
    Path other = dir.resolve("other.db");
    TestFleet.sqlite(other, "CREATE TABLE u (x)");
    Path fine = dir.resolve("fine.db");
    Cli.Result r =
        Cli.run("link", f.schema(), other, fine).failsClearly("cannot link " + other, "table");
    assertThat(r.out()).contains("created and linked " + fine, "1 failed");
    assertThat(Cli.run("links", f.schema()).out())
        .contains(fine.toString())
        .doesNotContain(other.toString());
  }

  @Test
  void unlinkThenLinks() throws Exception {
    TestFleet f = TestFleet.create(dir, 3);
    Cli.Result r = Cli.run("unlink", f.schema(), f.tenant(2)).succeeds();
    assertThat(r.out()).contains("unlinked " + f.tenant(2) + " (the file stays)");
    assertThat(f.tenant(2)).exists();
    Cli.Result links = Cli.run("links", f.schema()).succeeds();
    assertThat(links.out())
        .contains(f.tenant(1).toString(), f.tenant(3).toString(), "2 linked databases")
        .doesNotContain(f.tenant(2).toString());
    // The file stays a usable SQLite database with its table.
    TestFleet.sqlite(f.tenant(2), "INSERT INTO t (name) VALUES ('still here')");
  }

  @Test
  void unlinkingADatabaseThatIsNotLinkedIsAFailure() {
    TestFleet f = TestFleet.create(dir, 1);
    Path stranger = dir.resolve("stranger.db");
    Cli.run("unlink", f.schema(), stranger).failsClearly(stranger + " is not linked");
    assertThat(Cli.run("links", f.schema()).out()).contains("1 linked database");
  }

  @Test
  void linksJsonIsAnArrayOfObjectsWithPath() throws Exception {
    TestFleet f = TestFleet.create(dir, 3);
    Files.delete(f.tenant(3));
    JsonNode json = Cli.run("links", f.schema(), "--json").succeeds().json();
    assertThat(json.isArray()).isTrue();
    List<String> paths = new ArrayList<>();
    json.forEach(n -> paths.add(n.get("path").asText()));
    assertThat(paths)
        .containsExactly(f.tenant(1).toString(), f.tenant(2).toString(), f.tenant(3).toString());
    assertThat(json.get(0).get("exists").asBoolean()).isTrue();
    assertThat(json.get(0).get("bytes").asLong()).isPositive();
    assertThat(json.get(0).get("state").asText()).isEqualTo("linked");
    assertThat(json.get(0).get("pendingJob").isNull()).isTrue();
    assertThat(json.get(2).get("exists").asBoolean()).isFalse();
    assertThat(json.get(2).get("state").asText()).isEqualTo("missing");
  }

  @Test
  void linksHelpNamesEveryJsonField() {
    TestFleet f = TestFleet.create(dir, 1);
    JsonNode row = Cli.run("links", f.schema(), "--json").succeeds().json().get(0);
    String help = Cli.run("links", "--help").succeeds().out().replaceAll("\\s+", " ");
    // Only the --json option's own text counts ("state" also appears in the description).
    String jsonOption = help.substring(help.indexOf("--json Print"));
    row.fieldNames()
        .forEachRemaining(
            field ->
                assertThat(jsonOption).as("links --help").containsPattern("\\b" + field + "\\b"));
  }

  @Test
  void linksOfAnEmptyFleet() {
    TestFleet f = TestFleet.create(dir, 0);
    assertThat(Cli.run("links", f.schema()).succeeds().out()).contains("0 linked databases");
    assertThat(Cli.run("links", f.schema(), "--json").succeeds().json().size()).isZero();
  }

  @Test
  void linksShowsEachDatabasesTaskInAnUnfinishedJob() throws Exception {
    TestFleet f = TestFleet.create(dir, 2);
    try (UnfinishedJob job =
        UnfinishedJob.submit(f.schema(), "ALTER TABLE t ADD COLUMN c INTEGER")) {
      JsonNode json = Cli.run("links", f.schema(), "--json").succeeds().json();
      assertThat(json.get(0).get("pendingJob").asLong()).isEqualTo(job.id());
      assertThat(json.get(0).get("task").asText()).isEqualTo("Enqueued");
      assertThat(json.get(0).get("state").asText()).isEqualTo("job " + job.id() + " Enqueued");
      assertThat(Cli.run("links", f.schema()).out()).contains("job " + job.id() + " Enqueued");
    }
  }
}
