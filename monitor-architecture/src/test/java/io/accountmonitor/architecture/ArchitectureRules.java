package io.accountmonitor.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaConstructorCall;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.domain.properties.HasName;
import com.tngtech.archunit.core.domain.properties.HasOwner;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The architecture of Account Monitor as ArchUnit rules. {@link ArchitectureTest} applies them to
 * the production classes of every module; {@link RulesReportViolationsTest} proves each one
 * reports a class that breaks it.
 */
final class ArchitectureRules {
    static final String ROOT = "io.accountmonitor";
    static final String SCHEDULER = "io.accountmonitor.scheduler..";
    static final String CORE = "io.accountmonitor.core..";
    static final String CTRADER = "io.accountmonitor.ctrader..";
    static final String CTRADER_PROTOCOL = "io.accountmonitor.ctrader.protocol..";
    static final String CTRADER_SIMULATOR = "io.accountmonitor.ctrader.simulator..";
    static final String APPDAEMON = "io.accountmonitor.appdaemon..";
    static final String APP = "io.accountmonitor.app..";
    static final String BENCH = "io.accountmonitor.bench..";
    /**
     * The benchmark's baselines re-create the designs this project replaces, such as a new timer
     * thread per schedule. Creating threads there is the point of the comparison.
     */
    static final String BENCH_BASELINES = "io.accountmonitor.bench.baseline..";
    /** The command line's output: one of the two classes that may write to the standard streams. */
    static final String CLI_OUTPUT = "io.accountmonitor.app.cli.ConsoleOutput";
    /** The benchmark report's output: the other class that may write to the standard streams. */
    static final String BENCH_OUTPUT = "io.accountmonitor.bench.report.ReportOutput";

    private ArchitectureRules() {
    }

    static final ArchRule only_the_scheduler_creates_threads_timers_or_pools =
            classes().that().resideOutsideOfPackages(SCHEDULER, BENCH_BASELINES)
                    .should(notCreateThreadsTimersOrPools())
                    .because("the scheduler module owns every thread, so the process keeps a fixed, budgeted set");

    static final ArchRule http_clients_and_servers_get_executors_from_the_scheduler =
            classes().that().resideOutsideOfPackage(BENCH_BASELINES)
                    .should(buildHttpClientsAndServersOnlyWithAnExecutor())
                    .because("the JDK's default executors create threads outside the thread budget");

