package dev.telltale.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.telltale.config.AdminConfig;
import dev.telltale.testing.Ports;
import dev.telltale.testing.ProxyHarness;
import dev.telltale.testing.RawHttpClient;
import dev.telltale.testing.RawHttpClient.RawResponse;
import dev.telltale.upstream.Transport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;


import static org.assertj.core.api.Assertions.assertThat;

/** A safe page's request ID leads the operator to the whole story at GET /incidents/{id}. */
@Tag("socket")
class IncidentEndpointTest {

    @Test
    void incidentOfASafePageIsServedInFullByTheAdminListener() throws Exception {
        int closed = Ports.closed();
        try (ProxyHarness proxy = ProxyHarness.start(Transport.nio(), """
                upstreams:
                  app: { targets: ["127.0.0.2:%d"] }
                routes:
                  - { name: web, match: { path_prefix: / }, upstream: app, timeouts: { connect: 2s } }
                error_pages: { detail: safe, trusted_networks: [] }
                """.formatted(closed));
             AdminServer admin = AdminServer.start(new AdminConfig("127.0.0.1", 0), Transport.nio(),
                     proxy.incidents())) {
            String id;
            try (RawHttpClient client = proxy.client()) {
                RawResponse page = client.exchange("GET /checkout HTTP/1.1\r\nHost: shop.test\r\n\r\n");
                assertThat(page.bodyText()).doesNotContain("127.0.0.2");
                id = page.header("x-request-id");
            }

            try (RawHttpClient operator = new RawHttpClient(admin.port())) {
                RawResponse json = operator.exchange("GET /incidents/" + id + " HTTP/1.1\r\nHost: admin\r\n\r\n");
                assertThat(json.status()).isEqualTo(200);
                assertThat(json.header("content-type")).startsWith("application/problem+json");
                JsonNode incident = new ObjectMapper().readTree(json.bodyText());
                assertThat(incident.get("request_id").asText()).isEqualTo(id);
                assertThat(incident.get("failure").asText()).isEqualTo("connection_refused");
                assertThat(incident.get("target").asText()).isEqualTo("127.0.0.2:" + closed);
                assertThat(incident.get("route").asText()).isEqualTo("web");
                assertThat(incident.get("attempts")).hasSize(2);
                assertThat(incident.get("detail").asText()).contains("127.0.0.2:" + closed + " refused");

                RawResponse html = operator.exchange("GET /incidents/" + id + " HTTP/1.1\r\nHost: admin\r\n"
                        + "Accept: text/html\r\n\r\n");
                assertThat(html.header("content-type")).startsWith("text/html");
                assertThat(html.bodyText()).contains(id).contains("127.0.0.2:" + closed);

                RawResponse unknown = operator.exchange("GET /incidents/nope HTTP/1.1\r\nHost: admin\r\n\r\n");
                assertThat(unknown.status()).isEqualTo(404);
                assertThat(operator.exchange("GET /healthz HTTP/1.1\r\nHost: admin\r\n\r\n").status()).isEqualTo(200);
            }
        }
    }
}
