package dev.telltale.accesslog;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AccessLogEntryTest {

    @Test
    void builderStartsAsAProxyOutcomeWithNothingMeasured() {
        AccessLogEntry entry = SampleEntries.minimal();

        assertThat(entry.origin()).isEqualTo(Origin.PROXY);
        assertThat(entry.retries()).isEmpty();
        assertThat(entry.upstreamStatus()).isNull();
        assertThat(entry.connectMs()).isNull();
        assertThat(entry.tlsMs()).isNull();
        assertThat(entry.ttfbMs()).isNull();
    }

    @Test
    void builderAccumulatesBytesAndRetries() {
        AccessLogEntry.Builder builder = AccessLogEntry.builder().ts(SampleEntries.TS)
                .addBytesIn(10).addBytesIn(5).addBytesOut(100).addBytesOut(1)
                .addRetry("10.0.0.1:80", "connection_refused");

        AccessLogEntry entry = builder.build();

        assertThat(entry.bytesIn()).isEqualTo(15);
        assertThat(entry.bytesOut()).isEqualTo(101);
        assertThat(entry.retries()).containsExactly(new RetryRecord("10.0.0.1:80", "connection_refused"));
    }

    @Test
    void builtEntryDoesNotChangeWhenTheBuilderGoesOn() {
        AccessLogEntry.Builder builder = AccessLogEntry.builder().ts(SampleEntries.TS).addBytesOut(10);
        AccessLogEntry first = builder.build();

        builder.addRetry("10.0.0.1:80", "connection_refused").status(502).addBytesOut(5);

        assertThat(first.retries()).isEmpty();
        assertThat(first.status()).isZero();
        assertThat(first.bytesOut()).isEqualTo(10);
        // The builder went on from what the first line held, into a line of its own.
        AccessLogEntry second = builder.build();
        assertThat(second).isNotSameAs(first);
        assertThat(second.status()).isEqualTo(502);
        assertThat(second.bytesOut()).isEqualTo(15);
        assertThat(second.retries()).extracting(RetryRecord::target).containsExactly("10.0.0.1:80");
        assertThat(second.ts()).isEqualTo(SampleEntries.TS);
    }

    @Test
    void retriesAreAnImmutableCopy() {
        List<RetryRecord> retries = new ArrayList<>(List.of(new RetryRecord("a:1", "connection_refused")));
        AccessLogEntry entry = new AccessLogEntry(SampleEntries.TS, null, null, null, null, null, null,
                null, null, 200, 200, Origin.UPSTREAM, null, null, 2, retries, 0, 0, null, null, null, 0, null);

        retries.clear();

        assertThat(entry.retries()).hasSize(1);
        assertThatThrownBy(() -> entry.retries().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void timestampAndOriginAreRequired() {
        assertThatThrownBy(() -> AccessLogEntry.builder().build()).hasMessageContaining("ts");
        assertThatThrownBy(() -> AccessLogEntry.builder().ts(SampleEntries.TS).origin(null).build())
                .hasMessageContaining("origin");
    }
}
