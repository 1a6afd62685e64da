package dev.telltale.proxy;

import dev.telltale.http1.RequestHeadCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The traceparent rules of W3C Trace Context: what is continued, what starts a new trace. */
class TraceContextTest {

    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String PARENT = "00f067aa0ba902b7";

    @Test
    void aWellFormedTraceparentIsContinuedWithANewSpanOfTheProxys() {
        TraceContext trace = TraceContext.continued("00-" + TRACE + "-" + PARENT + "-01");
        assertThat(trace.traceId()).isEqualTo(TRACE);
        assertThat(trace.parentSpanId()).isEqualTo(PARENT);
        assertThat(trace.spanId()).hasSize(16).matches("[0-9a-f]{16}").isNotEqualTo(PARENT);
        assertThat(trace.sampled()).isTrue();
        assertThat(trace.traceparent()).isEqualTo("00-" + TRACE + "-" + trace.spanId() + "-01");
    }

    @Test
    void theSampledFlagIsKeptAndOtherFlagsAreNotPropagated() {
        assertThat(TraceContext.continued("00-" + TRACE + "-" + PARENT + "-00").traceparent()).endsWith("-00");
        assertThat(TraceContext.continued("00-" + TRACE + "-" + PARENT + "-03").traceparent()).endsWith("-01");
        assertThat(TraceContext.continued("00-" + TRACE + "-" + PARENT + "-02").sampled()).isFalse();
    }

    @Test
    void aLaterVersionIsReadForItsFirstFields() {
        assertThat(TraceContext.continued("01-" + TRACE + "-" + PARENT + "-01").traceId()).isEqualTo(TRACE);
        assertThat(TraceContext.continued("01-" + TRACE + "-" + PARENT + "-01-what-comes-next").traceId())
                .isEqualTo(TRACE);
        // ... and what it sends on is version 00, the one the proxy speaks.
        assertThat(TraceContext.continued("01-" + TRACE + "-" + PARENT + "-01").traceparent()).startsWith("00-");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7",          // no flags
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0",        // short
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra", // version 00 has no more fields
        "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01x",      // a later version's next field needs a dash
        "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",       // version ff is invalid
        "0g-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",       // upper case
        "00-00000000000000000000000000000000-00f067aa0ba902b7-01",       // all-zero trace ID
        "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",       // all-zero parent ID
        "00_4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-zz",
        "00-4bf92f3577b34da6a3ce929d0e0e473-600f067aa0ba902b7-01",       // dashes in the wrong places
    })
    void aMalformedTraceparentIsNotContinued(String value) {
        assertThat(TraceContext.continued(value)).isNull();
    }

    @Test
    void aNewTraceHasRandomIdsAndIsSampled() {
        Set<String> traces = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            TraceContext trace = newTrace();
            assertThat(trace.traceId()).matches("[0-9a-f]{32}");
            assertThat(trace.spanId()).matches("[0-9a-f]{16}");
            assertThat(trace.continued()).isFalse();
            assertThat(trace.sampled()).isTrue();
            assertThat(TraceContext.continued(trace.traceparent())).as("what it sends is well formed").isNotNull();
            traces.add(trace.traceId());
        }
        assertThat(traces).hasSize(1000);
    }

    @Test
    void noTraceparentIsNotContinued() {
        assertThat(TraceContext.continued(null)).isNull();
    }

    private static TraceContext newTrace() {
        byte[] head = "GET / HTTP/1.1\r\nHost: a\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
        return TraceContext.of(RequestHeadCheck.check(head, head.length));
    }
}
