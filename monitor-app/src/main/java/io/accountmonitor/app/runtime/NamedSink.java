package io.accountmonitor.app.runtime;

import io.accountmonitor.core.spi.StateSink;
import java.util.Objects;

/** A started sink with the name and type it was configured with. */
record NamedSink(String name, String type, StateSink sink) {
    NamedSink {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(sink, "sink");
    }
}
