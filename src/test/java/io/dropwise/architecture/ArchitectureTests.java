package io.dropwise.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Package dependencies point one way: prediction → model → training → dataset → engine; web, config and security
 * may be used by every feature but depend on none; the engine imports only the JDK and the native BLAS binding.
 */
class ArchitectureTests {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.dropwise");

    @Test
    void engineImportsOnlyTheJdkAndBytedeco() {
        classes()
                .that()
                .resideInAPackage("io.dropwise.engine..")
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage("java..", "org.bytedeco..", "io.dropwise.engine..")
                .check(CLASSES);
    }

    @Test
    void packagesAreFreeOfCycles() {
        slices().matching("io.dropwise.(*)..").should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void featuresDependOnlyDownstream() {
        forbid("io.dropwise.dataset..", "io.dropwise.training..", "io.dropwise.model..", "io.dropwise.prediction..");
        forbid("io.dropwise.training..", "io.dropwise.model..", "io.dropwise.prediction..");
        forbid("io.dropwise.model..", "io.dropwise.prediction..");
        // webhooks serve every feature (jobs, sweeps, batch predictions), so they may depend on none
        forbid(
                "io.dropwise.webhook..",
                "io.dropwise.engine..",
                "io.dropwise.dataset..",
                "io.dropwise.training..",
                "io.dropwise.model..",
                "io.dropwise.prediction..");
    }

    @Test
    void sharedPackagesDependOnNoFeature() {
        for (String shared : new String[] {"io.dropwise.web..", "io.dropwise.config..", "io.dropwise.security.."}) {
            forbid(
                    shared,
                    "io.dropwise.engine..",
                    "io.dropwise.dataset..",
                    "io.dropwise.training..",
                    "io.dropwise.model..",
                    "io.dropwise.prediction..");
        }
    }

    private static void forbid(String from, String... to) {
        noClasses()
                .that()
                .resideInAPackage(from)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(to)
                .allowEmptyShould(true)
                .check(CLASSES);
    }
}
