package io.accountmonitor.ctrader.simulator;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import io.accountmonitor.ctrader.protocol.ProtoErrorRes;
import io.accountmonitor.ctrader.protocol.ProtoMessage;
import io.accountmonitor.ctrader.protocol.ProtoOAAccountAuthReq;
import io.accountmonitor.ctrader.protocol.ProtoOAAccountAuthRes;
import io.accountmonitor.ctrader.protocol.ProtoOAAccountDisconnectEvent;
import io.accountmonitor.ctrader.protocol.ProtoOAAccountLogoutReq;
import io.accountmonitor.ctrader.protocol.ProtoOAAccountLogoutRes;
import io.accountmonitor.ctrader.protocol.ProtoOAAccountsTokenInvalidatedEvent;
import io.accountmonitor.ctrader.protocol.ProtoOAApplicationAuthReq;
import io.accountmonitor.ctrader.protocol.ProtoOAApplicationAuthRes;
import io.accountmonitor.ctrader.protocol.ProtoOAAsset;
import io.accountmonitor.ctrader.protocol.ProtoOAAssetListReq;
import io.accountmonitor.ctrader.protocol.ProtoOAAssetListRes;
import io.accountmonitor.ctrader.protocol.ProtoOAClientPermissionScope;
import io.accountmonitor.ctrader.protocol.ProtoOACtidTraderAccount;
import io.accountmonitor.ctrader.protocol.ProtoOADeal;
import io.accountmonitor.ctrader.protocol.ProtoOADealListReq;
import io.accountmonitor.ctrader.protocol.ProtoOADealListRes;
import io.accountmonitor.ctrader.protocol.ProtoOAErrorRes;
import io.accountmonitor.ctrader.protocol.ProtoOAGetAccountListByAccessTokenReq;
import io.accountmonitor.ctrader.protocol.ProtoOAGetAccountListByAccessTokenRes;
import io.accountmonitor.ctrader.protocol.ProtoOAGetPositionUnrealizedPnLReq;
import io.accountmonitor.ctrader.protocol.ProtoOAGetPositionUnrealizedPnLRes;
import io.accountmonitor.ctrader.protocol.ProtoOALightSymbol;
import io.accountmonitor.ctrader.protocol.ProtoOAPayloadType;
import io.accountmonitor.ctrader.protocol.ProtoOAPosition;
import io.accountmonitor.ctrader.protocol.ProtoOAPositionUnrealizedPnL;
import io.accountmonitor.ctrader.protocol.ProtoOAReconcileReq;
import io.accountmonitor.ctrader.protocol.ProtoOAReconcileRes;
import io.accountmonitor.ctrader.protocol.ProtoOARefreshTokenReq;
import io.accountmonitor.ctrader.protocol.ProtoOARefreshTokenRes;
import io.accountmonitor.ctrader.protocol.ProtoOASymbolsListReq;
import io.accountmonitor.ctrader.protocol.ProtoOASymbolsListRes;
import io.accountmonitor.ctrader.protocol.ProtoOATraderReq;
import io.accountmonitor.ctrader.protocol.ProtoOATraderRes;
import io.accountmonitor.ctrader.protocol.ProtoOAVersionRes;
import io.accountmonitor.ctrader.protocol.ProtoPayloadType;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The protocol behaviour of the simulated server: authorisation order, tokens, rate limits, deal
 * paging and injected faults, as far as the published behaviour of the real server is known.
 * Its methods run with the simulator's lock held and do not block, because replies go to the
 * writer thread.
 */
final class RequestHandler {
    /** Delivers replies, after the configured delay if any. */
    interface Outbox {
        void reply(SimulatorConnection connection, ProtoMessage message);

        void replyThenClose(SimulatorConnection connection, ProtoMessage message);
    }

