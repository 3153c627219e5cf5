package io.crinn4j.agent.arch;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.crinn4j.sandbox.harness.Method;
import io.crinn4j.sandbox.harness.SweepConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shape docs/architecture.md draws, as rules over the compiled main classes of every module:
 * no package depends on itself through others, the Maven modules depend one way (agent → sandbox →
 * reward/data/index → contract; seeds → contract), the Index API needs only the contract, and the
 * loop sees the sandbox through its one face.
 */
class ArchitectureTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.crinn4j");
    }

    @Test
    void noPackageCycles() {
        slices().matching("io.crinn4j.(**)").should().beFreeOfCycles().check(classes);
    }

    @Test
    void theLeafModulesDependOnlyDownwards() {
        noClasses().that().resideInAPackage("io.crinn4j.contract..").should().dependOnClassesThat()
                .resideInAnyPackage("io.crinn4j.reward..", "io.crinn4j.data..", "io.crinn4j.seed..", "io.crinn4j.index..", "io.crinn4j.sandbox..",
                        "io.crinn4j.agent..")
                .check(classes);
        noClasses().that().resideInAPackage("io.crinn4j.reward..").should().dependOnClassesThat()
                .resideInAnyPackage("io.crinn4j.contract..", "io.crinn4j.data..", "io.crinn4j.seed..", "io.crinn4j.index..", "io.crinn4j.sandbox..",
                        "io.crinn4j.agent..")
                .check(classes);
        noClasses().that().resideInAPackage("io.crinn4j.data..").should().dependOnClassesThat()
                .resideInAnyPackage("io.crinn4j.reward..", "io.crinn4j.seed..", "io.crinn4j.index..", "io.crinn4j.sandbox..", "io.crinn4j.agent..")
                .check(classes);
        noClasses().that().resideInAPackage("io.crinn4j.seed..").should().dependOnClassesThat()
                .resideInAnyPackage("io.crinn4j.reward..", "io.crinn4j.data..", "io.crinn4j.index..", "io.crinn4j.sandbox..", "io.crinn4j.agent..")
                .check(classes);
        noClasses().that().resideInAPackage("io.crinn4j.sandbox..").should().dependOnClassesThat()
                .resideInAnyPackage("io.crinn4j.seed..", "io.crinn4j.agent..")
                .check(classes);
    }

    /**
     * The Index API is product code users compile against, and the exported jar carries it with
     * the contract and nothing else: it may use the contract and the JDK (and jhdf, optional, for
     * HDF5 files), never the tool around it.
     */
    @Test
    void theIndexApiNeedsOnlyTheContract() {
        noClasses().that().resideInAPackage("io.crinn4j.index..").should().dependOnClassesThat()
                .resideInAnyPackage("io.crinn4j.reward..", "io.crinn4j.data..", "io.crinn4j.seed..", "io.crinn4j.sandbox..", "io.crinn4j.agent..")
                .check(classes);
        noClasses().that().resideInAPackage("io.crinn4j.index..").should().dependOnClassesThat()
                .resideInAnyPackage("com.fasterxml..", "picocli..", "org.slf4j..", "com.github.javaparser..", "org.codehaus..")
                .check(classes);
    }

    /**
     * The loop uses the sandbox through its top package (Evaluator, Sandbox, Evaluation, Status,
     * SourceRules, Bench, Confirmation, ...) and the two harness values those carry (the sweep's
     * settings, the method line); checks, compilation, workers and the harness's machinery stay
     * behind it.
     */
    @Test
    void theAgentSeesTheSandboxThroughItsOneFace() {
        noClasses().that().resideInAPackage("io.crinn4j.agent..").should().dependOnClassesThat(resideInAPackage("io.crinn4j.sandbox..")
                        .and(not(resideInAPackage("io.crinn4j.sandbox"))).and(not(belongToAnyOf(SweepConfig.class, Method.class))))
                .check(classes);
    }
}
