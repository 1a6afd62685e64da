package dev.telltale.accesslog;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.status.Status;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Hands lines to a Logback worker thread that writes them to stdout or a file. The caller only
 * enqueues: when the queue is full the line is dropped rather than making the caller wait.
 * Uses its own LoggerContext so that application logging config can neither reroute nor reset
 * the access log.
 */
final class AsyncLineWriter implements Consumer<String> {

    private static final int QUEUE_SIZE = 16_384;
    private static final int MAX_FLUSH_MS = 5_000;

    private static final org.slf4j.Logger APP_LOG = LoggerFactory.getLogger(AsyncLineWriter.class);

    private final LoggerContext context;
    private final Logger logger;

    private AsyncLineWriter(LoggerContext context, Logger logger) {
        this.context = context;
        this.logger = logger;
    }

    static AsyncLineWriter toStdout() {
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setTarget("System.out");
        return start("stdout", console);
    }

    static AsyncLineWriter toFile(String path) {
        FileAppender<ILoggingEvent> file = new FileAppender<>();
        file.setFile(path);
        file.setAppend(true);
        return start(path, file);
    }

    private static AsyncLineWriter start(String target, OutputStreamAppender<ILoggingEvent> output) {
        LoggerContext context = new LoggerContext();
        context.setName("telltale-access");
        context.setMDCAdapter(new LogbackMDCAdapter()); // a bare context has none; events need one
        context.start();

        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%msg%n");
        encoder.setCharset(StandardCharsets.UTF_8);
        encoder.start();

        output.setContext(context);
        output.setName("access-output");
        output.setEncoder(encoder);
        output.start();
        if (!output.isStarted()) {
            String reason = errors(context);
            context.stop();
            throw new IllegalStateException("cannot open access log " + target + ": " + reason);
        }

        AsyncAppender async = new AsyncAppender();
        async.setContext(context);
        async.setName("access-async");
        async.setQueueSize(QUEUE_SIZE);
        async.setDiscardingThreshold(0); // every line is INFO; never shed them early
        async.setNeverBlock(true);       // the caller is an event loop
        async.setMaxFlushTime(MAX_FLUSH_MS);
        async.addAppender(output);
        async.start();

        Logger logger = context.getLogger("telltale.access");
        logger.setAdditive(false);
        logger.setLevel(Level.INFO);
        logger.addAppender(async);

        // Write failures (disk full, file removed) surface as Logback statuses; show them.
        context.getStatusManager().add(AsyncLineWriter::reportProblem);
        return new AsyncLineWriter(context, logger);
    }

    @Override
    public void accept(String line) {
        logger.info(line);
    }

    /** Drains queued lines to the output, then closes it. */
    void close() {
        context.stop();
    }

    private static void reportProblem(Status status) {
        if (status.getEffectiveLevel() >= Status.WARN) {
            APP_LOG.warn("access log: {}", status.getMessage(), status.getThrowable());
        }
    }

    private static String errors(LoggerContext context) {
        return context.getStatusManager().getCopyOfStatusList().stream()
                .filter(s -> s.getEffectiveLevel() >= Status.ERROR)
                .map(s -> s.getThrowable() == null ? s.getMessage() : s.getThrowable().toString())
                .collect(Collectors.joining("; "));
    }
}