    static final ArchRule core_depends_only_on_the_jdk_and_slf4j =
            classes().that().resideInAPackage(CORE)
                    .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "org.slf4j..", CORE)
                    .because("the core contract is what every plugin compiles against");

    static final ArchRule ctrader_adapter_does_not_depend_on_other_modules =
            noClasses().that().resideInAPackage(CTRADER)
                    .should().dependOnClassesThat().resideInAnyPackage(APPDAEMON, APP, SCHEDULER, BENCH)
                    .because("adapters receive threads, clocks and timers through core interfaces");

    static final ArchRule appdaemon_bridge_does_not_depend_on_other_modules =
            noClasses().that().resideInAPackage(APPDAEMON)
                    .should().dependOnClassesThat().resideInAnyPackage(CTRADER, APP, SCHEDULER, BENCH)
                    .because("the bridge receives threads, clocks and timers through core interfaces")
                    .allowEmptyShould(true);

    static final ArchRule ctrader_simulator_uses_only_the_protocol_of_the_adapter =
            noClasses().that().resideInAPackage(CTRADER_SIMULATOR)
                    .should().dependOnClassesThat(resideInAPackage(CTRADER)
                            .and(not(resideInAnyPackage(CTRADER_SIMULATOR, CTRADER_PROTOCOL))))
                    .because("the simulator speaks the wire protocol; sharing adapter code would hide protocol bugs")
                    .allowEmptyShould(true);

    static final ArchRule ctrader_adapter_does_not_depend_on_the_simulator =
            noClasses().that().resideInAPackage(CTRADER).and().resideOutsideOfPackage(CTRADER_SIMULATOR)
                    .should().dependOnClassesThat().resideInAPackage(CTRADER_SIMULATOR)
                    .because("the simulator is a test and demo peer, not part of the adapter");

    static final ArchRule protobuf_types_stay_in_the_ctrader_packages =
            noClasses().that().resideOutsideOfPackage(CTRADER)
                    .should().dependOnClassesThat().resideInAnyPackage("com.google.protobuf..", CTRADER_PROTOCOL)
                    .because("the rest of the system sees cTrader only through the core model");

    static final ArchRule only_the_app_uses_guice_and_yaml =
            noClasses().that().resideOutsideOfPackage(APP)
                    .should().dependOnClassesThat().resideInAnyPackage("com.google.inject..",
                            "com.fasterxml.jackson.dataformat.yaml..")
                    .because("only monitor-app creates the injector and reads configuration");

    static final ArchRule only_the_cli_output_writes_to_standard_streams =
            noClasses().that().doNotHaveFullyQualifiedName(CLI_OUTPUT).and().doNotHaveFullyQualifiedName(BENCH_OUTPUT)
                    .should().accessField(System.class, "out")
                    .orShould().accessField(System.class, "err")
                    .orShould().callMethodWhere(JavaCall.Predicates.target(HasName.Predicates.name("printStackTrace"))
                            .and(JavaCall.Predicates.target(HasOwner.Predicates.With.owner(
                                    JavaClass.Predicates.assignableTo(Throwable.class)))))
                    .because("everything else logs through SLF4J, where levels, format and secrets are controlled");

    static final ArchRule no_code_sleeps =
            // JMH's annotation processor generates the jmh_generated classes, and their harness sleeps.
            classes().that().resideOutsideOfPackage("..jmh_generated..").should(notSleep())
                    .because("waiting happens on timers and futures; a sleeping thread is a wasted thread and,"
                            + " in tests, a guess about timing");

    static final ArchRule only_the_scheduler_reads_the_system_clock =
            classes().that().resideOutsideOfPackages(SCHEDULER, BENCH)
                    .should(notReadTheSystemClock())
                    .because("time comes from the injected clock and timer, so tests can run on virtual time");

    /** The rules applied to production classes. */
    static final List<ArchRule> PRODUCTION_RULES = List.of(
            only_the_scheduler_creates_threads_timers_or_pools,
            http_clients_and_servers_get_executors_from_the_scheduler,
            core_depends_only_on_the_jdk_and_slf4j,
            ctrader_adapter_does_not_depend_on_other_modules,
            appdaemon_bridge_does_not_depend_on_other_modules,
            ctrader_simulator_uses_only_the_protocol_of_the_adapter,
            ctrader_adapter_does_not_depend_on_the_simulator,
            protobuf_types_stay_in_the_ctrader_packages,
            only_the_app_uses_guice_and_yaml,
            only_the_cli_output_writes_to_standard_streams,
            no_code_sleeps,
            only_the_scheduler_reads_the_system_clock);

    private static final Set<String> CLOCK_READS = Set.of("currentTimeMillis", "nanoTime");
    private static final Set<String> HIDDEN_TIMER_METHODS = Set.of("delayedExecutor", "orTimeout", "completeOnTimeout");

    static ArchCondition<JavaClass> notCreateThreadsTimersOrPools() {
        return new ArchCondition<>("not create threads, timers or thread pools") {
            @Override
            public void check(JavaClass javaClass, ConditionEvents events) {
                if (!javaClass.isEquivalentTo(Thread.class) && javaClass.isAssignableTo(Thread.class)) {
                    events.add(SimpleConditionEvent.violated(javaClass, javaClass.getName() + " extends Thread"));
                }
                for (JavaConstructorCall call : javaClass.getConstructorCallsFromSelf()) {
                    JavaClass owner = call.getTargetOwner();
                    if (owner.isAssignableTo(Thread.class) || owner.isAssignableTo(java.util.Timer.class)
                            || owner.isAssignableTo(ThreadPoolExecutor.class) || owner.isAssignableTo(ForkJoinPool.class)) {
                        events.add(SimpleConditionEvent.violated(call, call.getDescription()));
                    }
                }
                for (JavaMethodCall call : javaClass.getMethodCallsFromSelf()) {
                    if (createsThreadsIndirectly(call)) {
                        events.add(SimpleConditionEvent.violated(call, call.getDescription()));
                    }
                }
            }
        };
    }

    private static boolean createsThreadsIndirectly(JavaMethodCall call) {
        JavaClass owner = call.getTargetOwner();
        String name = call.getName();
        if (owner.isEquivalentTo(Executors.class)) {
            return true;
        }
        if (owner.isEquivalentTo(ForkJoinPool.class) && name.equals("commonPool")) {
            return true;
        }
        if (owner.isEquivalentTo(Thread.class) && Set.of("ofPlatform", "ofVirtual", "startVirtualThread").contains(name)) {
            return true;
        }
        if (owner.isAssignableTo(CompletableFuture.class)) {
            if (HIDDEN_TIMER_METHODS.contains(name)) {
                return true;
            }
            if (name.endsWith("Async")) {
                List<JavaClass> parameters = call.getTarget().getRawParameterTypes();
                return parameters.isEmpty() || !parameters.get(parameters.size() - 1).isEquivalentTo(Executor.class);
            }
        }
        return false;
    }

    static ArchCondition<JavaClass> buildHttpClientsAndServersOnlyWithAnExecutor() {
        return new ArchCondition<>("build HTTP clients and servers only with an executor") {
            @Override
            public void check(JavaClass javaClass, ConditionEvents events) {
                boolean buildsClient = false;
                boolean setsClientExecutor = false;
                boolean createsServer = false;
                boolean setsServerExecutor = false;
                for (JavaMethodCall call : javaClass.getMethodCallsFromSelf()) {
                    String owner = call.getTargetOwner().getName();
                    String name = call.getName();
                    if (owner.equals("java.net.http.HttpClient") && name.equals("newHttpClient")) {
                        events.add(SimpleConditionEvent.violated(call, call.getDescription()
                                + " uses the JDK's default executor"));
                    }
                    if (owner.equals("java.net.http.HttpClient$Builder")) {
                        buildsClient |= name.equals("build");
                        setsClientExecutor |= name.equals("executor");
                    }
                    if (owner.equals("com.sun.net.httpserver.HttpServer") || owner.equals("com.sun.net.httpserver.HttpsServer")) {
                        createsServer |= name.equals("create");
                        setsServerExecutor |= name.equals("setExecutor");
                    }
                }
                if (buildsClient && !setsClientExecutor) {
                    events.add(SimpleConditionEvent.violated(javaClass, javaClass.getName()
                            + " builds an HttpClient without calling executor(...)"));
                }
                if (createsServer && !setsServerExecutor) {
                    events.add(SimpleConditionEvent.violated(javaClass, javaClass.getName()
                            + " creates an HttpServer without calling setExecutor(...)"));
                }
            }
        };
    }

    static ArchCondition<JavaClass> notSleep() {
        return new ArchCondition<>("not sleep") {
            @Override
            public void check(JavaClass javaClass, ConditionEvents events) {
                for (JavaMethodCall call : javaClass.getMethodCallsFromSelf()) {
                    boolean threadSleep = call.getTargetOwner().isEquivalentTo(Thread.class) && call.getName().equals("sleep");
                    boolean unitSleep = call.getTargetOwner().isAssignableTo(TimeUnit.class) && call.getName().equals("sleep");
                    if (threadSleep || unitSleep) {
                        events.add(SimpleConditionEvent.violated(call, call.getDescription()));
                    }
                }
            }
        };
    }

    static ArchCondition<JavaClass> notReadTheSystemClock() {
        return new ArchCondition<>("not read the system clock") {
            @Override
            public void check(JavaClass javaClass, ConditionEvents events) {
                for (JavaMethodCall call : javaClass.getMethodCallsFromSelf()) {
                    JavaClass owner = call.getTargetOwner();
                    String name = call.getName();
                    boolean systemRead = owner.isEquivalentTo(System.class) && CLOCK_READS.contains(name);
                    boolean nowWithoutClock = name.equals("now") && call.getTarget().getRawParameterTypes().isEmpty()
                            && (owner.isEquivalentTo(Instant.class) || owner.isEquivalentTo(LocalDateTime.class)
                            || owner.isEquivalentTo(LocalDate.class) || owner.isEquivalentTo(ZonedDateTime.class)
                            || owner.isEquivalentTo(OffsetDateTime.class));
                    boolean systemClock = owner.isEquivalentTo(Clock.class) && name.startsWith("system");
                    if (systemRead || nowWithoutClock || systemClock) {
                        events.add(SimpleConditionEvent.violated(call, call.getDescription()));
                    }
                }
            }
        };
    }
}
