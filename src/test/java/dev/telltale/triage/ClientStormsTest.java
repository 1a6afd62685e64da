package dev.telltale.triage;

import dev.telltale.accesslog.AccessLogEncoder;
import dev.telltale.accesslog.AccessLogEntry;
import dev.telltale.accesslog.Origin;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Client-side storms in generated logs written with the proxy's own encoder: a scanner's flood
 * from one address is named beside an upstream verdict; the same count spread over many
 * addresses, or too few requests, is no storm.
 */
class ClientStormsTest {

    private static final Instant START = Instant.parse("2026-12-07T10:00:00Z");
    private static final AccessLogEncoder ENCODER = new AccessLogEncoder();

    private static String line(Instant at, String client, int status, String failure) {
        AccessLogEntry.Builder entry = AccessLogEntry.builder().ts(at).requestId("r" + at.toEpochMilli() + client)
                .client(client).method("GET").host("a").path("/").protocol("HTTP/1.1").status(status);
        if (failure == null) {
            entry.route("web").upstream("app").target("app:3000").upstreamStatus(status).origin(Origin.UPSTREAM);
        } else {
            entry.origin(Origin.PROXY).failure(failure).failureDetail("detail");
        }
        return ENCODER.encode(entry.build());
    }

    private static Summary triage(List<String> lines) throws IOException {
        return Triage.read(new StringReader(String.join("\n", lines)));
    }

    @Test
    void aScannersFloodFromOneAddressIsNamedBesideTheUpstreamVerdict() throws IOException {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            lines.add(line(START.plusMillis(100L * i), "10.0.0.5", 200, null));
        }
        // 3,530 malformed requests in 14 s from one address, and one stale upstream connection.
        for (int i = 0; i < 3530; i++) {
            lines.add(line(START.plusSeconds(2).plusMillis(14_000L * i / 3529), "127.0.0.1", 400, "http_request_error"));
        }
        lines.add(ENCODER.encode(AccessLogEntry.builder().ts(START.plusSeconds(5)).requestId("stale").client("10.0.0.5")
                .method("POST").host("a").path("/").protocol("HTTP/1.1").route("web").upstream("app")
                .target("app:3000").status(502).origin(Origin.PROXY).failure("stale_connection")
                .failureDetail("the pooled connection was closed").build()));
        Summary summary = triage(lines);

        assertThat(summary.verdict().failure()).isEqualTo("stale_connection");
        assertThat(summary.clientStorms()).singleElement().satisfies(storm -> {
            assertThat(storm.kind()).isEqualTo(ClientStorm.Kind.MALFORMED);
            assertThat(storm.requests()).isEqualTo(3530);
            assertThat(storm.addresses()).containsExactly(new ClientStorm.Source("127.0.0.1", 3530));
            assertThat(storm.otherRequests()).isZero();
        });
        StringWriter text = new StringWriter();
        SummaryText.print(summary, new PrintWriter(text));
        assertThat(text.toString()).contains("Most likely failing layer: keep-alive mismatch")
                .contains("Client-side storms (the clients' doing, beside the verdict above)\n"
                        + "  3530 malformed requests from 127.0.0.1 in 14 s (10:00:02 to 10:00:16): a scanner or a"
                        + " broken client\n");
        StringWriter json = new StringWriter();
        SummaryJson.write(summary, json);
        assertThat(json.toString()).contains("\"kind\" : \"malformed\"").contains("\"client\" : \"127.0.0.1\"")
                .contains("\"requests\" : 3530").contains("\"first_seen\" : \"2026-12-07T10:00:02.000Z\"");
    }

    @Test
    void fewAddressesAreListedWithTheirShareAndTheRestCounted() throws IOException {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            lines.add(line(START.plusMillis(50L * i), i % 3 == 0 ? "192.0.2.9" : "192.0.2.8", 431,
                    "http_request_header_section_size"));
        }
        for (int i = 0; i < 10; i++) {
            lines.add(line(START.plusSeconds(8), "198.51.100." + i, 414, "http_request_target_size"));
        }
        ClientStorm storm = triage(lines).clientStorms().get(0);
        assertThat(storm.kind()).isEqualTo(ClientStorm.Kind.OVERSIZED);
        assertThat(storm.addresses()).extracting(ClientStorm.Source::client)
                .containsExactly("192.0.2.8", "192.0.2.9", "198.51.100.0");
        assertThat(ClientStorms.sentence(storm, UtcTimes.of(false))).isEqualTo("130 oversized requests (head, target or"
                + " body over the listener's limits) from 192.0.2.8 (80), 192.0.2.9 (40), 198.51.100.0 (1) and 9 from 9"
                + " other addresses in 8 s (10:00:00 to 10:00:08): a client sending more than the limits allow, or a"
                + " scanner probing them");
    }

    @Test
    void manyAddressesOrFewRequestsAreNoStorm() throws IOException {
        List<String> spread = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            spread.add(line(START.plusMillis(10L * i), "10.1." + i / 250 + "." + i % 250, 408, "http_request_timeout"));
        }
        assertThat(triage(spread).clientStorms()).isEmpty();

        List<String> few = new ArrayList<>();
        for (int i = 0; i < ClientStorms.MIN_REQUESTS - 1; i++) {
            few.add(line(START.plusMillis(10L * i), "10.2.0.1", 408, "http_request_timeout"));
        }
        assertThat(triage(few).clientStorms()).isEmpty();
        few.add(line(START.plusSeconds(3), "10.2.0.1", 408, "http_request_timeout"));
        assertThat(triage(few).clientStorms()).extracting(ClientStorm::kind).containsExactly(ClientStorm.Kind.SLOW);
    }
}
