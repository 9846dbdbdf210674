package dev.sharedschema.driver;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
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
            "net.bytebuddy..")
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
}
