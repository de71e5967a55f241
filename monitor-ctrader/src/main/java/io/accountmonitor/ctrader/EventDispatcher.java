package io.accountmonitor.ctrader;

import com.google.protobuf.InvalidProtocolBufferException;
import io.accountmonitor.core.spi.Metrics;
import io.accountmonitor.core.spi.TimerService;
import io.accountmonitor.ctrader.protocol.ProtoMessage;
import io.accountmonitor.ctrader.protocol.ProtoOAAccountDisconnectEvent;
import io.accountmonitor.ctrader.protocol.ProtoOAAccountsTokenInvalidatedEvent;
import io.accountmonitor.ctrader.protocol.ProtoOAClientDisconnectEvent;
import io.accountmonitor.ctrader.protocol.ProtoOAExecutionEvent;
import io.accountmonitor.ctrader.protocol.ProtoOAExecutionType;
import io.accountmonitor.ctrader.protocol.ProtoOAMarginCallTriggerEvent;
import io.accountmonitor.ctrader.protocol.ProtoOAMarginChangedEvent;
import io.accountmonitor.ctrader.protocol.ProtoOAOrderErrorEvent;
import io.accountmonitor.ctrader.protocol.ProtoOAPayloadType;
import io.accountmonitor.ctrader.protocol.ProtoOASymbolChangedEvent;
import io.accountmonitor.ctrader.protocol.ProtoOATraderUpdatedEvent;
import io.accountmonitor.ctrader.protocol.ProtoPayloadType;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns pushed messages into listener calls and session actions: executions, trader updates and
 * margin changes become {@code accountChanged}; token-invalidated and account-disconnect events
 * re-authorise accounts; a client-disconnect event replaces the connection. Runs on the session
 * executor. An unreadable event is logged and dropped; the connection stays.
 */
