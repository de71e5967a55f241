package io.accountmonitor.ctrader;

import static io.accountmonitor.ctrader.SimulatorFixture.ACCOUNT;
import static io.accountmonitor.ctrader.SimulatorFixture.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import io.accountmonitor.core.model.AccountId;
import io.accountmonitor.core.model.LinkState;
import io.accountmonitor.core.model.TradeSide;
import io.accountmonitor.ctrader.protocol.ProtoOAExecutionEvent;
import io.accountmonitor.ctrader.protocol.ProtoOAExecutionType;
import io.accountmonitor.ctrader.protocol.ProtoOAMarginCall;
import io.accountmonitor.ctrader.protocol.ProtoOAMarginCallTriggerEvent;
import io.accountmonitor.ctrader.protocol.ProtoOANotificationType;
import io.accountmonitor.ctrader.protocol.ProtoOAPayloadType;
import io.accountmonitor.ctrader.protocol.ProtoOASymbolChangedEvent;
import io.accountmonitor.ctrader.simulator.SimulatedAccount;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventTest {
    @TempDir
    Path directory;

    @Test
    void pushedChangesReachListenerWithReason() throws Exception {
        try (SimulatorFixture fixture = SimulatorFixture.builder(directory).build().startAndAwait(ACCOUNT)) {
            long position = fixture.simulator.openPosition(ACCOUNT, 1, TradeSide.BUY, 100_000, 1.08);
            fixture.simulator.depositOrWithdraw(ACCOUNT, new BigDecimal("500.00"));
            fixture.simulator.pushTraderUpdate(ACCOUNT);
            fixture.simulator.changeMargin(ACCOUNT, position, new BigDecimal("12.00"));
            fixture.simulator.pushEvent(ACCOUNT, ProtoOAPayloadType.PROTO_OA_MARGIN_CALL_TRIGGER_EVENT_VALUE,
                    ProtoOAMarginCallTriggerEvent.newBuilder()
                            .setCtidTraderAccountId(ACCOUNT)
                            .setMarginCall(ProtoOAMarginCall.newBuilder()
                                    .setMarginCallType(ProtoOANotificationType.MARGIN_LEVEL_THRESHOLD_1)
                                    .setMarginLevelThreshold(150))
                            .build());
            fixture.simulator.pushEvent(ACCOUNT, ProtoOAPayloadType.PROTO_OA_EXECUTION_EVENT_VALUE,
                    ProtoOAExecutionEvent.newBuilder().setCtidTraderAccountId(ACCOUNT)
                            .setExecutionType(ProtoOAExecutionType.SWAP).build());

            assertThat(fixture.listener.awaitAccountEvents(6, SimulatorFixture.WAIT)).isTrue();

            assertThat(fixture.listener.accountEvents()).containsExactly(
                    new RecordingListener.AccountEvent(AccountId.of(ACCOUNT), "execution"),
                    new RecordingListener.AccountEvent(AccountId.of(ACCOUNT), "deposit-withdraw"),
                    new RecordingListener.AccountEvent(AccountId.of(ACCOUNT), "trader-updated"),
                    new RecordingListener.AccountEvent(AccountId.of(ACCOUNT), "margin-changed"),
                    new RecordingListener.AccountEvent(AccountId.of(ACCOUNT), "margin-call"),
                    new RecordingListener.AccountEvent(AccountId.of(ACCOUNT), "swap"));
            assertThat(fixture.fetch(ACCOUNT).balance()).isEqualByComparingTo("10500.00");
        }
    }

    @Test
    void eventsOfAccountsNotServedAreIgnored() throws Exception {
        try (SimulatorFixture fixture = SimulatorFixture.builder(directory)
                .account(SimulatedAccount.builder(ACCOUNT).build())
                .account(SimulatedAccount.builder(4004).build())
                .settings(values -> values.accounts = List.of(ACCOUNT))
                .build().startAndAwait(ACCOUNT)) {
            fixture.simulator.pushEvent(ACCOUNT, ProtoOAPayloadType.PROTO_OA_EXECUTION_EVENT_VALUE,
                    ProtoOAExecutionEvent.newBuilder().setCtidTraderAccountId(4004)
                            .setExecutionType(ProtoOAExecutionType.ORDER_FILLED).build());
            fixture.simulator.pushTraderUpdate(ACCOUNT);

            assertThat(fixture.listener.awaitAccountEvents(1, WAIT)).isTrue();
            fixture.fetch(ACCOUNT);

            assertThat(fixture.listener.accountEvents()).extracting(RecordingListener.AccountEvent::account)
                    .containsOnly(AccountId.of(ACCOUNT));
        }
    }

    @Test
    void symbolChangeReloadsSymbolNames() throws Exception {
        try (SimulatorFixture fixture = SimulatorFixture.builder(directory).build().startAndAwait(ACCOUNT)) {
            fixture.fetch(ACCOUNT);
            fixture.fetch(ACCOUNT);
            assertThat(fixture.received(ProtoOAPayloadType.PROTO_OA_SYMBOLS_LIST_REQ)).isEqualTo(1);
            assertThat(fixture.received(ProtoOAPayloadType.PROTO_OA_ASSET_LIST_REQ)).isEqualTo(1);

            fixture.simulator.pushEvent(ACCOUNT, ProtoOAPayloadType.PROTO_OA_SYMBOL_CHANGED_EVENT_VALUE,
                    ProtoOASymbolChangedEvent.newBuilder().setCtidTraderAccountId(ACCOUNT).addSymbolId(1).build());
            fixture.simulator.pushTraderUpdate(ACCOUNT);
            assertThat(fixture.listener.awaitAccountEvents(1, WAIT)).isTrue();
            fixture.fetch(ACCOUNT);

            assertThat(fixture.received(ProtoOAPayloadType.PROTO_OA_SYMBOLS_LIST_REQ)).isEqualTo(2);
            assertThat(fixture.listener.connectionCount(LinkState.DOWN)).isZero();
        }
    }

    @Test
    void symbolNamesCanBeSwitchedOff() throws Exception {
        try (SimulatorFixture fixture = SimulatorFixture.builder(directory)
                .settings(values -> values.resolveSymbolNames = false)
                .build().startAndAwait(ACCOUNT)) {
            fixture.simulator.openPosition(ACCOUNT, 41, TradeSide.BUY, 1_000, 2400.0);

            assertThat(fixture.fetch(ACCOUNT).positions().get(0).symbol()).isEqualTo("41");
            assertThat(fixture.received(ProtoOAPayloadType.PROTO_OA_SYMBOLS_LIST_REQ)).isZero();
        }
    }
}
