package dev.sharedschema.driver.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The version this driver reports to tools ({@code java.sql.Driver}, {@code DatabaseMetaData}),
 * read from the {@code version.properties} Maven writes into the jar, so it can never disagree with
 * the artifact's version.
 *
 * @param version e.g. {@code 0.2.0}
 * @param major the first number of {@code version}
 * @param minor the second number of {@code version}
 */
public record DriverVersion(String version, int major, int minor) {
  /** What {@code getDriverName()} starts with, so a tool can tell this driver is in use. */
  public static final String NAME = "sharedschema";

  private static final DriverVersion CURRENT = read();

  public static DriverVersion current() {
    return CURRENT;
  }

  /** Our name with the wrapped driver's, e.g. {@code sharedschema (SQLite JDBC 3.54.1.0)}. */
  public static String driverName(String wrappedName, String wrappedVersion) {
    return NAME + " (" + wrappedName + " " + wrappedVersion + ")";
  }

  static DriverVersion parse(String version) {
    String[] parts = version.split("[.-]", 3);
    try {
      return new DriverVersion(
          version, Integer.parseInt(parts[0]), parts.length > 1 ? Integer.parseInt(parts[1]) : 0);
    } catch (NumberFormatException e) {
      throw new IllegalStateException(
          "sharedschema's version.properties holds " + version + ", not MAJOR.MINOR[.PATCH]", e);
    }
  }

  private static DriverVersion read() {
    Properties p = new Properties();
    try (InputStream in =
        DriverVersion.class.getResourceAsStream("/dev/sharedschema/driver/version.properties")) {
      if (in == null) {
        // A jar built without its resources (e.g. an IDE that skips Maven's filtering).
        throw new IllegalStateException(
            "dev/sharedschema/driver/version.properties is missing from the class path; build"
                + " the driver with Maven");
      }
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return parse(p.getProperty("version", ""));
  }
}
