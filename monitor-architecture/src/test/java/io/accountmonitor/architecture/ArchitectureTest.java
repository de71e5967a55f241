package io.accountmonitor.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Applies every architecture rule to the production classes of all modules, and the sleep rule to their tests. */
class ArchitectureTest {
    /** Modules whose test classes must not sleep; the architecture module's own fixtures break rules on purpose. */
    private static final List<String> MODULES = List.of("monitor-core", "monitor-scheduler", "monitor-ctrader",
            "monitor-ctrader-simulator", "monitor-appdaemon-bridge", "monitor-app", "monitor-bench");

    private static final List<String> MODULES_WITH_PRODUCTION_CODE = List.of("monitor-core", "monitor-scheduler",
            "monitor-ctrader-protocol", "monitor-ctrader", "monitor-ctrader-simulator", "monitor-appdaemon-bridge",
            "monitor-app", "monitor-bench");

    private static JavaClasses production;

    @BeforeAll
    static void importProductionClasses() {
        production = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(ArchitectureRules.ROOT);
    }

    @Test
    void importCoversEveryModuleWithClasses() throws IOException {
        Set<String> imported = production.stream()
                .map(javaClass -> javaClass.getSource().map(source -> source.getUri().toString()).orElse(""))
                .collect(Collectors.toCollection(TreeSet::new));

        for (String module : MODULES_WITH_PRODUCTION_CODE) {
            Path classes = Path.of("..", module, "target", "classes", "io");
            if (Files.isDirectory(classes)) {
                assertThat(imported).as("classes of %s are checked", module).anyMatch(uri -> uri.contains("/" + module + "/"));
            }
        }
        assertThat(production.stream().map(JavaClass::getPackageName))
                .as("the generated cTrader protocol classes are imported")
                .contains("io.accountmonitor.ctrader.protocol");
    }

    @TestFactory
    Stream<DynamicTest> productionClassesFollowEveryRule() {
        return ArchitectureRules.PRODUCTION_RULES.stream()
                .map(rule -> DynamicTest.dynamicTest(rule.getDescription(), () -> rule.check(production)));
    }

    @Test
    void testClassesNeverSleep() throws IOException {
        ClassFileImporter importer = new ClassFileImporter();
        List<Path> testClassDirectories = MODULES.stream()
                .map(module -> Path.of("..", module, "target", "test-classes"))
                .filter(Files::isDirectory)
                .toList();
        assertThat(testClassDirectories)
                .as("test classes of core and scheduler exist; build with -am so they are compiled first")
                .anyMatch(path -> path.toString().contains("monitor-core"))
                .anyMatch(path -> path.toString().contains("monitor-scheduler"));
        JavaClasses tests = importer.importPaths(testClassDirectories);
        ArchRule rule = ArchitectureRules.no_code_sleeps;

        assertThat(tests.size()).isPositive();
        rule.check(tests);
    }
}
