package dev.sharedschema.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/** The demo's SQL, kept in {@code .sql} resources beside this class rather than in Java strings. */
final class DemoResources {
  static final String SCHEMA = "demo/schema.sql";
  static final String MIGRATION = "demo/migration.sql";
  static final String SAMPLE = "demo/sample.sql";

  private DemoResources() {}

  static String text(String name) {
    try (InputStream in = DemoResources.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("resource " + name + " is missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The statements of one of our resources, split at a {@code ;} that ends a line. Only for our own
   * files, whose statements never hold such a semicolon inside; user SQL goes to the driver whole.
   */
  static List<String> statements(String name) {
    return Arrays.stream(text(name).split(";\\s*\\n"))
        .map(s -> s.replaceAll("(?m)^--.*$", "").strip())
        .filter(s -> !s.isEmpty())
        .toList();
  }

  /** The resource without comment lines, as shown to the user. */
  static String withoutComments(String name) {
    return text(name).replaceAll("(?m)^--.*\\n", "").strip();
  }
}
