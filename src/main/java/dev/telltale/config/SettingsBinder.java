package dev.telltale.config;

import dev.telltale.failure.Failure;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Binds the {@code timeouts}, {@code limits} and {@code retry} sections, which appear in
 * {@code defaults} and again in each route. Every key not written falls back to the base
 * (the built-in defaults, or the file's {@code defaults} for a route), and each key written is
 * noted as {@code section.key} so a route can say which of its settings it set itself.
 */
final class SettingsBinder {

    static final List<String> SETTINGS_KEYS = List.of("timeouts", "limits", "retry");
    static final List<String> TIMEOUT_KEYS = List.of("connect", "tls_handshake", "response_header", "idle", "total");
    static final List<String> LIMIT_KEYS = List.of("max_response_header_bytes", "max_response_body_bytes");
    static final List<String> RETRY_KEYS = List.of("attempts", "on", "hold", "hold_max_requests", "hold_max_body");

    private static final ValueType<Failure> RETRYABLE = ValueType.oneOf(retryableByName());

    private SettingsBinder() {
    }

    static DefaultsConfig defaults(MapReader defaults) {
        Set<String> unused = new HashSet<>();
        DefaultsConfig builtIn = DefaultsConfig.DEFAULTS;
        return new DefaultsConfig(
                timeouts(defaults, builtIn.timeouts(), unused),
                limits(defaults, builtIn.limits(), unused),
                retry(defaults, builtIn.retry(), unused));
    }

    static TimeoutsConfig timeouts(MapReader owner, TimeoutsConfig base, Set<String> written) {
        MapReader m = section(owner, "timeouts", TIMEOUT_KEYS, written);
        return new TimeoutsConfig(
                m.value("connect", base.connect(), ValueType.DURATION),
                m.value("tls_handshake", base.tlsHandshake(), ValueType.DURATION),
                m.value("response_header", base.responseHeader(), ValueType.DURATION),
                m.value("idle", base.idle(), ValueType.DURATION),
                m.value("total", base.total(), ValueType.DURATION));
    }

    static LimitsConfig limits(MapReader owner, LimitsConfig base, Set<String> written) {
        MapReader m = section(owner, "limits", LIMIT_KEYS, written);
        return new LimitsConfig(
                m.value("max_response_header_bytes", base.maxResponseHeaderBytes(), ValueType.sizeFrom(1)),
                m.value("max_response_body_bytes", base.maxResponseBodyBytes(), ValueType.SIZE));
    }

    static RetryConfig retry(MapReader owner, RetryConfig base, Set<String> written) {
        MapReader m = section(owner, "retry", RETRY_KEYS, written);
        return new RetryConfig(
                m.value("attempts", base.attempts(), ValueType.integer(1, Integer.MAX_VALUE)),
                m.values("on", List.copyOf(base.on()), RETRYABLE),
                m.value("hold", base.hold(), ValueType.DURATION),
                m.value("hold_max_requests", base.holdMaxRequests(), ValueType.integer(1, Integer.MAX_VALUE)),
                m.value("hold_max_body", base.holdMaxBodyBytes(), ValueType.SIZE));
    }

    private static MapReader section(MapReader owner, String name, List<String> keys, Set<String> written) {
        MapReader section = owner.section(name, keys);
        section.keysWritten().forEach(key -> written.add(name + "." + key));
        return section;
    }

    /** The failures {@code retry.on} may list, by their names, in name order for the error message. */
    private static Map<String, Failure> retryableByName() {
        Map<String, Failure> byName = new TreeMap<>();
        for (Failure failure : Failure.values()) {
            if (failure.retryable()) {
                byName.put(failure.wireName(), failure);
            }
        }
        return byName;
    }
}
