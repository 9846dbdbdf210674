package dev.sharedschema.cli.release;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the build put what the release checks read; failsafe passes the paths (cli/pom.xml), so
 * these checks run only after {@code package}.
 */
public final class BuiltArtifacts {
  private BuiltArtifacts() {}

  /** {@code cli/target/sharedschema.jar}, the shaded runnable jar. */
  public static Path shadedJar() {
    return existing("sharedschema.jar");
  }

  /** The reactor's root directory (the repository). */
  public static Path root() {
    return existing("sharedschema.root");
  }

  /** The version Maven built. */
  public static String version() {
    String v = System.getProperty("sharedschema.version");
    assertThat(v).as("failsafe passes sharedschema.version").isNotBlank();
    return v;
  }

  private static Path existing(String property) {
    String value = System.getProperty(property);
    assertThat(value).as("failsafe passes -D%s (run through `mvn verify`)", property).isNotBlank();
    Path p = Path.of(value).toAbsolutePath().normalize();
    assertThat(Files.exists(p)).as("%s exists (built with -am?)", p).isTrue();
    return p;
  }
}
