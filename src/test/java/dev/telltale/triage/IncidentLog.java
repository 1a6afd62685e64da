package dev.telltale.triage;

import dev.telltale.accesslog.AccessLogEncoder;
import dev.telltale.accesslog.AccessLogEntry;
import dev.telltale.accesslog.Origin;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * A generated incident, written with the proxy's own encoder: 1,000 healthy requests from 14:00:00
 * every 500 ms, 212 connection_refused from app:3000 between 14:02:11 and 14:03:40, 30
 * http_response_timeout on route api from 14:05:00 to 14:05:58, 5 client_closed, 2 health events,
 * 3 malformed lines and a blank one, all on 2026-11-23 (UTC).
 */
public final class IncidentLog {

    public static final Instant REFUSED_FROM = Instant.parse("2026-11-23T14:02:11Z");
    public static final Instant REFUSED_TO = Instant.parse("2026-11-23T14:03:40Z");
    public static final String[] MALFORMED = {
        "this is not json",
        "{\"ts\":\"yesterday\",\"status\":200}",
        "{\"ts\":\"2026-11-23T14:01:00.000Z\",\"request_id\":\"cut-off\",\"status\":",
    };
    public static final String HEALTH_DOWN = "{\"ts\":\"2026-11-23T14:02:09.500Z\",\"type\":\"health\",\"upstream\":\"app\","
            + "\"target\":\"app:3000\",\"from\":\"up\",\"to\":\"down\",\"failure\":\"connection_refused\","
            + "\"detail\":\"connect to app:3000 refused\"}";
    public static final String HEALTH_UP = "{\"ts\":\"2026-11-23T14:03:45.000Z\",\"type\":\"health\",\"upstream\":\"app\","
            + "\"target\":\"app:3000\",\"from\":\"down\",\"to\":\"up\",\"failure\":null,\"detail\":null}";

    private static final Instant START = Instant.parse("2026-11-23T14:00:00Z");
    private static final AccessLogEncoder ENCODER = new AccessLogEncoder();

    private IncidentLog() {
    }

    /** The whole log, one line per element, roughly in time order as a real log is. */
    public static List<String> lines() {
        List<Map.Entry<Instant, String>> timed = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            Instant at = START.plusMillis(500L * i);
            timed.add(Map.entry(at, ENCODER.encode(web(at, i).status(200).upstreamStatus(200)
                    .origin(Origin.UPSTREAM).build())));
        }
        long refusedSpan = Duration.between(REFUSED_FROM, REFUSED_TO).toMillis();
        for (int i = 0; i < 212; i++) {
            // Spread evenly so the first is exactly REFUSED_FROM and the last exactly REFUSED_TO.
            Instant at = REFUSED_FROM.plusMillis(refusedSpan * i / 211);
            timed.add(Map.entry(at, ENCODER.encode(web(at, 1000 + i).status(502).failure("connection_refused")
                    .failureDetail("connect to app:3000 refused").build())));
        }
        for (int i = 0; i < 30; i++) {
            Instant at = Instant.parse("2026-11-23T14:05:00Z").plusSeconds(2L * i);
            timed.add(Map.entry(at, ENCODER.encode(request(at, 2000 + i).route("api").upstream("billing")
                    .target("billing:8080").path("/api/invoices").status(504).failure("http_response_timeout")
                    .failureDetail("no response head within 5s (routes[api].timeouts.response_header)").build())));
        }
        for (int i = 0; i < 5; i++) {
            Instant at = Instant.parse("2026-11-23T14:06:10Z").plusSeconds(10L * i);
            timed.add(Map.entry(at, ENCODER.encode(web(at, 3000 + i).status(499).failure("client_closed")
                    .failureDetail("client closed the connection before the response").build())));
        }
        timed.add(Map.entry(Instant.parse("2026-11-23T14:02:09.500Z"), HEALTH_DOWN));
        timed.add(Map.entry(Instant.parse("2026-11-23T14:03:45Z"), HEALTH_UP));
        timed.sort(Map.Entry.comparingByKey(Comparator.naturalOrder()));
        List<String> lines = new ArrayList<>(timed.stream().map(Map.Entry::getValue).toList());
        lines.add(10, MALFORMED[0]);
        lines.add(600, MALFORMED[1]);
        lines.add(900, "");
        lines.add(MALFORMED[2]);
        return lines;
    }

    public static String text() {
        return String.join("\n", lines()) + "\n";
    }

    private static AccessLogEntry.Builder web(Instant at, int n) {
        return request(at, n).route("web").upstream("app").target("app:3000").path("/");
    }

    private static AccessLogEntry.Builder request(Instant at, int n) {
        return AccessLogEntry.builder().ts(at).requestId("req" + n).client("203.0.113.7").method("GET")
                .host("shop.example").attempts(1).durationMs(12).userAgent("curl/8.5.0");
    }
}