    /** Maximum span of a deal-list request: 7 days in milliseconds. */
    static final long MAX_HISTORY_WINDOW_MILLIS = 604_800_000L;
    /** Rows per deal-list page when the request sets no {@code maxRows}. */
    static final int DEFAULT_MAX_ROWS = 10_000;
    /** Access-token lifetime reported by refresh responses: 2,628,000 s, as the real server reports. */
    static final long ACCESS_TOKEN_LIFETIME_SECONDS = 2_628_000L;

    private static final long ONE_SECOND_NANOS = 1_000_000_000L;
    private static final Set<Integer> HISTORICAL_TYPES = Set.of(
            ProtoOAPayloadType.PROTO_OA_DEAL_LIST_REQ_VALUE,
            ProtoOAPayloadType.PROTO_OA_DEAL_LIST_BY_POSITION_ID_REQ_VALUE,
            ProtoOAPayloadType.PROTO_OA_ORDER_LIST_REQ_VALUE,
            ProtoOAPayloadType.PROTO_OA_ORDER_LIST_BY_POSITION_ID_REQ_VALUE,
            ProtoOAPayloadType.PROTO_OA_CASH_FLOW_HISTORY_LIST_REQ_VALUE,
            ProtoOAPayloadType.PROTO_OA_GET_TRENDBARS_REQ_VALUE,
            ProtoOAPayloadType.PROTO_OA_GET_TICKDATA_REQ_VALUE);

    private final BrokerBook book;
    private final FaultPlan faults;
    private final String clientId;
    private final String clientSecret;
    private final int requestsPerSecond;
    private final int historicalRequestsPerSecond;
    private final Supplier<Collection<SimulatorConnection>> connections;
    private Outbox outbox;

    RequestHandler(BrokerBook book, FaultPlan faults, String clientId, String clientSecret, int requestsPerSecond,
            int historicalRequestsPerSecond, Supplier<Collection<SimulatorConnection>> connections, Outbox outbox) {
        this.book = book;
        this.faults = faults;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.requestsPerSecond = requestsPerSecond;
        this.historicalRequestsPerSecond = historicalRequestsPerSecond;
        this.connections = connections;
        this.outbox = outbox;
    }

    static boolean isHistorical(int payloadType) {
        return HISTORICAL_TYPES.contains(payloadType);
    }

    /** Handles one request that arrived at {@code nowNanos}, after it was recorded. */
    void handle(SimulatorConnection connection, ProtoMessage request, long nowNanos) {
        int type = request.getPayloadType();
        String clientMsgId = request.getClientMsgId();
        if (!admit(connection, type, nowNanos)) {
            connection.rateLimitRejections++;
            // Real servers put account id 0 into this error, not the request's account.
            outbox.reply(connection, error(clientMsgId, "REQUEST_FREQUENCY_EXCEEDED",
                    "You have reached the rate limit of requests", 0L, null, null));
            return;
        }
        ErrorReply injected = faults.takeError(type);
        if (injected != null) {
            ProtoMessage reply = injectedError(injected, request);
            if (injected.processRequest()) {
                processWithoutReply(connection, request);
            }
            if (injected.closeAfter()) {
                outbox.replyThenClose(connection, reply);
            } else {
                outbox.reply(connection, reply);
            }
            return;
        }
        if (faults.takeDrop(type)) {
            return;
        }
        if (faults.maintenanceEnd != null) {
            if (book.nowMillis() < faults.maintenanceEnd.toEpochMilli()) {
                outbox.reply(connection, error(clientMsgId, "SERVER_IS_UNDER_MAINTENANCE", "Server is under maintenance",
                        null, faults.maintenanceEnd.getEpochSecond(), null));
                return;
            }
            faults.maintenanceEnd = null;
        }
        try {
            dispatch(connection, type, clientMsgId, request.getPayload());
        } catch (InvalidProtocolBufferException e) {
            outbox.reply(connection, error(clientMsgId, "INVALID_REQUEST", "Malformed payload: " + e.getMessage(),
                    null, null, null));
        }
    }

