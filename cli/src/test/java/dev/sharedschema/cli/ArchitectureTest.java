package dev.sharedschema.cli;

import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The CLI prints only through picocli's writers (which tests capture), never System.out/err
 * directly.
 */
class ArchitectureTest {
  @Test
  void cliPrintsThroughPicocliOnly() {
    JavaClasses cli =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.sharedschema.cli");
    NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS.check(cli);
  }
}
