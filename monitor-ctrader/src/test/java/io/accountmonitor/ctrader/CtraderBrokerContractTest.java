package io.accountmonitor.ctrader;

import io.accountmonitor.core.contract.BrokerContractTest;
import io.accountmonitor.core.contract.BrokerFixture;
import io.accountmonitor.core.model.AccountId;
import io.accountmonitor.core.model.TradeSide;
import io.accountmonitor.core.spi.AccountSource;
import io.accountmonitor.core.spi.HostContext;
import io.accountmonitor.core.spi.IoThreads;
import io.accountmonitor.core.spi.KeyValueStore;
import io.accountmonitor.core.spi.Metrics;
import io.accountmonitor.core.spi.RandomSource;
import io.accountmonitor.core.spi.TimerService;
import io.accountmonitor.ctrader.simulator.CtraderSimulator;
import io.accountmonitor.ctrader.simulator.SimulatedAccount;
import io.accountmonitor.ctrader.simulator.SimulatorCertificate;
import io.accountmonitor.scheduler.SchedulerRuntime;
import io.accountmonitor.scheduler.SchedulerSettings;
import io.accountmonitor.scheduler.ThreadBudget;
import io.accountmonitor.scheduler.virtual.InMemoryKeyValueStore;
import io.accountmonitor.scheduler.virtual.RecordingMetrics;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * The broker contract of core, run against the cTrader adapter and the simulator on the real
 * scheduler: real threads, real timers and the system clock, unlike the virtual-time tests.
 */
class CtraderBrokerContractTest extends BrokerContractTest {
    private static final long FIRST = 8001;
    private static final long SECOND = 8002;

    @Override
    protected BrokerFixture createFixture() throws Exception {
        SchedulerRuntime runtime = SchedulerRuntime.start(SchedulerSettings.defaults());
        ThreadBudget simulatorThreads = new ThreadBudget(8);
        CtraderSimulator simulator = CtraderSimulator.builder(simulatorThreads, runtime.timer())
                .clock(runtime.clock())
                .account(SimulatedAccount.builder(FIRST).build())
                .account(SimulatedAccount.builder(SECOND).moneyDigits(8).build())
                .build();
        simulator.start();
        Path directory = Files.createTempDirectory("ctrader-contract");
        TestSettings values = new TestSettings();
        values.environment = simulator.endpoint();
        values.trustCertificate = SimulatorCertificate.writePem(directory);
        AccountSource source = new CtraderPlugin().create("contract", values.build(), new RuntimeHost(runtime));
        return new BrokerFixture() {
            @Override
            public AccountSource source() {
                return source;
            }

            @Override
            public List<AccountId> accounts() {
                return List.of(AccountId.of(FIRST), AccountId.of(SECOND));
            }

            @Override
            public AccountId unknownAccount() {
                return AccountId.of(9999);
            }

            @Override
            public Instant now() {
                return Instant.now();
            }

            @Override
            public void produceDeal(AccountId account) {
                long id = Long.parseLong(account.value());
                long position = simulator.openPosition(id, 1, TradeSide.BUY, 100_000, 1.0850);
                simulator.setUnrealizedPnl(id, position, new BigDecimal("3.00"), new BigDecimal("2.50"));
            }

            @Override
            public void holdReplies() {
                simulator.delayReplies(Duration.ofHours(1));
            }

            @Override
            public void close() throws Exception {
                source.close();
                simulator.close();
                runtime.close();
                Files.deleteIfExists(directory.resolve(SimulatorCertificate.PEM_FILE_NAME));
                Files.deleteIfExists(directory);
            }
        };
    }

    /** Host services of the real scheduler, with an in-memory store. */
    private record RuntimeHost(SchedulerRuntime runtime) implements HostContext {
        private static final KeyValueStore STORE = new InMemoryKeyValueStore();

        @Override
        public String instanceName() {
            return "contract";
        }

        @Override
        public Clock clock() {
            return runtime.clock();
        }

        @Override
        public TimerService timer() {
            return runtime.timer();
        }

        @Override
        public Executor workers() {
            return runtime.workers();
        }

        @Override
        public IoThreads ioThreads() {
            return runtime.ioThreads();
        }

        @Override
        public KeyValueStore store() {
            return STORE;
        }

        @Override
        public Metrics metrics() {
            return new RecordingMetrics();
        }

        @Override
        public RandomSource random() {
            return runtime.random();
        }
    }
}
