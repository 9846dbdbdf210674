package dev.sharedschema.cli;

import java.net.URISyntaxException;
import java.nio.file.Path;

/**
 * How the user ran this command, for the commands the CLI suggests next (e.g. {@code java -jar
 * cli/target/sharedschema.jar}).
 */
final class Invocation {
  private Invocation() {}

  static String command() {
    try {
      var source = Invocation.class.getProtectionDomain().getCodeSource();
      if (source != null) {
        Path jar = Path.of(source.getLocation().toURI());
        if (jar.getFileName() != null && jar.getFileName().toString().endsWith(".jar")) {
          Path cwd = Path.of("").toAbsolutePath();
          Path shown = jar.startsWith(cwd) ? cwd.relativize(jar) : jar;
          return "java -jar " + shown;
        }
      }
    } catch (URISyntaxException | SecurityException | IllegalArgumentException e) {
      // fall back to the command's name
    }
    return "sharedschema";
  }
}
