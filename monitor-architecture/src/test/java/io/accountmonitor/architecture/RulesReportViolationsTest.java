package io.accountmonitor.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import io.accountmonitor.appdaemon.archfixture.BridgeUsingGuice;
import io.accountmonitor.appdaemon.archfixture.BridgeUsingProtobuf;
import io.accountmonitor.appdaemon.archfixture.BridgeUsingScheduler;
import io.accountmonitor.architecture.archfixture.HttpFixtures;
import io.accountmonitor.architecture.archfixture.MiscFixtures;
import io.accountmonitor.architecture.archfixture.ThreadFixtures;
import io.accountmonitor.core.archfixture.CoreClassUsingJackson;
import io.accountmonitor.ctrader.archfixture.AdapterUsingScheduler;
import io.accountmonitor.ctrader.archfixture.AdapterUsingSimulator;
import io.accountmonitor.ctrader.simulator.archfixture.SimulatorUsingAdapter;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Proves each rule can fail: a fixture class that breaks it is reported, and an allowed one is not. */
class RulesReportViolationsTest {

    static Stream<Arguments> violations() {
        return Stream.of(
                Arguments.of("only_the_scheduler_creates_threads_timers_or_pools",
                        ArchitectureRules.only_the_scheduler_creates_threads_timers_or_pools,
                        ThreadFixtures.SubclassesThread.class),
                Arguments.of("only_the_scheduler_creates_threads_timers_or_pools",
                        ArchitectureRules.only_the_scheduler_creates_threads_timers_or_pools,
                        ThreadFixtures.StartsThread.class),
                Arguments.of("only_the_scheduler_creates_threads_timers_or_pools",
                        ArchitectureRules.only_the_scheduler_creates_threads_timers_or_pools,
                        ThreadFixtures.CallsExecutors.class),
                Arguments.of("only_the_scheduler_creates_threads_timers_or_pools",
                        ArchitectureRules.only_the_scheduler_creates_threads_timers_or_pools,
                        ThreadFixtures.CreatesTimer.class),
                Arguments.of("only_the_scheduler_creates_threads_timers_or_pools",
                        ArchitectureRules.only_the_scheduler_creates_threads_timers_or_pools,
                        ThreadFixtures.BuildsThreadPool.class),
                Arguments.of("only_the_scheduler_creates_threads_timers_or_pools",
                        ArchitectureRules.only_the_scheduler_creates_threads_timers_or_pools,
                        ThreadFixtures.UsesCommonPool.class),
                Arguments.of("only_the_scheduler_creates_threads_timers_or_pools",
                        ArchitectureRules.only_the_scheduler_creates_threads_timers_or_pools,
                        ThreadFixtures.RunsAsyncWithoutExecutor.class),
                Arguments.of("only_the_scheduler_creates_threads_timers_or_pools",
                        ArchitectureRules.only_the_scheduler_creates_threads_timers_or_pools,
                        ThreadFixtures.ChainsAsyncWithoutExecutor.class),
                Arguments.of("only_the_scheduler_creates_threads_timers_or_pools",
                        ArchitectureRules.only_the_scheduler_creates_threads_timers_or_pools,
                        ThreadFixtures.UsesHiddenTimer.class),
                Arguments.of("http_clients_and_servers_get_executors_from_the_scheduler",
                        ArchitectureRules.http_clients_and_servers_get_executors_from_the_scheduler,
                        HttpFixtures.UsesDefaultHttpClient.class),
                Arguments.of("http_clients_and_servers_get_executors_from_the_scheduler",
                        ArchitectureRules.http_clients_and_servers_get_executors_from_the_scheduler,
                        HttpFixtures.BuildsHttpClientWithoutExecutor.class),
                Arguments.of("http_clients_and_servers_get_executors_from_the_scheduler",
                        ArchitectureRules.http_clients_and_servers_get_executors_from_the_scheduler,
                        HttpFixtures.CreatesHttpServerWithoutExecutor.class),
                Arguments.of("core_depends_only_on_the_jdk_and_slf4j",
                        ArchitectureRules.core_depends_only_on_the_jdk_and_slf4j, CoreClassUsingJackson.class),
                Arguments.of("ctrader_adapter_does_not_depend_on_other_modules",
                        ArchitectureRules.ctrader_adapter_does_not_depend_on_other_modules, AdapterUsingScheduler.class),
                Arguments.of("appdaemon_bridge_does_not_depend_on_other_modules",
                        ArchitectureRules.appdaemon_bridge_does_not_depend_on_other_modules, BridgeUsingScheduler.class),
                Arguments.of("ctrader_simulator_uses_only_the_protocol_of_the_adapter",
                        ArchitectureRules.ctrader_simulator_uses_only_the_protocol_of_the_adapter,
                        SimulatorUsingAdapter.class),
                Arguments.of("ctrader_adapter_does_not_depend_on_the_simulator",
                        ArchitectureRules.ctrader_adapter_does_not_depend_on_the_simulator, AdapterUsingSimulator.class),
                Arguments.of("protobuf_types_stay_in_the_ctrader_packages",
                        ArchitectureRules.protobuf_types_stay_in_the_ctrader_packages, BridgeUsingProtobuf.class),
                Arguments.of("only_the_app_uses_guice_and_yaml",
                        ArchitectureRules.only_the_app_uses_guice_and_yaml, BridgeUsingGuice.class),
                Arguments.of("only_the_cli_output_writes_to_standard_streams",
                        ArchitectureRules.only_the_cli_output_writes_to_standard_streams,
                        MiscFixtures.PrintsToStandardOut.class),
                Arguments.of("only_the_cli_output_writes_to_standard_streams",
                        ArchitectureRules.only_the_cli_output_writes_to_standard_streams,
                        MiscFixtures.PrintsStackTrace.class),
                Arguments.of("no_code_sleeps", ArchitectureRules.no_code_sleeps, MiscFixtures.SleepsOnThread.class),
                Arguments.of("no_code_sleeps", ArchitectureRules.no_code_sleeps, MiscFixtures.SleepsOnTimeUnit.class),
                Arguments.of("only_the_scheduler_reads_the_system_clock",
                        ArchitectureRules.only_the_scheduler_reads_the_system_clock,
                        MiscFixtures.ReadsCurrentTimeMillis.class),
                Arguments.of("only_the_scheduler_reads_the_system_clock",
                        ArchitectureRules.only_the_scheduler_reads_the_system_clock, MiscFixtures.CallsInstantNow.class),
                Arguments.of("only_the_scheduler_reads_the_system_clock",
                        ArchitectureRules.only_the_scheduler_reads_the_system_clock,
                        MiscFixtures.CreatesSystemClock.class));
    }

