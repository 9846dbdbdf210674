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
    subcommands = {InitCommand.class, CommandLine.HelpCommand.class})
public final class SharedSchemaCommand implements Runnable {
  @Spec CommandSpec spec;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured command line; tests call {@code execute} on it. */
  public static CommandLine commandLine() {
    return new CommandLine(new SharedSchemaCommand());
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
      try (java.sql.Connection c = new org.sqlite.JDBC().connect("jdbc:sqlite::memory:", new Properties())) {
        java.sql.DatabaseMetaData md = c.getMetaData();
        return new String[] {
          "sharedschema " + p.getProperty("version", "unknown"),
          "SQLite " + md.getDatabaseProductVersion() + ", sqlite-jdbc " + md.getDriverVersion(),
          "Java " + System.getProperty("java.version")
        };
      } catch (java.sql.SQLException e) {
        return new String[] {"sharedschema " + p.getProperty("version", "unknown"), "SQLite: " + e.getMessage()};
      }
    }
  }
}
