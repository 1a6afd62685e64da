package dev.telltale.tracing;

import dev.telltale.accesslog.AccessLogEntry;
import dev.telltale.config.TracingConfig;
import dev.telltale.failure.ExchangeFailure;
import dev.telltale.upstream.ExchangeListener;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import org.jctools.queues.varhandle.MpscChunkedVarHandleArrayQueue;

import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Exports one span per sampled request to an OTLP/HTTP collector. The event loop only queues the
 * request's log line (bounded, lock-free; a full queue drops and counts, never waits); a thread of
 * its own makes the spans, and the SDK's batch processor sends them from another. A collector that
 * is away loses the spans of each batch it did not take, counted, and is said once in the log
 * (and once more when it takes spans again), not at every batch.
 */
public final class SpanExport implements ExchangeListener, AutoCloseable {

    static final int QUEUE_SIZE = 16_384;
    private static final Duration BATCH_DELAY = Duration.ofSeconds(1);

    private final Queue<AccessLogEntry> queue = new MpscChunkedVarHandleArrayQueue<>(1_024, QUEUE_SIZE);
    private final LongAdder dropped = new LongAdder();
    private final CountingExporter exporter;
    private final SdkTracerProvider provider;
    private final Tracer tracer;
    private final PresetIds ids = new PresetIds();
    private final Thread thread;
    private final AtomicBoolean asleep = new AtomicBoolean();
    private volatile boolean closing;

    private SpanExport(TracingConfig config) {
        // The SDK would log each failed batch through java.util.logging; the exporter says it once instead.
        Logger.getLogger("io.opentelemetry").setLevel(Level.OFF);
        this.exporter = new CountingExporter(OtlpHttpSpanExporter.builder()
                .setEndpoint(config.otlpEndpoint())
                .setTimeout(config.timeout())
                .setRetryPolicy(null) // a collector that is away loses the batch, counted, rather than piling up
                .build(), config.otlpEndpoint());
        this.provider = SdkTracerProvider.builder()
                .setResource(Resource.getDefault().merge(Resource.create(
                        Attributes.of(AttributeKey.stringKey("service.name"), config.serviceName()))))
                .setIdGenerator(ids)
                .setSampler(Sampler.alwaysOn()) // the request's sampled flag decided already
                .addSpanProcessor(BatchSpanProcessor.builder(exporter)
                        .setScheduleDelay(BATCH_DELAY)
                        .setExporterTimeout(config.timeout())
                        .build())
                .build();
        this.tracer = provider.get("dev.telltale");
        this.thread = new Thread(this::run, "telltale-tracing");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Starts exporting to {@code config}'s collector; the caller registers it as an exchange listener. */
    public static SpanExport start(TracingConfig config) {
        return new SpanExport(config);
    }

    @Override
    public void exchangeEnded(AccessLogEntry entry, ExchangeFailure failure) {
        if (!entry.traced() || !entry.sampled()) {
            return;
        }
        if (closing || !queue.offer(entry)) {
            dropped.increment();
            return;
        }
        if (asleep.get() && asleep.compareAndSet(true, false)) {
            LockSupport.unpark(thread);
        }
    }

    /** Spans lost before export: the queue was full, or the exporter was closing. */
    public long dropped() {
        return dropped.sum();
    }

    /** Spans the collector took. */
    public long exported() {
        return exporter.exported();
    }

    /** Spans in batches the collector did not take (away, refused, too slow). */
    public long failed() {
        return exporter.failed();
    }

    private void run() {
        while (!closing || !queue.isEmpty()) {
            AccessLogEntry entry = queue.poll();
            if (entry != null) {
                try {
                    EntrySpan.record(tracer, ids, entry);
                } catch (RuntimeException e) {
                    dropped.increment(); // a span that cannot be made must not stop the others
                }
                continue;
            }
            asleep.set(true);
            if (queue.isEmpty() && !closing) {
                LockSupport.parkNanos(this, TimeUnit.SECONDS.toNanos(1));
            }
            asleep.set(false);
        }
    }

    /** Makes the spans queued, sends what the batch holds (waiting up to the export timeout), stops. */
    @Override
    public void close() {
        closing = true;
        LockSupport.unpark(thread);
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        provider.shutdown().join(15, TimeUnit.SECONDS);
    }
}
