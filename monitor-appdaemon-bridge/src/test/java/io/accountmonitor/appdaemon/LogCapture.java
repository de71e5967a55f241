package io.accountmonitor.appdaemon;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.LoggerFactory;

/**
 * Records the log events of the bridge (package {@code io.accountmonitor.appdaemon}, without the
 * fake server's {@code testing} package) so tests can assert on the lines users see.
 */
final class LogCapture extends AppenderBase<ILoggingEvent> implements AutoCloseable {
    private static final String PACKAGE = "io.accountmonitor.appdaemon";

    private final List<ILoggingEvent> events = new CopyOnWriteArrayList<>();
    private final Logger logger;

    private LogCapture() {
        this.logger = (Logger) LoggerFactory.getLogger(PACKAGE);
    }

    static LogCapture attach() {
        LogCapture capture = new LogCapture();
        capture.setContext(capture.logger.getLoggerContext());
        capture.start();
        capture.logger.addAppender(capture);
        return capture;
    }

    @Override
    protected void append(ILoggingEvent event) {
        if (!event.getLoggerName().startsWith(PACKAGE + ".testing")) {
            event.prepareForDeferredProcessing();
            events.add(event);
        }
    }

    /** Returns the formatted messages at {@code level} that contain {@code text}. */
    List<String> messages(Level level, String text) {
        return events.stream()
                .filter(event -> event.getLevel().equals(level))
                .map(ILoggingEvent::getFormattedMessage)
                .filter(message -> message.contains(text))
                .toList();
    }

    /** Returns every formatted message, with its level, for failure output. */
    List<String> all() {
        return events.stream().map(event -> event.getLevel() + " " + event.getFormattedMessage()).toList();
    }

    @Override
    public void close() {
        logger.detachAppender(this);
        stop();
    }
}
