package dev.sharedschema.cli;

/** How progress is shown: a live bar on a terminal, plain lines in logs and pipes, or nothing. */
enum ProgressMode {
  auto,
  bar,
  lines,
  off;

  /** {@code auto} becomes {@code bar} on a terminal and {@code lines} otherwise. */
  ProgressMode resolve() {
    if (this != auto) {
      return this;
    }
    return System.console() != null ? bar : lines;
  }
}
