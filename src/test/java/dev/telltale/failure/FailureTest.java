package dev.telltale.failure;

import dev.telltale.config.RetryConfig;
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
    void retryableNamesInTheConfigAreRealFailureNames() {
        assertThat(RetryConfig.RETRYABLE).allSatisfy(name ->
                assertThat(Arrays.stream(Failure.values()).map(Failure::wireName)).contains(name));
    }
}