    /** Carries out {@code request} but drops its normal reply; events it causes are still sent. */
    private void processWithoutReply(SimulatorConnection connection, ProtoMessage request) {
        Outbox original = outbox;
        String clientMsgId = request.getClientMsgId();
        outbox = new Outbox() {
            @Override
            public void reply(SimulatorConnection target, ProtoMessage message) {
                if (!(target == connection && clientMsgId.equals(message.getClientMsgId()))) {
                    original.reply(target, message);
                }
            }

            @Override
            public void replyThenClose(SimulatorConnection target, ProtoMessage message) {
                original.replyThenClose(target, message);
            }
        };
        try {
            dispatch(connection, request.getPayloadType(), clientMsgId, request.getPayload());
        } catch (InvalidProtocolBufferException e) {
            // The injected error is the reply either way.
        } finally {
            outbox = original;
        }
    }

    private void dispatch(SimulatorConnection connection, int type, String clientMsgId, ByteString payload)
            throws InvalidProtocolBufferException {
        if (type == ProtoOAPayloadType.PROTO_OA_APPLICATION_AUTH_REQ_VALUE) {
            applicationAuth(connection, clientMsgId, ProtoOAApplicationAuthReq.parseFrom(payload));
            return;
        }
        if (!connection.applicationAuthorised) {
            outbox.reply(connection, error(clientMsgId, "CH_CLIENT_NOT_AUTHENTICATED",
                    "Client is not authenticated", null, null, null));
            return;
        }
        switch (ProtoOAPayloadType.forNumber(type) == null ? ProtoOAPayloadType.PROTO_OA_ERROR_RES
                : ProtoOAPayloadType.forNumber(type)) {
            case PROTO_OA_VERSION_REQ -> reply(connection, clientMsgId, ProtoOAPayloadType.PROTO_OA_VERSION_RES,
                    ProtoOAVersionRes.newBuilder().setVersion("simulator").build());
            case PROTO_OA_GET_ACCOUNTS_BY_ACCESS_TOKEN_REQ ->
                    accountList(connection, clientMsgId, ProtoOAGetAccountListByAccessTokenReq.parseFrom(payload));
            case PROTO_OA_ACCOUNT_AUTH_REQ ->
                    accountAuth(connection, clientMsgId, ProtoOAAccountAuthReq.parseFrom(payload));
            case PROTO_OA_REFRESH_TOKEN_REQ ->
                    refreshToken(connection, clientMsgId, ProtoOARefreshTokenReq.parseFrom(payload));
            case PROTO_OA_ACCOUNT_LOGOUT_REQ ->
                    logout(connection, clientMsgId, ProtoOAAccountLogoutReq.parseFrom(payload));
            case PROTO_OA_TRADER_REQ -> trader(connection, clientMsgId, ProtoOATraderReq.parseFrom(payload));
            case PROTO_OA_RECONCILE_REQ -> reconcile(connection, clientMsgId, ProtoOAReconcileReq.parseFrom(payload));
            case PROTO_OA_GET_POSITION_UNREALIZED_PNL_REQ ->
                    unrealizedPnl(connection, clientMsgId, ProtoOAGetPositionUnrealizedPnLReq.parseFrom(payload));
            case PROTO_OA_ASSET_LIST_REQ -> assets(connection, clientMsgId, ProtoOAAssetListReq.parseFrom(payload));
            case PROTO_OA_SYMBOLS_LIST_REQ -> symbols(connection, clientMsgId, ProtoOASymbolsListReq.parseFrom(payload));
            case PROTO_OA_DEAL_LIST_REQ -> deals(connection, clientMsgId, ProtoOADealListReq.parseFrom(payload));
            default -> outbox.reply(connection, error(clientMsgId, "UNSUPPORTED_MESSAGE",
                    "The simulator does not support payload type " + type, null, null, null));
        }
    }

