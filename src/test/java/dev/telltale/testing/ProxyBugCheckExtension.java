package dev.telltale.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.AppenderBase;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Registered for every test class, like {@link LeakCheckExtension}: fails a class during which
 * the in-process proxy logged an ERROR, which it does only for a bug. A bug still ends in a
 * classified 500 or a closed connection, so a test that only checks the answer could miss one.
 * Classes that provoke bugs on purpose are marked {@link ProvokesProxyBugs}.
 */
public final class ProxyBugCheckExtension implements BeforeAllCallback, AfterAllCallback {

    private static final Queue<String> ERRORS = new ConcurrentLinkedQueue<>();
    private static volatile boolean installed;

    @Override
    public void beforeAll(ExtensionContext context) {
        install();
        ERRORS.clear();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        List<String> errors = new ArrayList<>(ERRORS);
        ERRORS.clear();
        boolean onPurpose = context.getRequiredTestClass().isAnnotationPresent(ProvokesProxyBugs.class);
        if (!onPurpose) {
            assertThat(errors).as("ERROR lines from the proxy during " + context.getDisplayName()).isEmpty();
        }
    }

    private static synchronized void install() {
        if (installed) {
            return;
        }
        Logger proxy = (Logger) LoggerFactory.getLogger("dev.telltale.proxy");
        AppenderBase<ILoggingEvent> recorder = new AppenderBase<>() {
            @Override
            protected void append(ILoggingEvent event) {
                if (event.getLevel().isGreaterOrEqual(Level.ERROR)) {
                    IThrowableProxy thrown = event.getThrowableProxy();
                    ERRORS.add(event.getFormattedMessage()
                            + (thrown == null ? "" : ": " + thrown.getClassName() + ": " + thrown.getMessage()
                            + (thrown.getStackTraceElementProxyArray().length > 0
                                    ? " " + thrown.getStackTraceElementProxyArray()[0].getSTEAsString() : "")));
                }
            }
        };
        recorder.setContext(proxy.getLoggerContext());
        recorder.setName("proxy-bug-check");
        recorder.start();
        proxy.addAppender(recorder);
        installed = true;
    }
}
