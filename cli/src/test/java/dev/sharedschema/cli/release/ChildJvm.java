package dev.sharedschema.cli.release;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A child JVM started with exactly the class path given, as a user or a tool would start it. */
final class ChildJvm {
  /** What one run printed (stdout and stderr together) and returned. */
  record Outcome(int exit, String output) {}

  private ChildJvm() {}

  static Outcome run(Path dir, List<String> args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(args);
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
    // Read while it runs: a full pipe would block the child.
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return new Outcome(-1, "timed out\n" + new String(out, StandardCharsets.UTF_8));
    }
    return new Outcome(p.exitValue(), new String(out, StandardCharsets.UTF_8));
  }
}
