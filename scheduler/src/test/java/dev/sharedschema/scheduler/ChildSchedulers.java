package dev.sharedschema.scheduler;

import java.io.IOException;

/** Starts {@link ChildScheduler} in a new JVM, for tests in other packages. */
public final class ChildSchedulers {
  private ChildSchedulers() {}

  public static Process start(String... args) throws IOException {
    return ChildScheduler.start(args);
  }
}
