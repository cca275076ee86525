package io.actiongate.keycloak;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The extensions' packages depend one way: each capability (callbacks, connectors, scope, ...) depends only on the
 * shared root package and on Keycloak; the console page and the audit events listen to what the capabilities
 * publish (callbacks/CallbackEvents) instead of being called by them.
 */
class PackageCyclesTest {

    private static final JavaClasses PROVIDERS = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.actiongate.keycloak");

    @Test
    void noPackageCycles() {
        slices().matching("io.actiongate.keycloak.(*)..").should().beFreeOfCycles().check(PROVIDERS);
    }

    @Test
    void theSharedRootPackageDependsOnNoCapability() {
        com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses().that().resideInAPackage("io.actiongate.keycloak")
                .should().dependOnClassesThat().resideInAPackage("io.actiongate.keycloak.(*)..").check(PROVIDERS);
    }

    @Test
    void capabilitiesDoNotCallTheConsoleOrTheAudit() {
        com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses().that()
                .resideInAnyPackage("..keycloak.callbacks..", "..keycloak.connectors..", "..keycloak.scope..",
                        "..keycloak.tokenresponse..", "..keycloak.jsontoken..", "..keycloak.resource..", "..keycloak.formencoding..")
                .should().dependOnClassesThat().resideInAnyPackage("..keycloak.console..", "..keycloak.audit..")
                .check(PROVIDERS);
    }
}
