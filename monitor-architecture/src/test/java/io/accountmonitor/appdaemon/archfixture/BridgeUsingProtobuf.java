package io.accountmonitor.appdaemon.archfixture;

import com.google.protobuf.ByteString;

/** Breaks "protobuf types stay in the cTrader packages". */
public class BridgeUsingProtobuf {
    public int size(ByteString bytes) {
        return bytes.size();
    }
}