    private void applicationAuth(SimulatorConnection connection, String clientMsgId, ProtoOAApplicationAuthReq request) {
        if (connection.applicationAuthorised) {
            outbox.reply(connection, error(clientMsgId, "CH_CLIENT_ALREADY_AUTHENTICATED",
                    "Client is already authenticated", null, null, null));
            return;
        }
        if (!request.getClientId().equals(clientId) || !request.getClientSecret().equals(clientSecret)) {
            // The real server sends this error and then closes the socket.
            outbox.replyThenClose(connection, error(clientMsgId, "CH_CLIENT_AUTH_FAILURE",
                    "clientId or clientSecret is incorrect", null, null, null));
            return;
        }
        connection.applicationAuthorised = true;
        reply(connection, clientMsgId, ProtoOAPayloadType.PROTO_OA_APPLICATION_AUTH_RES,
                ProtoOAApplicationAuthRes.getDefaultInstance());
    }

    private void accountList(SimulatorConnection connection, String clientMsgId,
            ProtoOAGetAccountListByAccessTokenReq request) {
        BrokerBook.Grant grant = book.grantOfAccessToken(request.getAccessToken());
        if (grant == null || grant.accessTokenExpired) {
            outbox.reply(connection, tokenInvalid(clientMsgId, grant));
            return;
        }
        ProtoOAGetAccountListByAccessTokenRes.Builder list = ProtoOAGetAccountListByAccessTokenRes.newBuilder()
                .setAccessToken(request.getAccessToken())
                .setPermissionScope(ProtoOAClientPermissionScope.SCOPE_VIEW);
        for (long accountId : grant.accounts) {
            AccountState account = book.account(accountId);
            list.addCtidTraderAccount(ProtoOACtidTraderAccount.newBuilder()
                    .setCtidTraderAccountId(accountId)
                    .setIsLive(account.spec.live())
                    .setTraderLogin(account.spec.traderLogin())
                    .setBrokerTitleShort(account.spec.brokerName()));
        }
        reply(connection, clientMsgId, ProtoOAPayloadType.PROTO_OA_GET_ACCOUNTS_BY_ACCESS_TOKEN_RES, list.build());
    }

    private void accountAuth(SimulatorConnection connection, String clientMsgId, ProtoOAAccountAuthReq request) {
        long accountId = request.getCtidTraderAccountId();
        BrokerBook.Grant grant = book.grantOfAccessToken(request.getAccessToken());
        if (grant == null || grant.accessTokenExpired) {
            outbox.reply(connection, tokenInvalid(clientMsgId, grant));
            return;
        }
        if (!grant.accounts.contains(accountId)) {
            outbox.reply(connection, error(clientMsgId, "CH_CTID_TRADER_ACCOUNT_NOT_FOUND",
                    "Trading account " + accountId + " is not found", accountId, null, null));
            return;
        }
        if (connection.authorisedAccounts.containsKey(accountId)) {
            outbox.reply(connection, error(clientMsgId, "ALREADY_LOGGED_IN",
                    "Trading account is already authorized in this channel", accountId, null, null));
            return;
        }
        connection.authorisedAccounts.put(accountId, request.getAccessToken());
        reply(connection, clientMsgId, ProtoOAPayloadType.PROTO_OA_ACCOUNT_AUTH_RES,
                ProtoOAAccountAuthRes.newBuilder().setCtidTraderAccountId(accountId).build());
    }

    private void refreshToken(SimulatorConnection connection, String clientMsgId, ProtoOARefreshTokenReq request) {
        BrokerBook.Refreshed refreshed = book.refresh(request.getRefreshToken());
        if (refreshed == null) {
            outbox.reply(connection, error(clientMsgId, "CH_ACCESS_TOKEN_INVALID",
                    "Refresh token is invalid or was already used", null, null, null));
            return;
        }
        BrokerBook.Grant grant = refreshed.grant();
        reply(connection, clientMsgId, ProtoOAPayloadType.PROTO_OA_REFRESH_TOKEN_RES, ProtoOARefreshTokenRes.newBuilder()
                .setAccessToken(grant.accessToken)
                .setTokenType("bearer")
                .setExpiresIn(ACCESS_TOKEN_LIFETIME_SECONDS)
                .setRefreshToken(grant.refreshToken)
                .build());
        invalidateSessions(refreshed.oldAccessToken(), "Access token was refreshed");
    }

