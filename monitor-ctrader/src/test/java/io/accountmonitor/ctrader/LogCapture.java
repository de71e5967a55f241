package io.accountmonitor.ctrader;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.AppenderBase;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/** Collects every log event of the process while open, with message and throwable text, for assertions. */
final class LogCapture extends AppenderBase<ILoggingEvent> implements AutoCloseable {
    private final List<String> lines = new ArrayList<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

    LogCapture() {
        setName("test-capture");
        start();
        root.addAppender(this);
    }

    @Override
    protected synchronized void append(ILoggingEvent event) {
        StringBuilder line = new StringBuilder(event.getLevel().toString()).append(' ')
                .append(event.getLoggerName()).append(" - ").append(event.getFormattedMessage());
        for (IThrowableProxy proxy = event.getThrowableProxy(); proxy != null; proxy = proxy.getCause()) {
            line.append(" | ").append(proxy.getClassName()).append(": ").append(proxy.getMessage());
        }
        lines.add(line.toString());
    }

    synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    /** Returns the lines that contain every one of {@code parts}. */
    List<String> linesContaining(String... parts) {
        List<String> matching = new ArrayList<>();
        for (String line : lines()) {
            boolean all = true;
            for (String part : parts) {
                all &= line.contains(part);
            }
            if (all) {
                matching.add(line);
            }
        }
        return matching;
    }

    @Override
    public void close() {
        root.detachAppender(this);
        stop();
    }
}
