package dev.sharedschema.cli.release;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Driver;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded jar as a tool and a lawyer see it: every driver it lists loads and reports a version
 * from a JVM with only this jar on the class path, and the bundled libraries' licenses and notices
 * are inside it.
 */
class ShadedJarIT {
  @Test
  void everyDriverItListsLoadsAndReportsItsVersion(@TempDir Path dir) throws Exception {
    Path program = Path.of(ShadedJarIT.class.getResource("/release/ListDrivers.java").toURI());
    // A copy alone in a directory: the jar's Class-Path (postgresql.jar beside it) finds nothing.
    Path alone = Files.copy(BuiltArtifacts.shadedJar(), dir.resolve("sharedschema.jar"));
    ChildJvm.Outcome run = ChildJvm.run(dir, List.of("-cp", alone.toString(), program.toString()));

    assertThat(run.exit()).as(run.output()).isZero();
    Driver sqlite = new org.sqlite.JDBC();
    String sqliteVersion = sqlite.getMajorVersion() + "." + sqlite.getMinorVersion();
    String ours = BuiltArtifacts.version();
    String ourMajorMinor = ours.substring(0, ours.lastIndexOf('.'));
    assertThat(run.output().lines().filter(l -> l.startsWith("driver ")))
        .containsExactlyInAnyOrder(
            "driver org.sqlite.JDBC " + sqliteVersion,
            "driver dev.sharedschema.driver.SharedSchemaDriver " + ourMajorMinor);
    assertThat(run.output())
        .contains(
            "metadata sharedschema (SQLite JDBC "
                + sqliteJdbcVersion()
                + ") | "
                + ours
                + " | "
                + ourMajorMinor
                + " | SQLite");
  }

  /**
   * As built, PostgreSQL's JDBC driver lies beside the jar as postgresql.jar and the manifest's
   * Class-Path names it, so the scale-out commands work with {@code java -jar} (docs/scale-out.md).
   */
  @Test
  void postgresqlsDriverBesideTheJarLoadsThroughItsClassPath(@TempDir Path dir) throws Exception {
    Path program = Path.of(ShadedJarIT.class.getResource("/release/ListDrivers.java").toURI());
    Path jar = BuiltArtifacts.shadedJar();
    assertThat(jar.resolveSibling("postgresql.jar")).exists();
    ChildJvm.Outcome run = ChildJvm.run(dir, List.of("-cp", jar.toString(), program.toString()));
    assertThat(run.exit()).as(run.output()).isZero();
    assertThat(run.output().lines()).anyMatch(l -> l.startsWith("driver org.postgresql.Driver "));
  }

  @Test
  void keepsTheLicensesAndNoticesOfWhatItBundles() throws IOException {
    try (JarFile jar = new JarFile(BuiltArtifacts.shadedJar().toFile())) {
      assertThat(text(jar, "META-INF/LICENSE"))
          .contains("Apache License", "Version 2.0, January 2004");
      assertThat(text(jar, "META-INF/NOTICE"))
          .as("ours, then Byte Buddy's")
          .contains("sharedschema", "Rafael Winterhalter");
      assertThat(text(jar, "META-INF/maven/org.xerial/sqlite-jdbc/LICENSE"))
          .contains("Apache License");
      assertThat(jar.getEntry("META-INF/maven/org.xerial/sqlite-jdbc/LICENSE.zentus")).isNotNull();
      // What org.sqlite.JDBC.getMajorVersion() parses (SQLite's version, e.g. version=3.54.1).
      assertThat(text(jar, "META-INF/maven/org.xerial/sqlite-jdbc/VERSION"))
          .startsWith("version=" + new org.sqlite.JDBC().getMajorVersion() + ".");
      assertThat(text(jar, "META-INF/licenses/ASM")).contains("INRIA");

      String thirdParty = text(jar, "META-INF/THIRD-PARTY.txt");
      assertThat(bundledArtifacts(jar))
          .as("each bundled artifact is named, with its license, in META-INF/THIRD-PARTY.txt")
          .isNotEmpty()
          .allSatisfy(a -> assertThat(thirdParty).contains(a));
      assertThat(thirdParty).contains("info.picocli:picocli"); // ships no pom.properties
    }
  }

  @Test
  void manifestNamesTheMainClassTheModuleAndTheVersion() throws IOException {
    try (JarFile jar = new JarFile(BuiltArtifacts.shadedJar().toFile())) {
      Attributes main = jar.getManifest().getMainAttributes();
      assertThat(main.getValue("Main-Class")).isEqualTo("dev.sharedschema.cli.SharedSchemaCommand");
      assertThat(main.getValue("Automatic-Module-Name")).isEqualTo("dev.sharedschema.cli");
      assertThat(main.getValue("Implementation-Version")).isEqualTo(BuiltArtifacts.version());
    }
  }

  /** {@code groupId:artifactId} of every third-party jar the shade plugin merged in. */
  private static List<String> bundledArtifacts(JarFile jar) throws IOException {
    List<String> out = new ArrayList<>();
    for (JarEntry e : jar.stream().toList()) {
      if (e.getName().startsWith("META-INF/maven/") && e.getName().endsWith("/pom.properties")) {
        Properties p = new Properties();
        try (InputStream in = jar.getInputStream(e)) {
          p.load(in);
        }
        String ga = p.getProperty("groupId") + ":" + p.getProperty("artifactId");
        if (!ga.startsWith("dev.sharedschema:")) {
          out.add(ga);
        }
      }
    }
    return out;
  }

  private static String sqliteJdbcVersion() {
    try (var c = new org.sqlite.JDBC().connect("jdbc:sqlite::memory:", new Properties())) {
      return c.getMetaData().getDriverVersion();
    } catch (java.sql.SQLException e) {
      throw new AssertionError(e);
    }
  }

  private static String text(JarFile jar, String name) throws IOException {
    JarEntry e = jar.getJarEntry(name);
    assertThat(e).as("%s in the shaded jar", name).isNotNull();
    try (InputStream in = jar.getInputStream(e)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
