package dev.sharedschema.cli;

import picocli.CommandLine.Option;

/** {@code -h, --help} for a subcommand ({@code --version} belongs to the top command only). */
final class HelpOption {
  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help message and exit.")
  boolean help;
}
