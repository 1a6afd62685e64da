package dev.telltale.docker;

import dev.telltale.container.ContainerEvent;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Lines of {@code GET /events} as recorded, read into {@link ContainerEvent}s. */
class EventLineTest {

    private static final Instant FALLBACK = Instant.parse("2030-01-01T00:00:00Z");

    @Test
    void theRecordedStreamKeepsLifecycleEventsAndDropsTheHealthChecksExecs() {
        List<ContainerEvent> events = Recorded.events().stream()
                .map(line -> EventLine.parse(Json.parse(line), FALLBACK)).filter(Objects::nonNull).toList();

        assertThat(events).extracting(ContainerEvent::action).containsExactly("health_status", "oom", "die", "kill",
                "die", "stop", "start", "restart", "destroy");
        ContainerEvent healthy = events.get(0);
        assertThat(healthy.health()).isEqualTo("healthy");
        assertThat(healthy.id()).isEqualTo(Recorded.APP);
        assertThat(healthy.name()).isEqualTo("shop-app-1");
        assertThat(healthy.service()).isEqualTo("app");
        assertThat(healthy.ts()).isEqualTo(Instant.parse("2026-12-04T11:59:00.191000123Z"));
        ContainerEvent died = events.get(2);
        assertThat(died.exitCode()).isEqualTo(137);
        assertThat(died.service()).isEqualTo("worker");
        assertThat(events.get(3).signal()).isEqualTo("15");
        assertThat(events.get(3).exitCode()).isNull();
    }

    @Test
    void onlyContainerEventsCountAndOldDaemonsStatusAndIdAreRead() {
        assertThat(EventLine.parse(Json.parse("{\"Type\":\"network\",\"Action\":\"connect\","
                + "\"Actor\":{\"ID\":\"n1\"}}"), FALLBACK)).isNull();
        ContainerEvent legacy = EventLine.parse(Json.parse("{\"status\":\"die\",\"id\":\"abc\",\"time\":1796385540}"),
                FALLBACK);
        assertThat(legacy.action()).isEqualTo("die");
        assertThat(legacy.id()).isEqualTo("abc");
        assertThat(legacy.exitCode()).isNull();
        assertThat(legacy.ts()).isEqualTo(Instant.ofEpochSecond(1796385540));
    }

    @Test
    void anEventWithoutATimeGetsTheFallback() {
        ContainerEvent event = EventLine.parse(Json.parse("{\"Type\":\"container\",\"Action\":\"pause\","
                + "\"Actor\":{\"ID\":\"abc\"}}"), FALLBACK);
        assertThat(event.ts()).isEqualTo(FALLBACK);
        assertThat(event.name()).isNull();
    }

    @Test
    void malformedEventsAreBadAnswers() {
        assertThatThrownBy(() -> EventLine.parse(Json.parse("[1,2]"), FALLBACK)).isInstanceOf(BadAnswer.class);
        assertThatThrownBy(() -> EventLine.parse(Json.parse("{\"Type\":\"container\",\"Actor\":{\"ID\":\"a\"}}"),
                FALLBACK)).hasMessage("an event without Action");
        assertThatThrownBy(() -> EventLine.parse(Json.parse("{\"Type\":\"container\",\"Action\":\"die\"}"), FALLBACK))
                .hasMessage("an event without Actor.ID");
        assertThatThrownBy(() -> EventLine.parse(Json.parse(Recorded.event("a", "x", "die", FALLBACK,
                "exitCode", "boom")), FALLBACK)).hasMessage("a die event with the exit code \"boom\"");
        assertThatThrownBy(() -> EventLine.parse(Json.parse(Recorded.event("a", "x", "health_status: sleepy",
                FALLBACK)), FALLBACK)).hasMessageContaining("sleepy");
        assertThatThrownBy(() -> EventLine.parse(Json.parse("{\"Type\":\"container\",\"Action\":\"die\","
                + "\"Actor\":{\"ID\":\"a\",\"Attributes\":[]}}"), FALLBACK)).hasMessageContaining("Attributes");
    }
}
