package dev.sharedschema.cli;

import picocli.CommandLine.Option;

/** The {@code --progress} option of the commands that follow a job or a fleet build. */
final class ProgressOption {
  @Option(
      names = "--progress",
      paramLabel = "MODE",
      defaultValue = "auto",
      description =
          "auto (a bar on a terminal, else lines), bar, lines or off. Default: ${DEFAULT-VALUE}.")
  ProgressMode mode;
}