final class EventDispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(EventDispatcher.class);

    private final String monitorName;
    private final Session session;
    private final AccountSessions accounts;
    private final AccountCaches caches;
    private final DealSync dealSync;
    private final LinkReporter reporter;
    private final Metrics metrics;
    private final Redactor redactor;
    private final LogLimiter unreadableLog;
    private final LogLimiter orderErrorLog;

    EventDispatcher(String monitorName, Session session, AccountSessions accounts, AccountCaches caches,
            DealSync dealSync, LinkReporter reporter, Metrics metrics, Redactor redactor, TimerService timer) {
        this.monitorName = monitorName;
        this.session = session;
        this.accounts = accounts;
        this.caches = caches;
        this.dealSync = dealSync;
        this.reporter = reporter;
        this.metrics = metrics;
        this.redactor = redactor;
        this.unreadableLog = new LogLimiter(timer, 5, Duration.ofMinutes(10));
        this.orderErrorLog = new LogLimiter(timer, 10, Duration.ofMinutes(10));
    }

    void dispatch(ProtoMessage message) {
        int type = message.getPayloadType();
        if (type == ProtoPayloadType.HEARTBEAT_EVENT_VALUE) {
            return;
        }
        metrics.counter("ctrader.events", "type", PayloadTypes.name(type)).increment();
        try {
            dispatchParsed(type, message);
        } catch (InvalidProtocolBufferException e) {
            int suppressed = unreadableLog.tryLog();
            if (suppressed >= 0) {
                LOG.warn("Monitor {}: dropped an unreadable {} from cTrader: {}{}", monitorName,
                        PayloadTypes.name(type), e.getMessage(), LogLimiter.suppressedNote(suppressed));
            }
        }
    }

    private void dispatchParsed(int type, ProtoMessage message) throws InvalidProtocolBufferException {
        if (CtraderError.isError(message)) {
            session.unsolicitedError(CtraderError.parse(message));
            return;
        }
        ProtoOAPayloadType openApiType = ProtoOAPayloadType.forNumber(type);
        if (openApiType == null) {
            LOG.debug("Monitor {}: ignored a message of unknown payload type {}", monitorName, type);
            return;
        }
        switch (openApiType) {
            case PROTO_OA_EXECUTION_EVENT -> {
                ProtoOAExecutionEvent event = ProtoOAExecutionEvent.parseFrom(message.getPayload());
                if (event.hasDeal() || event.getExecutionType() == ProtoOAExecutionType.ORDER_FILLED
                        || event.getExecutionType() == ProtoOAExecutionType.ORDER_PARTIAL_FILL) {
                    dealSync.executionPushed(event.getCtidTraderAccountId());
                }
                changed(event.getCtidTraderAccountId(), switch (event.getExecutionType()) {
                    case DEPOSIT_WITHDRAW -> "deposit-withdraw";
                    case BONUS_DEPOSIT_WITHDRAW -> "bonus";
                    case SWAP -> "swap";
                    default -> "execution";
                });
            }
            case PROTO_OA_TRADER_UPDATE_EVENT ->
                    changed(ProtoOATraderUpdatedEvent.parseFrom(message.getPayload()).getCtidTraderAccountId(),
                            "trader-updated");
            case PROTO_OA_MARGIN_CHANGED_EVENT ->
                    changed(ProtoOAMarginChangedEvent.parseFrom(message.getPayload()).getCtidTraderAccountId(),
                            "margin-changed");
            case PROTO_OA_MARGIN_CALL_TRIGGER_EVENT ->
                    changed(ProtoOAMarginCallTriggerEvent.parseFrom(message.getPayload()).getCtidTraderAccountId(),
                            "margin-call");
            case PROTO_OA_ORDER_ERROR_EVENT -> orderError(ProtoOAOrderErrorEvent.parseFrom(message.getPayload()));
            case PROTO_OA_SYMBOL_CHANGED_EVENT ->
                    caches.symbolsChanged(ProtoOASymbolChangedEvent.parseFrom(message.getPayload())
                            .getCtidTraderAccountId());
            case PROTO_OA_ACCOUNTS_TOKEN_INVALIDATED_EVENT -> {
                ProtoOAAccountsTokenInvalidatedEvent event =
                        ProtoOAAccountsTokenInvalidatedEvent.parseFrom(message.getPayload());
                LOG.info("Monitor {}: cTrader invalidated the access token of account(s) {}{}", monitorName,
                        event.getCtidTraderAccountIdsList(), describe(event.getReason()));
                accounts.tokenInvalidated(event.getCtidTraderAccountIdsList(), redactor.redact(event.getReason()));
            }
            case PROTO_OA_ACCOUNT_DISCONNECT_EVENT -> {
                long accountId = ProtoOAAccountDisconnectEvent.parseFrom(message.getPayload()).getCtidTraderAccountId();
                LOG.info("Monitor {}: cTrader ended the session of account {}; authorising it again", monitorName,
                        accountId);
                accounts.sessionEnded(accountId, "cTrader ended the account session");
            }
            case PROTO_OA_CLIENT_DISCONNECT_EVENT -> {
                String reason = ProtoOAClientDisconnectEvent.parseFrom(message.getPayload()).getReason();
                LOG.warn("Monitor {}: cTrader is dropping the connection{}", monitorName, describe(reason));
                session.closeConnection("cTrader sent a client-disconnect event" + describe(reason));
            }
            default -> LOG.debug("Monitor {}: ignored {}", monitorName, openApiType);
        }
    }

    private void changed(long accountId, String reason) {
        if (accounts.serves(accountId)) {
            reporter.accountChanged(accountId, reason);
        } else {
            LOG.debug("Monitor {}: ignored a {} event for account {}, which it does not serve", monitorName, reason,
                    accountId);
        }
    }

    private void orderError(ProtoOAOrderErrorEvent event) {
        // Servers may send 0 for the order and position ids instead of leaving them out.
        String order = event.getOrderId() == 0 ? "" : " order " + event.getOrderId();
        String position = event.getPositionId() == 0 ? "" : " position " + event.getPositionId();
        int suppressed = orderErrorLog.tryLog();
        if (suppressed >= 0) {
            LOG.info("Monitor {}: cTrader reported order error {} on account {}{}{}{}{}", monitorName,
                    event.getErrorCode(), event.getCtidTraderAccountId(), order, position,
                    describe(event.getDescription()), LogLimiter.suppressedNote(suppressed));
        }
    }

    private String describe(String text) {
        return text == null || text.isEmpty() ? "" : " (" + redactor.redact(text) + ")";
    }
}
