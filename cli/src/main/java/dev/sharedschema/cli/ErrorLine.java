package dev.sharedschema.cli;

import java.sql.SQLException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns an exception from a command into its message on stderr and exit code 1, never a stack
 * trace: our SQLExceptions already say what went wrong and what to do.
 */
final class ErrorLine implements IExecutionExceptionHandler {
  @Override
  public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parsed) {
    String message =
        e instanceof SQLException && e.getMessage() != null ? e.getMessage() : describe(e);
    cmd.getErr().println(cmd.getCommandSpec().qualifiedName() + ": " + message);
    cmd.getErr().flush();
    return cmd.getExitCodeExceptionMapper() != null
        ? cmd.getExitCodeExceptionMapper().getExitCode(e)
        : 1;
  }

  /** An unexpected exception: its type and message, and the first cause's, on one line. */
  private static String describe(Throwable e) {
    StringBuilder s = new StringBuilder("unexpected ").append(e);
    if (e.getCause() != null && e.getCause() != e) {
      s.append(" (caused by ").append(e.getCause()).append(')');
    }
    return s.toString();
  }
}
