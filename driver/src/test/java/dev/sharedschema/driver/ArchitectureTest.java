package dev.sharedschema.driver;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The module arrows of DESIGN.md §2 point one way; main code logs through System.Logger only. */
class ArchitectureTest {
  static JavaClasses main;

  @BeforeAll
  static void importMainClasses() {
    main =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.sharedschema");
  }

  @Test
  void allThreeModulesAreImported() {
    assertThat(main.containPackage("dev.sharedschema.parser")).isTrue();
    assertThat(main.containPackage("dev.sharedschema.scheduler")).isTrue();
    assertThat(main.containPackage("dev.sharedschema.driver")).isTrue();
  }

  @Test
  void parserDependsOnJSqlParserOnly() {
    noClasses()
        .that()
        .resideInAPackage("dev.sharedschema.parser..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.sharedschema.scheduler..",
            "dev.sharedschema.driver..",
            "dev.sharedschema.cli..",
            "org.sqlite..",
            "net.bytebuddy..")
        .check(main);
  }

  @Test
  void schedulerDependsOnSqliteJdbcOnly() {
    noClasses()
        .that()
        .resideInAPackage("dev.sharedschema.scheduler..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.sharedschema.parser..",
            "dev.sharedschema.driver..",
            "dev.sharedschema.cli..",
            "net.sf.jsqlparser..",
            "net.bytebuddy..",
            // The PostgreSQL registry speaks java.sql only: PostgreSQL's driver is optional.
            "org.postgresql..")
        .check(main);
  }

  @Test
  void driverNeverReachesUpToTheCli() {
    noClasses()
        .that()
        .resideInAPackage("dev.sharedschema.driver..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("dev.sharedschema.cli..")
        .check(main);
  }

  @Test
  void mainCodeDoesNotPrintToStandardStreams() {
    NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS.check(main);
  }

  /**
   * JDBC's getParentLogger forces java.util.logging into the Driver and DataSource signatures only.
   */
  @Test
  void mainCodeLogsThroughSystemLoggerNotJavaUtilLogging() {
    noClasses()
        .that()
        .doNotHaveFullyQualifiedName(SharedSchemaDriver.class.getName())
        .and()
        .doNotHaveFullyQualifiedName(SharedSchemaDataSource.class.getName())
        .should()
        .dependOnClassesThat()
        .resideInAPackage("java.util.logging..")
        .check(main);
  }

  /**
   * The registry is one door (docs/architecture.md): only its implementation names registry tables.
   * Checked on the compiled classes' constant pools, where every SQL text a class holds ends up.
   */
  @Test
  void onlyTheRegistryImplementationNamesRegistryTables() {
    noClasses()
        .that()
        .resideOutsideOfPackage("dev.sharedschema.scheduler.internal.registry..")
        .should(nameRegistryTables())
        .check(main);
  }

  private static final List<String> REGISTRY_TABLES =
      List.of(
          "_sharedschema_jobs",
          "_sharedschema_tasks",
          "_sharedschema_links",
          "_sharedschema_lease",
          "_sharedschema_registry",
          // the PostgreSQL registry's own, and its sidecar's (scale-out)
          "_sharedschema_nodes",
          "_sharedschema_members",
          "_sharedschema_progress",
          "_sharedschema_version",
          "_sharedschema_remote",
          "_sharedschema_final");

  private static ArchCondition<JavaClass> nameRegistryTables() {
    return new ArchCondition<>("name a registry table " + REGISTRY_TABLES) {
      @Override
      public void check(JavaClass c, ConditionEvents events) {
        String constants = constantsOf(c);
        for (String table : REGISTRY_TABLES) {
          if (constants.contains(table)) {
            events.add(SimpleConditionEvent.satisfied(c, c.getName() + " names " + table));
          }
        }
      }
    };
  }

  /** The class file as Latin-1 text: its UTF-8 constants appear in it verbatim. */
  private static String constantsOf(JavaClass c) {
    try (InputStream in = c.getSource().orElseThrow().getUri().toURL().openStream()) {
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void theRegistryTableRuleSeesTableNamesWhereTheyAre() {
    JavaClasses registry =
        new ClassFileImporter().importPackages("dev.sharedschema.scheduler.internal.registry");
    assertThat(registry.stream().filter(c -> !constantsOf(c).isEmpty()))
        .anyMatch(c -> constantsOf(c).contains("_sharedschema_jobs"));
  }
}
