package dev.telltale.tracing;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collection;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/** The OTLP exporter, counting the spans each batch delivered or lost, and saying when delivery fails and resumes. */
final class CountingExporter implements SpanExporter {

    private static final Logger LOG = LoggerFactory.getLogger(SpanExport.class);

    private final SpanExporter delegate;
    private final String endpoint;
    private final LongAdder exported = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final AtomicBoolean failing = new AtomicBoolean();

    CountingExporter(SpanExporter delegate, String endpoint) {
        this.delegate = delegate;
        this.endpoint = endpoint;
    }

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
        int count = spans.size();
        CompletableResultCode result = delegate.export(spans);
        result.whenComplete(() -> {
            if (result.isSuccess()) {
                exported.add(count);
                if (failing.compareAndSet(true, false)) {
                    LOG.warn("tracing: the collector at {} takes spans again", endpoint);
                }
            } else {
                failed.add(count);
                if (failing.compareAndSet(false, true)) {
                    Throwable why = result.getFailureThrowable();
                    LOG.warn("tracing: the collector at {} did not take {} span(s){}; spans are lost (counted in "
                            + "telltale_tracing_spans_total) until it does", endpoint, count,
                            why == null ? "" : ": " + why);
                }
            }
        });
        return result;
    }

    @Override
    public CompletableResultCode flush() {
        return delegate.flush();
    }

    @Override
    public CompletableResultCode shutdown() {
        return delegate.shutdown();
    }

    long exported() {
        return exported.sum();
    }

    long failed() {
        return failed.sum();
    }
}