    @ParameterizedTest(name = "{0} reports {2}")
    @MethodSource("violations")
    void ruleReportsViolatingFixture(String ruleName, ArchRule rule, Class<?> fixture) {
        JavaClasses classes = new ClassFileImporter().importClasses(fixture);

        EvaluationResult result = rule.evaluate(classes);

        assertThat(result.hasViolation()).as("%s reports %s", ruleName, fixture.getSimpleName()).isTrue();
        assertThat(result.getFailureReport().getDetails())
                .anyMatch(line -> line.contains(fixture.getName()));
    }

    static Stream<Arguments> allowed() {
        return Stream.of(
                Arguments.of(ArchitectureRules.only_the_scheduler_creates_threads_timers_or_pools,
                        ThreadFixtures.RunsAsyncOnGivenExecutor.class),
                Arguments.of(ArchitectureRules.http_clients_and_servers_get_executors_from_the_scheduler,
                        HttpFixtures.BuildsHttpClientWithExecutor.class),
                Arguments.of(ArchitectureRules.only_the_scheduler_reads_the_system_clock,
                        MiscFixtures.ReadsInjectedClock.class));
    }

    @ParameterizedTest(name = "{0} allows {1}")
    @MethodSource("allowed")
    void ruleAllowsConformingFixture(ArchRule rule, Class<?> fixture) {
        JavaClasses classes = new ClassFileImporter().importClasses(fixture);

        assertThat(rule.evaluate(classes).hasViolation()).isFalse();
    }

    @org.junit.jupiter.api.Test
    void everyProductionRuleHasAViolationCase() {
        java.util.Set<ArchRule> covered = new java.util.HashSet<>();
        violations().forEach(arguments -> covered.add((ArchRule) arguments.get()[1]));

        assertThat(covered).containsExactlyInAnyOrderElementsOf(ArchitectureRules.PRODUCTION_RULES);
    }
}
