package io.accountmonitor.ctrader.simulator;

import io.accountmonitor.core.model.TradeSide;
import io.accountmonitor.core.spi.Cancellable;
import io.accountmonitor.core.spi.TimerService;
import io.accountmonitor.ctrader.protocol.ProtoOAPayloadType;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trades on the simulated accounts on a fixed period, for the demo: each tick takes the next
 * account in turn and closes its scripted position, or opens one when none is open, then moves the
 * unrealized profit of every open position. Random values come from a fixed seed, so a run
 * repeats. Ticks run on the timer thread and only take the simulator's lock.
 */
final class ScriptedTrading {
    private static final Logger LOG = LoggerFactory.getLogger(ScriptedTrading.class);
    private static final long[] SYMBOLS = {1, 2};
    private static final double[] PRICES = {1.0850, 1.2650};

    private final CtraderSimulator simulator;
    private final TimerService timer;
    private final List<Long> accounts;
    private final Map<Long, Long> scriptedPositions = new HashMap<>();
    private final SplittableRandom random = new SplittableRandom(20_260_105L);
    private Duration period;
    private Cancellable next;
    private int turn;
    private long generation;

    ScriptedTrading(CtraderSimulator simulator, TimerService timer, Iterable<Long> accounts) {
        this.simulator = simulator;
        this.timer = timer;
        this.accounts = new ArrayList<>();
        accounts.forEach(this.accounts::add);
    }

    synchronized void start(Duration every) {
        if (every.isZero() || every.isNegative()) {
            throw new IllegalArgumentException("scripted trading period " + every + " must be positive");
        }
        stop();
        period = every;
        arm(++generation);
        LOG.info("Scripted trading started: one trade every {} ms", every.toMillis());
    }

    synchronized void stop() {
        generation++;
        if (next != null) {
            next.cancel();
            next = null;
        }
    }

    private void arm(long armedGeneration) {
        try {
            next = timer.schedule(period, () -> tick(armedGeneration));
        } catch (RejectedExecutionException e) {
            LOG.debug("Scripted trading stopped: the timer service is closed");
        }
    }

    private void tick(long armedGeneration) {
        synchronized (this) {
            if (armedGeneration != generation) {
                return;
            }
            arm(armedGeneration);
        }
        try {
            simulator.runLocked(this::trade);
        } catch (RuntimeException e) {
            LOG.warn("Scripted trade failed; trading continues", e);
        }
    }

    private void trade() {
        long account = accounts.get(turn++ % accounts.size());
        Long open = scriptedPositions.remove(account);
        if (open != null && simulator.book().account(account).positions.containsKey(open)) {
            BigDecimal gross = BigDecimal.valueOf(random.nextInt(-5_000, 8_000), 2);
            simulator.push(account, ProtoOAPayloadType.PROTO_OA_EXECUTION_EVENT_VALUE,
                    simulator.book().closePosition(account, open, gross));
        } else {
            int symbol = random.nextInt(SYMBOLS.length);
            TradeSide side = random.nextBoolean() ? TradeSide.BUY : TradeSide.SELL;
            long volume = 100_000L * (1 + random.nextInt(5));
            var event = simulator.book().openPosition(account, SYMBOLS[symbol], side, volume, PRICES[symbol]);
            scriptedPositions.put(account, event.getPosition().getPositionId());
            simulator.push(account, ProtoOAPayloadType.PROTO_OA_EXECUTION_EVENT_VALUE,
                    event);
        }
        for (long id : accounts) {
            AccountState state = simulator.book().account(id);
            for (long positionId : state.positions.keySet()) {
                long net = state.scale(BigDecimal.valueOf(random.nextInt(-3_000, 3_000), 2));
                state.unrealized.put(positionId, new long[] {net, net});
            }
        }
    }
}