    /**
     * Ends every account session authorised with {@code accessToken}, on every connection, and
     * sends each connection one {@code ProtoOAAccountsTokenInvalidatedEvent} naming its accounts.
     */
    void invalidateSessions(String accessToken, String reason) {
        for (SimulatorConnection other : connections.get()) {
            List<Long> ended = new ArrayList<>();
            for (Map.Entry<Long, String> session : List.copyOf(other.authorisedAccounts.entrySet())) {
                if (session.getValue().equals(accessToken)) {
                    ended.add(session.getKey());
                    other.authorisedAccounts.remove(session.getKey());
                }
            }
            if (!ended.isEmpty()) {
                ProtoOAAccountsTokenInvalidatedEvent event = ProtoOAAccountsTokenInvalidatedEvent.newBuilder()
                        .addAllCtidTraderAccountIds(ended)
                        .setReason(reason)
                        .build();
                outbox.reply(other, message(ProtoOAPayloadType.PROTO_OA_ACCOUNTS_TOKEN_INVALIDATED_EVENT_VALUE, event, ""));
            }
        }
    }

    private void logout(SimulatorConnection connection, String clientMsgId, ProtoOAAccountLogoutReq request) {
        long accountId = request.getCtidTraderAccountId();
        if (!requireAuthorised(connection, clientMsgId, accountId)) {
            return;
        }
        connection.authorisedAccounts.remove(accountId);
        reply(connection, clientMsgId, ProtoOAPayloadType.PROTO_OA_ACCOUNT_LOGOUT_RES,
                ProtoOAAccountLogoutRes.newBuilder().setCtidTraderAccountId(accountId).build());
        outbox.reply(connection, message(ProtoOAPayloadType.PROTO_OA_ACCOUNT_DISCONNECT_EVENT_VALUE,
                ProtoOAAccountDisconnectEvent.newBuilder().setCtidTraderAccountId(accountId).build(), ""));
    }

    private void trader(SimulatorConnection connection, String clientMsgId, ProtoOATraderReq request) {
        long accountId = request.getCtidTraderAccountId();
        if (!requireAuthorised(connection, clientMsgId, accountId)) {
            return;
        }
        reply(connection, clientMsgId, ProtoOAPayloadType.PROTO_OA_TRADER_RES, ProtoOATraderRes.newBuilder()
                .setCtidTraderAccountId(accountId)
                .setTrader(book.account(accountId).trader())
                .build());
    }

    private void reconcile(SimulatorConnection connection, String clientMsgId, ProtoOAReconcileReq request) {
        long accountId = request.getCtidTraderAccountId();
        if (!requireAuthorised(connection, clientMsgId, accountId)) {
            return;
        }
        reply(connection, clientMsgId, ProtoOAPayloadType.PROTO_OA_RECONCILE_RES, ProtoOAReconcileRes.newBuilder()
                .setCtidTraderAccountId(accountId)
                .addAllPosition(book.account(accountId).openPositions())
                .build());
    }

