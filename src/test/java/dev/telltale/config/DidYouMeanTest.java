package dev.telltale.config;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DidYouMeanTest {

    private static final List<String> TIMEOUTS = List.of("connect", "tls_handshake", "response_header", "idle", "total");

    @Test
    void suggestsTheClosestKnownName() {
        assertThat(DidYouMean.closest("conect", TIMEOUTS)).contains("connect");
        assertThat(DidYouMean.closest("respones_header", TIMEOUTS)).contains("response_header");
        assertThat(DidYouMean.closest("tls-handshake", TIMEOUTS)).contains("tls_handshake");
        assertThat(DidYouMean.closest("health", List.of("targets", "health_check"))).contains("health_check");
    }

    @Test
    void staysQuietWhenNothingIsClose() {
        assertThat(DidYouMean.closest("port", List.of("path", "interval"))).isEmpty();
        assertThat(DidYouMean.closest("banana", TIMEOUTS)).isEmpty();
        assertThat(DidYouMean.hint("banana", TIMEOUTS)).isEmpty();
    }

    @Test
    void countsASwapOfNeighboursAsOneEdit() {
        assertThat(DidYouMean.distance("tiemouts", "timeouts")).isEqualTo(1);
        assertThat(DidYouMean.distance("kitten", "sitting")).isEqualTo(3);
    }
}
