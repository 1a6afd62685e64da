package dev.telltale.diagnostics;

import dev.telltale.config.IncidentsConfig;
import dev.telltale.failure.Failure;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class IncidentStoreTest {

    private static ErrorReport withId(String id) {
        ErrorReport sample = SampleReports.report(Failure.CONNECTION_REFUSED);
        return new ErrorReport(sample.failure(), id, Instant.now(), sample.phase(), sample.detail(), sample.method(),
                sample.host(), sample.path(), sample.route(), sample.upstream(), sample.target(), sample.configKey(),
                sample.attempts(), sample.timings());
    }

    @Test
    void keepsIncidentsByRequestId() {
        IncidentStore store = new IncidentStore(new IncidentsConfig(10, Duration.ofHours(1)));
        store.record(withId("a1"));
        assertThat(store.find("a1")).hasValueSatisfying(r -> assertThat(r.requestId()).isEqualTo("a1"));
        assertThat(store.find("zz")).isEmpty();
    }

    /** A storm's incidents share what they have in common, and each is still read back exactly as recorded. */
    @Test
    void incidentsAlikeAreReadBackWhole() {
        IncidentStore store = new IncidentStore(new IncidentsConfig(10, Duration.ofHours(1)));
        ErrorReport first = withId("s1");
        ErrorReport second = new ErrorReport(first.failure(), "s2", first.timestamp().plusMillis(3), first.phase(),
                first.detail(), "POST", "other.example", "/elsewhere?q=1", first.route(), first.upstream(),
                first.target(), first.configKey(), first.attempts(), new ErrorReport.Timings(1L, null, null, 7L, null));
        ErrorReport otherDetail = new ErrorReport(first.failure(), "s3", first.timestamp(), first.phase(),
                "a different detail", first.method(), first.host(), first.path(), first.route(), first.upstream(),
                first.target(), first.configKey(), first.attempts(), first.timings());
        assertThat(IncidentStore.sameShape(first, second)).isTrue();
        assertThat(IncidentStore.sameShape(first, otherDetail)).isFalse();

        store.record(first);
        store.record(second);
        store.record(otherDetail);

        assertThat(store.find("s1")).contains(first);
        assertThat(store.find("s2")).contains(second);
        assertThat(store.find("s3")).contains(otherDetail);
    }

    @Test
    void keepsAnIdTheProxyDidNotMakeAsItCame() {
        IncidentStore store = new IncidentStore(new IncidentsConfig(10, Duration.ofHours(1)));
        String fromClient = "Trace-ID:0001.abc_DEF-99999999999999999999";
        String twentyButNotBase32 = "ABCDEFGHIJKLMNOPQRST";
        store.record(withId(fromClient));
        store.record(withId(twentyButNotBase32));
        store.record(withId("0123456789abcdefghjk"));

        assertThat(store.find(fromClient)).hasValueSatisfying(r -> assertThat(r.requestId()).isEqualTo(fromClient));
        assertThat(store.find(twentyButNotBase32)).isPresent();
        assertThat(store.find("0123456789abcdefghjk")).isPresent();
        assertThat(store.find("0123456789abcdefghjm")).isEmpty();
    }

    @Test
    void isBoundedByCount() {
        IncidentStore store = new IncidentStore(new IncidentsConfig(5, Duration.ofHours(1)));
        for (int i = 0; i < 200; i++) {
            store.record(withId("id" + i));
        }
        assertThat(store.size()).isLessThanOrEqualTo(5);
    }

    /** In a storm the newest incidents are the ones users report; a full store forgets the oldest. */
    @Test
    void whenFullTheOldestGoFirstAndRecentListsNewestFirst() {
        IncidentStore store = new IncidentStore(new IncidentsConfig(100, Duration.ofHours(1)));
        for (int i = 0; i < 250; i++) {
            store.record(withId("id" + i));
        }

        assertThat(store.find("id249")).isPresent();
        assertThat(store.find("id150")).isPresent();
        assertThat(store.find("id149")).isEmpty();
        assertThat(store.size()).isEqualTo(100);
        assertThat(store.recent(3)).extracting(ErrorReport::requestId).containsExactly("id249", "id248", "id247");
        assertThat(store.recent(1000)).hasSize(100);
    }

    @Test
    void staysBoundedWhenManyThreadsRecord() throws Exception {
        IncidentStore store = new IncidentStore(new IncidentsConfig(100, Duration.ofHours(1)));
        Thread[] writers = new Thread[4];
        for (int w = 0; w < writers.length; w++) {
            int writer = w;
            writers[w] = new Thread(() -> {
                for (int i = 0; i < 5000; i++) {
                    store.record(withId("w" + writer + "-" + i));
                }
            });
            writers[w].start();
        }
        for (Thread writer : writers) {
            writer.join();
        }
        store.record(withId("last"));

        assertThat(store.size()).isEqualTo(100);
        assertThat(store.recent(1000)).hasSize(100).first().extracting(ErrorReport::requestId).isEqualTo("last");
    }

    @Test
    void forgetsIncidentsOlderThanMaxAge() {
        AtomicLong nanos = new AtomicLong();
        IncidentStore store = new IncidentStore(new IncidentsConfig(10, Duration.ofMillis(50)), nanos::get);
        store.record(withId("old"));
        nanos.addAndGet(Duration.ofMillis(49).toNanos());
        assertThat(store.find("old")).isPresent();
        nanos.addAndGet(Duration.ofMillis(2).toNanos());
        assertThat(store.find("old")).isEmpty();
    }
}