    private void unrealizedPnl(SimulatorConnection connection, String clientMsgId,
            ProtoOAGetPositionUnrealizedPnLReq request) {
        long accountId = request.getCtidTraderAccountId();
        if (!requireAuthorised(connection, clientMsgId, accountId)) {
            return;
        }
        AccountState account = book.account(accountId);
        ProtoOAGetPositionUnrealizedPnLRes.Builder response = ProtoOAGetPositionUnrealizedPnLRes.newBuilder()
                .setCtidTraderAccountId(accountId)
                .setMoneyDigits(account.digits());
        for (ProtoOAPosition position : account.openPositions()) {
            long[] pnl = account.unrealized.getOrDefault(position.getPositionId(), new long[] {0, 0});
            response.addPositionUnrealizedPnL(ProtoOAPositionUnrealizedPnL.newBuilder()
                    .setPositionId(position.getPositionId())
                    .setGrossUnrealizedPnL(pnl[0])
                    .setNetUnrealizedPnL(pnl[1]));
        }
        reply(connection, clientMsgId, ProtoOAPayloadType.PROTO_OA_GET_POSITION_UNREALIZED_PNL_RES, response.build());
    }

    private void assets(SimulatorConnection connection, String clientMsgId, ProtoOAAssetListReq request) {
        long accountId = request.getCtidTraderAccountId();
        if (!requireAuthorised(connection, clientMsgId, accountId)) {
            return;
        }
        ProtoOAAssetListRes.Builder response = ProtoOAAssetListRes.newBuilder().setCtidTraderAccountId(accountId);
        book.account(accountId).spec.assets().forEach((id, name) -> response.addAsset(
                ProtoOAAsset.newBuilder().setAssetId(id).setName(name).setDisplayName(name).setDigits(2)));
        reply(connection, clientMsgId, ProtoOAPayloadType.PROTO_OA_ASSET_LIST_RES, response.build());
    }

    private void symbols(SimulatorConnection connection, String clientMsgId, ProtoOASymbolsListReq request) {
        long accountId = request.getCtidTraderAccountId();
        if (!requireAuthorised(connection, clientMsgId, accountId)) {
            return;
        }
        ProtoOASymbolsListRes.Builder response = ProtoOASymbolsListRes.newBuilder().setCtidTraderAccountId(accountId);
        book.account(accountId).symbols.forEach((id, name) -> response.addSymbol(
                ProtoOALightSymbol.newBuilder().setSymbolId(id).setSymbolName(name).setEnabled(true)));
        reply(connection, clientMsgId, ProtoOAPayloadType.PROTO_OA_SYMBOLS_LIST_RES, response.build());
    }

    private void deals(SimulatorConnection connection, String clientMsgId, ProtoOADealListReq request) {
        long accountId = request.getCtidTraderAccountId();
        if (!requireAuthorised(connection, clientMsgId, accountId)) {
            return;
        }
        long to = request.hasToTimestamp() ? request.getToTimestamp() : book.nowMillis();
        long from = request.hasFromTimestamp() ? request.getFromTimestamp() : to - MAX_HISTORY_WINDOW_MILLIS;
        if (from < 0 || to < from || to - from > MAX_HISTORY_WINDOW_MILLIS) {
            outbox.reply(connection, error(clientMsgId, "INCORRECT_BOUNDARIES",
                    "fromTimestamp " + from + " and toTimestamp " + to + " must span 0 to 604800000 ms",
                    accountId, null, null));
            return;
        }
        int maxRows = request.hasMaxRows() && request.getMaxRows() > 0 ? request.getMaxRows() : DEFAULT_MAX_ROWS;
        List<ProtoOADeal> matched = book.account(accountId).dealsBetween(from, to);
        List<ProtoOADeal> page = matched.subList(0, Math.min(maxRows, matched.size()));
        reply(connection, clientMsgId, ProtoOAPayloadType.PROTO_OA_DEAL_LIST_RES, ProtoOADealListRes.newBuilder()
                .setCtidTraderAccountId(accountId)
                .addAllDeal(page)
                .setHasMore(matched.size() > maxRows)
                .build());
    }

