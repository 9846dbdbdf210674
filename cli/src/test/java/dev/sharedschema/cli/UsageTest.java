package dev.sharedschema.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** --help, --version and usage errors (exit 2), for the top command and every subcommand. */
class UsageTest {
  @Test
  void helpListsEveryCommandOfTheDesign() {
    Cli.Result r = Cli.run("--help").succeeds();
    assertThat(r.out())
        .contains(
            "init", "link", "unlink", "links", "migrate", "jobs", "job", "check", "retry", "resume",
            "agent", "demo")
        .contains("Exit codes:");
  }

  @Test
  void versionNamesOurVersionAndSqlite() {
    Cli.Result r = Cli.run("--version").succeeds();
    assertThat(r.out()).startsWith("sharedschema ").contains("SQLite 3.", "Java ");
  }

  @Test
  void noCommandIsAUsageError() {
    Cli.Result r = Cli.run();
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("Missing a command", "Usage:");
  }

  @Test
  void unknownCommandIsAUsageError() {
    Cli.Result r = Cli.run("frobnicate", "x.db");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("frobnicate");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "init", "link", "unlink", "links", "migrate", "jobs", "job", "check", "retry", "resume",
        "agent", "demo"
      })
  void everyCommandHasHelp(String command) {
    Cli.Result r = Cli.run(command, "--help").succeeds();
    assertThat(r.out()).contains("Usage: sharedschema " + command, "-h, --help");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "init", "link", "unlink", "links", "migrate", "jobs", "job", "check", "retry", "resume",
        "agent", "demo"
      })
  void everyCommandWithoutArgumentsIsAUsageError(String command) {
    Cli.Result r = Cli.run(command);
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("Missing required", "Usage: sharedschema " + command);
  }

  @ParameterizedTest
  @ValueSource(strings = {"links", "jobs", "check"})
  void readCommandsTakeJson(String command) {
    assertThat(Cli.run(command, "--help").out()).contains("--json");
  }

  @Test
  void jobTakesJson() {
    assertThat(Cli.run("job", "--help").out()).contains("--json");
  }

  @Test
  void versionBelongsToTheTopCommandOnly() {
    assertThat(Cli.run("jobs", "--version", "x.db").exit()).isEqualTo(2);
  }

  @Test
  void aJobIdMustBeANumber() {
    Cli.Result r = Cli.run("job", "schema.db", "seven");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("seven");
  }
}
