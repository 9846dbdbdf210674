package dev.sharedschema.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A missing, non-schema or unreadable SCHEMA_DB is exit 1 with one clear line, for every command.
 */
class MissingSchemaDatabaseTest {
  @TempDir Path dir;

  static Stream<Arguments> commands() {
    return Stream.of(
        Arguments.of("link", List.of("t.db")),
        Arguments.of("unlink", List.of("t.db")),
        Arguments.of("links", List.of()),
        Arguments.of("links", List.of("--json")),
        Arguments.of("migrate", List.of("-e", "CREATE TABLE x (a)")),
        Arguments.of("jobs", List.of()),
        Arguments.of("job", List.of("1")),
        Arguments.of("check", List.of()),
        Arguments.of("check", List.of("--json")),
        Arguments.of("retry", List.of("1")),
        Arguments.of("resume", List.of()));
  }

  private static Cli.Result run(String command, Path schema, List<String> rest) {
    List<Object> args = new ArrayList<>(List.of(command, schema));
    args.addAll(rest);
    return Cli.run(args.toArray());
  }

  @ParameterizedTest
  @MethodSource("commands")
  void aMissingFileSaysSoAndHowToMakeOne(String command, List<String> rest) {
    Path missing = dir.resolve("nope.db");
    Cli.Result r =
        run(command, missing, rest)
            .failsClearly("no schema database at " + missing, "sharedschema init");
    assertThat(r.err().lines()).hasSize(1);
    assertThat(r.out()).isEmpty();
    assertThat(missing).doesNotExist();
  }

  @ParameterizedTest
  @MethodSource("commands")
  void aPlainSqliteFileIsNotASchemaDatabase(String command, List<String> rest) throws Exception {
    Path plain = dir.resolve("plain.db");
    TestFleet.sqlite(plain, "CREATE TABLE a (x)");
    run(command, plain, rest)
        .failsClearly(plain + " is not a schema database", "sharedschema init");
    assertThat(dir.resolve("plain.db.sharedschema")).doesNotExist();
  }

  @Test
  void aDirectoryIsNotASchemaDatabase() {
    Cli.run("jobs", dir).failsClearly(dir + " is a directory");
  }

  @Test
  void aFileThatIsNotSqliteGivesTheSqliteErrorOnOneLine() throws Exception {
    Path garbage = dir.resolve("garbage.db");
    Files.writeString(
        garbage,
        "this is not a database, just text that is long enough to fill a header. ".repeat(20));
    Files.writeString(dir.resolve("garbage.db.sharedschema"), "neither is this ".repeat(100));
    Cli.Result r = Cli.run("jobs", garbage).failsClearly("garbage.db");
    assertThat(r.err()).containsIgnoringCase("not a database");
  }

  @Test
  void aGarbageRegistryIsNamedNotBlamedOnTheSchemaDatabase() throws Exception {
    TestFleet f = TestFleet.create(dir, 0);
    Path registry = dir.resolve("schema.db.sharedschema");
    Files.writeString(registry, "neither is this ".repeat(100));
    Cli.run("jobs", f.schema())
        .failsClearly(registry + " is not a database", "restore it from the backup");
  }

  @Test
  void aRegistryWithoutItsSchemaDatabaseSaysWhatIsMissing() throws Exception {
    TestFleet f = TestFleet.create(dir, 0);
    Files.delete(f.schema());
    Cli.run("jobs", f.schema()).failsClearly("does not exist", "registry");
  }

  @Test
  void initRefusesADirectoryThatDoesNotExist() {
    Path p = dir.resolve("no/such/dir/schema.db");
    Cli.run("init", p).failsClearly("does not exist");
  }

  @Test
  void initOnAFileThatIsNotSqliteNamesItAndLeavesNothingBehind() throws Exception {
    Path junk = dir.resolve("junk.db");
    String text = "this is not a database, just text that is long enough to fill a header. ";
    Files.writeString(junk, text.repeat(20));
    Cli.Result r = Cli.run("init", junk).failsClearly(junk.toString(), "not a database");
    assertThat(r.err().lines()).hasSize(1);
    assertThat(dir.resolve("junk.db.sharedschema")).doesNotExist();
    assertThat(Files.readString(junk)).isEqualTo(text.repeat(20));
    Cli.run("links", junk).failsClearly(junk + " is not a schema database");
  }

  @Test
  void initMakesASchemaDatabaseAndIsIdempotent() {
    Path p = dir.resolve("schema.db");
    assertThat(Cli.run("init", p).succeeds().out())
        .contains("schema database " + p + " is ready (0 linked databases)");
    assertThat(dir.resolve("schema.db.sharedschema")).exists();
    assertThat(Cli.run("init", p).succeeds().out()).contains("is ready");
  }
}