    private boolean requireAuthorised(SimulatorConnection connection, String clientMsgId, long accountId) {
        String accessToken = connection.authorisedAccounts.get(accountId);
        if (accessToken == null) {
            outbox.reply(connection, error(clientMsgId, "ACCOUNT_NOT_AUTHORIZED", "Trading account is not authorized",
                    accountId, null, null));
            return false;
        }
        BrokerBook.Grant grant = book.grantOfAccessToken(accessToken);
        if (grant == null) {
            connection.authorisedAccounts.remove(accountId);
            outbox.reply(connection, error(clientMsgId, "ACCOUNT_NOT_AUTHORIZED", "Trading account is not authorized",
                    accountId, null, null));
            return false;
        }
        if (grant.accessTokenExpired) {
            outbox.reply(connection, tokenInvalid(clientMsgId, grant));
            return false;
        }
        return true;
    }

    private boolean admit(SimulatorConnection connection, int payloadType, long nowNanos) {
        boolean historical = isHistorical(payloadType);
        ArrayDeque<Long> arrivals = historical ? connection.historicalArrivals : connection.normalArrivals;
        int limit = historical ? historicalRequestsPerSecond : requestsPerSecond;
        while (!arrivals.isEmpty() && arrivals.peekFirst() <= nowNanos - ONE_SECOND_NANOS) {
            arrivals.pollFirst();
        }
        arrivals.addLast(nowNanos);
        return arrivals.size() <= limit;
    }

    private ProtoMessage tokenInvalid(String clientMsgId, BrokerBook.Grant grant) {
        // An expired token is reported with this code and description, without an account id.
        String description = grant != null && grant.accessTokenExpired ? "Access token expired" : "Invalid access token";
        return error(clientMsgId, "CH_ACCESS_TOKEN_INVALID", description, null, null, null);
    }

    private ProtoMessage injectedError(ErrorReply injected, ProtoMessage request) {
        String clientMsgId = request.getClientMsgId();
        if (injected.commonMessage()) {
            ProtoErrorRes.Builder error = ProtoErrorRes.newBuilder().setErrorCode(injected.errorCode());
            if (injected.description() != null) {
                error.setDescription(injected.description());
            }
            if (injected.maintenanceEndTimestamp() != null) {
                error.setMaintenanceEndTimestamp(injected.maintenanceEndTimestamp());
            }
            return message(ProtoPayloadType.ERROR_RES_VALUE, error.build(), clientMsgId);
        }
        Long accountId = injected.accountId() != null ? injected.accountId() : requestAccountId(request);
        return error(clientMsgId, injected.errorCode(), injected.description(), accountId,
                injected.maintenanceEndTimestamp(), injected.retryAfterSeconds());
    }

    private static Long requestAccountId(ProtoMessage request) {
        long accountId = RequestFields.accountId(request);
        return accountId == 0 ? null : accountId;
    }

    private void reply(SimulatorConnection connection, String clientMsgId, ProtoOAPayloadType type, MessageLite payload) {
        outbox.reply(connection, message(type.getNumber(), payload, clientMsgId));
    }

    static ProtoMessage error(String clientMsgId, String code, String description, Long accountId,
            Long maintenanceEndSeconds, Long retryAfterSeconds) {
        ProtoOAErrorRes.Builder error = ProtoOAErrorRes.newBuilder().setErrorCode(code);
        if (description != null) {
            error.setDescription(description);
        }
        if (accountId != null) {
            error.setCtidTraderAccountId(accountId);
        }
        if (maintenanceEndSeconds != null) {
            error.setMaintenanceEndTimestamp(maintenanceEndSeconds);
        }
        if (retryAfterSeconds != null) {
            error.setRetryAfter(retryAfterSeconds);
        }
        return message(ProtoOAPayloadType.PROTO_OA_ERROR_RES_VALUE, error.build(), clientMsgId);
    }

    static ProtoMessage message(int payloadType, MessageLite payload, String clientMsgId) {
        ProtoMessage.Builder message = ProtoMessage.newBuilder()
                .setPayloadType(payloadType)
                .setPayload(payload.toByteString());
        if (clientMsgId != null && !clientMsgId.isEmpty()) {
            message.setClientMsgId(clientMsgId);
        }
        return message.build();
    }
}
