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

    @Test
    void isBoundedByCount() {
        IncidentStore store = new IncidentStore(new IncidentsConfig(5, Duration.ofHours(1)));
        for (int i = 0; i < 200; i++) {
            store.record(withId("id" + i));
        }
        store.cleanUp();
        assertThat(store.size()).isLessThanOrEqualTo(5);
    }

    /** In a storm the newest incidents are the ones users report; a full store forgets the oldest. */
    @Test
    void whenFullTheOldestGoFirstAndRecentListsNewestFirst() {
        IncidentStore store = new IncidentStore(new IncidentsConfig(100, Duration.ofHours(1)));
        for (int i = 0; i < 250; i++) {
            store.record(withId("id" + i));
        }
        store.cleanUp();

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
        store.cleanUp();

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
