package dev.sharedschema.cli.release;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sharedschema.cli.release.ReactorPoms.Module;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/**
 * What a user who depends on a release gets, checked on the jars this build made (the enforcer's
 * checkMavenCentral rule checks each POM's metadata; this checks what is inside and beside the
 * jars, and the BOM).
 */
class ReleaseArtifactsIT {
  private final List<Module> modules = ReactorPoms.modules(BuiltArtifacts.root());

  @Test
  void everyPublishedJarCarriesTheLicenseNoticeAndModuleName() throws IOException {
    List<Module> jars = published("jar");
    assertThat(jars)
        .extracting(Module::artifactId)
        .contains("sharedschema-parser", "sharedschema-scheduler", "sharedschema-driver");
    for (Module m : jars) {
      try (JarFile jar = new JarFile(m.jar(BuiltArtifacts.version(), "").toFile())) {
        assertThat(jar.getEntry("META-INF/LICENSE")).as("%s: META-INF/LICENSE", m).isNotNull();
        assertThat(jar.getEntry("META-INF/NOTICE")).as("%s: META-INF/NOTICE", m).isNotNull();
        assertThat(jar.getManifest().getMainAttributes().getValue("Automatic-Module-Name"))
            .as("%s: Automatic-Module-Name", m)
            .isEqualTo(m.moduleName())
            .startsWith("dev.sharedschema.");
      }
      try (JarFile javadoc = new JarFile(m.jar(BuiltArtifacts.version(), "-javadoc").toFile());
          JarFile sources = new JarFile(m.jar(BuiltArtifacts.version(), "-sources").toFile())) {
        assertThat(javadoc.getEntry("index.html")).as("%s: javadoc", m).isNotNull();
        assertThat(sources.stream().anyMatch(e -> e.getName().endsWith(".java")))
            .as("%s: sources", m)
            .isTrue();
      }
    }
  }

  @Test
  void bomListsEveryPublishedJarAtThisVersionAndInheritsNothing() {
    Module bom =
        modules.stream()
            .filter(m -> m.artifactId().equals("sharedschema-bom"))
            .findFirst()
            .orElseThrow();
    Element pom = ReactorPoms.read(bom.dir().resolve("pom.xml"));
    assertThat(ReactorPoms.child(pom, "parent"))
        .as("a parent's dependencyManagement would be imported with the BOM")
        .isNull();
    assertThat(ReactorPoms.child(pom, "dependencies")).isNull();
    assertThat(ReactorPoms.text(pom, "version")).isEqualTo(BuiltArtifacts.version());
    List<Element> all =
        ReactorPoms.children(
            ReactorPoms.child(ReactorPoms.child(pom, "dependencyManagement"), "dependencies"),
            "dependency");
    // Besides our modules, the BOM pins what an optional feature needs at run time: PostgreSQL's
    // JDBC driver for the scale-out registry (docs/scale-out.md), at the version tested with.
    List<Element> optional =
        all.stream()
            .filter(d -> !ReactorPoms.text(d, "groupId").equals("dev.sharedschema"))
            .toList();
    assertThat(optional)
        .singleElement()
        .satisfies(
            d -> {
              assertThat(ReactorPoms.text(d, "groupId")).isEqualTo("org.postgresql");
              assertThat(ReactorPoms.text(d, "artifactId")).isEqualTo("postgresql");
              assertThat(ReactorPoms.text(d, "version")).matches("\\d+\\.\\d+\\.\\d+");
            });
    List<Element> managed = all.stream().filter(d -> !optional.contains(d)).toList();
    assertThat(managed)
        .allSatisfy(
            d -> {
              assertThat(ReactorPoms.text(d, "groupId")).isEqualTo("dev.sharedschema");
              assertThat(ReactorPoms.text(d, "version")).isEqualTo("${project.version}");
            });
    assertThat(managed.stream().map(d -> ReactorPoms.text(d, "artifactId")).distinct())
        .containsExactlyInAnyOrderElementsOf(
            published("jar").stream().map(Module::artifactId).toList());
  }

  @Test
  void unpublishedModulesAreNotInstalled() throws IOException {
    for (Module m : modules) {
      if (!m.published()) {
        String pom = Files.readString(m.dir().resolve("pom.xml"));
        assertThat(pom).as(m.artifactId()).contains("<maven.install.skip>true<");
      }
    }
  }

  private List<Module> published(String packaging) {
    return modules.stream().filter(m -> m.published() && m.packaging().equals(packaging)).toList();
  }
}
