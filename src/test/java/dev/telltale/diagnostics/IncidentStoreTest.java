package dev.telltale.diagnostics;

import dev.telltale.config.IncidentsConfig;
import dev.telltale.failure.Failure;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

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

    @Test
    void forgetsIncidentsOlderThanMaxAge() throws Exception {
        IncidentStore store = new IncidentStore(new IncidentsConfig(10, Duration.ofMillis(50)));
        store.record(withId("old"));
        Thread.sleep(150);
        assertThat(store.find("old")).isEmpty();
    }
}
