package dev.sharedschema.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The {@code sharedschema} command. */
@Command(
    name = "sharedschema",
    mixinStandardHelpOptions = true,
    versionProvider = SharedSchemaCommand.Version.class,
    description = {
      "One SQLite schema database drives the schema of many linked databases.",
      "",
      "As a JDBC driver: swap jdbc:sqlite: for jdbc:sharedschema:sqlite: in your URL.",
      "Driver class: dev.sharedschema.driver.SharedSchemaDriver (this jar carries it)."
    },
    subcommands = {
      InitCommand.class,
      LinkCommand.class,
      UnlinkCommand.class,
      LinksCommand.class,
      MigrateCommand.class,
      JobsCommand.class,
      JobCommand.class,
      CheckCommand.class,
      RetryCommand.class,
      ResumeCommand.class,
      AgentCommand.class,
      DemoCommand.class,
      CommandLine.HelpCommand.class
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:ok",
      "1:the operation failed (a failed or paused migration, drift found, a missing schema database, …)",
      "2:bad usage"
    })
public final class SharedSchemaCommand implements Runnable {
  @Spec CommandSpec spec;

  public static void main(String[] args) {
    // Warnings the library logs (java.util.logging's console handler, by default) print as one line
    // without a stack trace, unless the user configured logging.
    if (System.getProperty("java.util.logging.config.file") == null) {
      System.setProperty("java.util.logging.SimpleFormatter.format", "%4$s: %5$s%n");
    }
    System.exit(commandLine().execute(args));
  }

  /** The configured command line; tests call {@code execute} on it. */
  public static CommandLine commandLine() {
    return new CommandLine(new SharedSchemaCommand()).setExecutionExceptionHandler(new ErrorLine());
  }

  @Override
  public void run() {
    // No subcommand: show what there is, and say so through the usage-error exit code.
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing a command.");
  }

  /** Reads the version Maven wrote into the jar. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      Properties p = new Properties();
      try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
        if (in != null) {
          p.load(in);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      try (java.sql.Connection c =
          new org.sqlite.JDBC().connect("jdbc:sqlite::memory:", new Properties())) {
        java.sql.DatabaseMetaData md = c.getMetaData();
        return new String[] {
          "sharedschema " + p.getProperty("version", "unknown"),
          "SQLite " + md.getDatabaseProductVersion() + ", sqlite-jdbc " + md.getDriverVersion(),
          "Java " + System.getProperty("java.version")
        };
      } catch (java.sql.SQLException e) {
        return new String[] {
          "sharedschema " + p.getProperty("version", "unknown"), "SQLite: " + e.getMessage()
        };
      }
    }
  }
}
