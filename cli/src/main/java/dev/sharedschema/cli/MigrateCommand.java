package dev.sharedschema.cli;

import dev.sharedschema.driver.SharedSchema;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sharedschema migrate SCHEMA_DB (-e SQL | -f FILE)}: one migration, with progress. */
@Command(
    name = "migrate",
    header = "One migration, with a progress bar; blocks until terminal.",
    description =
        "Every statement of the script is checked (dry run) on the schema database and every linked database, then applied to each linked database and last to the schema database. Shows a live progress bar on a terminal and plain progress lines otherwise. Exit 1 if the migration failed (nothing was applied) or paused in RunFailure (see `retry`).")
final class MigrateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin HelpOption help;

  @Mixin SchemaDatabaseParameter schemaDb;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Script script;

  static final class Script {
    @Option(
        names = {"-e", "--execute"},
        paramLabel = "SQL",
        description = "The migration's SQL text (one or more statements).")
    String sql;

    @Option(
        names = {"-f", "--file"},
        paramLabel = "FILE",
        description = "A file holding the migration's SQL (UTF-8).")
    Path file;
  }

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description =
          "Stop waiting after this long (e.g. 30s, 5m); the job is finished later by `resume`.")
  Duration timeout;

  @Mixin ProgressOption progressOption;

  @Override
  public Integer call() throws SQLException {
    String sql = sqlText();
    if (sql.isBlank()) {
      throw new SQLException(
          "the migration is empty: give SQL with -e or a non-empty file with -f", "42000");
    }
    try (SharedSchema s = schemaDb.open()) {
      JobProgress progress = new JobProgress(spec.commandLine().getOut(), progressOption.mode);
      s.addListener(progress);
      long id = s.submit(sql);
      progress.follow(id, -1);
      return new JobFollower(s, progress, spec.commandLine().getOut(), spec.commandLine().getErr())
          .await(id, timeout);
    }
  }

  private String sqlText() throws SQLException {
    if (script.sql != null) {
      return script.sql;
    }
    Path file = script.file.toAbsolutePath();
    if (Files.isDirectory(file)) {
      throw unreadable(file, "it is a directory; give the path of a .sql file");
    }
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw unreadable(
          file, "no such file; check the path (relative paths start from " + cwd() + ")");
    } catch (AccessDeniedException e) {
      throw unreadable(file, "permission denied; make it readable for this user");
    } catch (CharacterCodingException e) {
      throw unreadable(file, "it is not UTF-8 text; save it as UTF-8 and run migrate again");
    } catch (IOException e) {
      // The JDK's message for the rest (an I/O error, a special file) already says what happened.
      throw unreadable(file, e.getMessage() != null ? e.getMessage() : "an I/O error");
    }
  }

  private static SQLException unreadable(Path file, String why) {
    return new SQLException("cannot read the migration file " + file + ": " + why, "58030");
  }

  private static Path cwd() {
    return Path.of("").toAbsolutePath();
  }
}
