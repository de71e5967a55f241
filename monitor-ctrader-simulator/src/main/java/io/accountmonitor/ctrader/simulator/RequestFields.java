package io.accountmonitor.ctrader.simulator;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnknownFieldSet;
import io.accountmonitor.ctrader.protocol.ProtoMessage;
import io.accountmonitor.ctrader.protocol.ProtoOAPayloadType;
import java.util.List;

/**
 * Reads the account id and access token of any request without knowing its message type: account
 * scoped Open API requests carry {@code ctidTraderAccountId} as varint field 2, account-auth
 * requests the token as field 3 and account-list requests as field 2.
 */
final class RequestFields {
    private static final int ACCOUNT_ID_FIELD = 2;

    private RequestFields() {
    }

    /** Returns the {@code ctidTraderAccountId} of the request, or 0 when it has none. */
    static long accountId(ProtoMessage request) {
        UnknownFieldSet fields = parse(request.getPayload());
        if (fields == null || !fields.hasField(ACCOUNT_ID_FIELD)) {
            return 0;
        }
        List<Long> varints = fields.getField(ACCOUNT_ID_FIELD).getVarintList();
        return varints.isEmpty() ? 0 : varints.get(0);
    }

    /** Returns the access token of an account-auth or account-list request, else {@code null}. */
    static String accessToken(ProtoMessage request) {
        int field;
        if (request.getPayloadType() == ProtoOAPayloadType.PROTO_OA_ACCOUNT_AUTH_REQ_VALUE) {
            field = 3;
        } else if (request.getPayloadType() == ProtoOAPayloadType.PROTO_OA_GET_ACCOUNTS_BY_ACCESS_TOKEN_REQ_VALUE) {
            field = 2;
        } else {
            return null;
        }
        UnknownFieldSet fields = parse(request.getPayload());
        if (fields == null || !fields.hasField(field)) {
            return null;
        }
        List<ByteString> values = fields.getField(field).getLengthDelimitedList();
        return values.isEmpty() ? null : values.get(0).toStringUtf8();
    }

    private static UnknownFieldSet parse(ByteString payload) {
        try {
            return UnknownFieldSet.parseFrom(payload);
        } catch (InvalidProtocolBufferException e) {
            return null;
        }
    }
}
