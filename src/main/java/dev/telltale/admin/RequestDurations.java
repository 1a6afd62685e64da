package dev.telltale.admin;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * {@code telltale_request_duration_seconds{route,status,method,failure}}: each request's whole time
 * in the proxy, from its log line. The status is its class (2xx, 5xx) and the method one of the
 * standard ones or "other", so the series stay few whatever clients send; the buckets are fixed and
 * few, 5 ms to 30 s, rather than Micrometer's 70-odd percentile buckets per series.
 * Timers are found by route, failure and then an array index, so recording makes no key object.
 */
final class RequestDurations {

    static final String NAME = "telltale.request.duration";

    private static final Duration[] BUCKETS = {
            Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
            Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
            Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30)};
    private static final String[] METHODS = {"GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE",
            "PATCH", "other"};
    /** 1xx to 5xx, then "other" for a status outside them (none was sent). */
    private static final String[] STATUS_CLASSES = {"1xx", "2xx", "3xx", "4xx", "5xx", "other"};

    private final MeterRegistry registry;
    /** route, then failure class ("" for none), then status class and method. */
    private final Map<String, Map<String, AtomicReferenceArray<Timer>>> timers = new ConcurrentHashMap<>();

    RequestDurations(MeterRegistry registry) {
        this.registry = registry;
    }

    void record(String route, String failure, int status, String method, long durationMs) {
        AtomicReferenceArray<Timer> byStatusAndMethod = timers
                .computeIfAbsent(route, name -> new ConcurrentHashMap<>())
                .computeIfAbsent(failure, name -> new AtomicReferenceArray<>(STATUS_CLASSES.length * METHODS.length));
        int statusClass = statusClass(status);
        int methodIndex = methodIndex(method);
        int index = statusClass * METHODS.length + methodIndex;
        Timer timer = byStatusAndMethod.get(index);
        if (timer == null) {
            // Registering returns the one meter the registry holds for these tags, so a race makes no second series.
            timer = Timer.builder(NAME)
                    .description("the request's whole time in the proxy (duration_ms of its log line), by route,"
                            + " status class, method and failure class")
                    .tags("route", route, "failure", failure, "status", STATUS_CLASSES[statusClass],
                            "method", METHODS[methodIndex])
                    .serviceLevelObjectives(BUCKETS)
                    .register(registry);
            byStatusAndMethod.set(index, timer);
        }
        timer.record(durationMs, TimeUnit.MILLISECONDS);
    }

    private static int statusClass(int status) {
        return status >= 100 && status < 600 ? status / 100 - 1 : STATUS_CLASSES.length - 1;
    }

    /** A switch on the string compares its cached hash first: no allocation. */
    private static int methodIndex(String method) {
        if (method == null) {
            return METHODS.length - 1;
        }
        return switch (method) {
            case "GET" -> 0;
            case "HEAD" -> 1;
            case "POST" -> 2;
            case "PUT" -> 3;
            case "DELETE" -> 4;
            case "CONNECT" -> 5;
            case "OPTIONS" -> 6;
            case "TRACE" -> 7;
            case "PATCH" -> 8;
            default -> METHODS.length - 1;
        };
    }
}
