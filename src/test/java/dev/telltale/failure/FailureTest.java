package dev.telltale.failure;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class FailureTest {

    @Test
    void everyFailureClassOfTheContractHasItsNameAndStatus() {
        Map<String, Integer> contract = Map.ofEntries(
                Map.entry("dns_error", 502), Map.entry("dns_timeout", 504),
                Map.entry("connection_refused", 502), Map.entry("connection_timeout", 504),
                Map.entry("destination_ip_unroutable", 502), Map.entry("destination_unavailable", 503),
                Map.entry("connection_limit_reached", 503), Map.entry("tls_protocol_error", 502),
                Map.entry("tls_certificate_error", 502), Map.entry("tls_alert_received", 502),
                Map.entry("connection_terminated", 502), Map.entry("http_response_incomplete", 502),
                Map.entry("http_protocol_error", 502), Map.entry("http_response_transfer_coding", 502),
                Map.entry("http_response_header_section_size", 502), Map.entry("http_response_body_size", 502),
                Map.entry("http_response_timeout", 504), Map.entry("connection_read_timeout", 504),
                Map.entry("connection_write_timeout", 504), Map.entry("stale_connection", 502),
                Map.entry("destination_not_found", 404), Map.entry("proxy_internal_error", 500),
                Map.entry("http_request_error", 400), Map.entry("client_closed", 499));
        contract.forEach((name, status) -> {
            Failure failure = Failure.valueOf(name.toUpperCase(java.util.Locale.ROOT));
            assertThat(failure.wireName()).isEqualTo(name);
            assertThat(failure.status()).as(name).isEqualTo(status);
        });
    }

    @Test
    void whatMayBeDoneAboutEachFailureIsOneTable() {
        // Retried only where no request byte reached the app, or after the keep-alive race.
        assertThat(Arrays.stream(Failure.values()).filter(Failure::retryable)).containsExactlyInAnyOrder(
                Failure.CONNECTION_REFUSED, Failure.CONNECTION_TIMEOUT, Failure.DNS_ERROR, Failure.DNS_TIMEOUT,
                Failure.DESTINATION_IP_UNROUTABLE, Failure.STALE_CONNECTION, Failure.CONNECTION_LIMIT_REACHED);
        assertThat(Arrays.stream(Failure.values()).filter(Failure::retriedByDefault)).containsExactlyInAnyOrder(
                Failure.CONNECTION_REFUSED, Failure.CONNECTION_TIMEOUT, Failure.DNS_ERROR, Failure.STALE_CONNECTION);
        // Held only while the app is not there: a failure that reached it is never held.
        assertThat(Arrays.stream(Failure.values()).filter(Failure::holdable)).containsExactlyInAnyOrder(
                Failure.CONNECTION_REFUSED, Failure.CONNECTION_TIMEOUT, Failure.DNS_ERROR, Failure.DNS_TIMEOUT,
                Failure.DESTINATION_UNAVAILABLE);
        assertThat(Arrays.stream(Failure.values()).filter(Failure::isTransient)).containsExactlyInAnyOrder(
                Failure.CONNECTION_REFUSED, Failure.DESTINATION_UNAVAILABLE, Failure.STALE_CONNECTION,
                Failure.CONNECTION_LIMIT_REACHED, Failure.CLIENT_CONNECTION_LIMIT_REACHED);
        // Passive health counts the upstream's own failures, not the proxy's limits or the race.
        assertThat(Arrays.stream(Failure.values()).filter(f -> f.side() == Failure.Side.UPSTREAM)
                .filter(f -> !f.countsAgainstTarget())).containsExactlyInAnyOrder(
                Failure.DESTINATION_UNAVAILABLE, Failure.CONNECTION_LIMIT_REACHED, Failure.STALE_CONNECTION);
        assertThat(Arrays.stream(Failure.values()).filter(f -> f.side() != Failure.Side.UPSTREAM))
                .noneMatch(Failure::countsAgainstTarget);
    }
}
