package dev.sharedschema.cli.concurrency;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real {@code sharedschema} command in a child JVM ({@code SharedSchemaCommand.main}, with the
 * test class path), as an operator runs it next to a running application.
 */
final class CliProcess {
  private static final String MAIN = "dev.sharedschema.cli.SharedSchemaCommand";

  /** What one run printed and returned. */
  record Outcome(int exit, String output) {}

  private CliProcess() {}

  static Outcome run(long timeoutSeconds, String... args) throws IOException, InterruptedException {
    String cp =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new ArrayList<>(List.of(java, "-cp", cp, MAIN));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    // Read while it runs: a full pipe would block the child.
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return new Outcome(-1, "timed out after " + timeoutSeconds + " s\n" + text(out));
    }
    return new Outcome(p.exitValue(), text(out));
  }

  private static String text(byte[] out) {
    return new String(out, StandardCharsets.UTF_8);
  }
}
