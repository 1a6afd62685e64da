package dev.telltale.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

import java.util.List;

/** The lines logged on one logger (and those below it) while this is open, as their messages. */
public final class CapturedLog implements AutoCloseable {

    private final Logger logger;
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();

    public CapturedLog(String loggerName) {
        logger = (Logger) LoggerFactory.getLogger(loggerName);
        lines.start();
        logger.addAppender(lines);
    }

    public CapturedLog(Class<?> loggerOf) {
        this(loggerOf.getName());
    }

    /** Every message so far, at any level. */
    public List<String> messages() {
        return at(null);
    }

    public List<String> warnings() {
        return at(Level.WARN);
    }

    public List<String> infos() {
        return at(Level.INFO);
    }

    /** {@code level} null: every level. */
    private List<String> at(Level level) {
        synchronized (lines) {
            return lines.list.stream().filter(e -> level == null || e.getLevel() == level)
                    .map(ILoggingEvent::getFormattedMessage).toList();
        }
    }

    @Override
    public void close() {
        logger.detachAppender(lines);
    }
}
