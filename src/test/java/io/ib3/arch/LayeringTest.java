package io.ib3.arch;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The layering of design.md, checked on the compiled main classes: commands and rendering on top,
 * then the jobs, planning, the layout-aware model and the stores; dependencies point down only,
 * no package cycle, Spring only in the console, Commons VFS and the vendor SDKs only in the stores.
 */
class LayeringTest {

    private static JavaClasses classes;

    @BeforeAll
    static void load() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.ib3");
    }

    @Test
    void dependenciesPointDown() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("App").definedBy("io.ib3")
                .layer("Console").definedBy("io.ib3.shell..", "io.ib3.batch..")
                .layer("Session").definedBy("io.ib3.session..", "io.ib3.profile..", "io.ib3.host..")
                .layer("Jobs").definedBy("io.ib3.exec..")
                .layer("Planning").definedBy("io.ib3.plan..")
                .layer("Model").definedBy("io.ib3.inspect..", "io.ib3.manifest..", "io.ib3.layout..", "io.ib3.sample..")
                .layer("Stores").definedBy("io.ib3.store..")
                .layer("Base").definedBy("io.ib3.error..", "io.ib3.report..", "io.ib3.work..")
                .whereLayer("App").mayNotBeAccessedByAnyLayer()
                .whereLayer("Console").mayOnlyBeAccessedByLayers("App")
                .whereLayer("Session").mayOnlyBeAccessedByLayers("App", "Console")
                .whereLayer("Jobs").mayOnlyBeAccessedByLayers("Console")
                .whereLayer("Planning").mayOnlyBeAccessedByLayers("Console", "Jobs")
                .whereLayer("Model").mayOnlyBeAccessedByLayers("Console", "Session", "Jobs", "Planning", "Model")
                .whereLayer("Stores").mayOnlyBeAccessedByLayers("App", "Console", "Session", "Jobs", "Planning", "Model")
                .check(classes);
    }

    @Test
    void noPackageCycles() {
        slices().matching("io.ib3.(**)").should().beFreeOfCycles().check(classes);
    }

    @Test
    void springOnlyInTheConsole() {
        noClasses().that().resideOutsideOfPackages("io.ib3", "io.ib3.shell..", "io.ib3.batch..")
                .should().dependOnClassesThat().resideInAPackage("org.springframework..")
                .check(classes);
    }

    @Test
    void commonsVfsAndTheVendorSdksOnlyInTheStores() {
        noClasses().that().resideOutsideOfPackage("io.ib3.store..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.commons.vfs2..", "software.amazon.awssdk..",
                        "com.azure..", "com.google.cloud..")
                .check(classes);
    }

    @Test
    void renderingForPeopleOnlyInTheConsole() {
        noClasses().that().resideOutsideOfPackages("io.ib3.shell..", "io.ib3.report..")
                .should().dependOnClassesThat().haveFullyQualifiedName("io.ib3.report.Table")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("io.ib3.report.Table$Builder")
                .check(classes);
    }
}
