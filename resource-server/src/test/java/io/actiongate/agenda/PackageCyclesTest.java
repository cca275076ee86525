package io.actiongate.agenda;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The API's packages depend one way (items is below service, mcp and google; the root package is shared). */
class PackageCyclesTest {

    private static final JavaClasses API = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.actiongate.agenda");

    @Test
    void noPackageCycles() {
        slices().matching("io.actiongate.agenda.(*)..").should().beFreeOfCycles().check(API);
    }
}
