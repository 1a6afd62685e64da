package dev.telltale.docker;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

import java.util.List;

/** The lines logged on {@code telltale.docker} while it is open. */
final class DockerLog implements AutoCloseable {

    private final Logger logger = (Logger) LoggerFactory.getLogger("telltale.docker");
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();

    DockerLog() {
        lines.start();
        logger.addAppender(lines);
    }

    List<String> warnings() {
        return at(Level.WARN);
    }

    List<String> infos() {
        return at(Level.INFO);
    }

    private List<String> at(Level level) {
        synchronized (lines) {
            return lines.list.stream().filter(e -> e.getLevel() == level).map(ILoggingEvent::getFormattedMessage)
                    .toList();
        }
    }

    @Override
    public void close() {
        logger.detachAppender(lines);
    }
}
