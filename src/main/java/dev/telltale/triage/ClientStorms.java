package dev.telltale.triage;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts client-side failures by kind and by client address, and names a storm where one kind
 * is many requests from few addresses. Memory is bounded: past {@link #MAX_ADDRESSES} addresses
 * per kind, new ones are counted together (a scan from a whole network is no "few addresses").
 */
final class ClientStorms {

    /** Fewer requests of a kind than this are a few bad requests, not a storm. */
    static final long MIN_REQUESTS = 50;
    /** At most this many addresses may send a storm... */
    static final int MAX_SOURCES = 3;
    /** ...and they must have sent at least this share of its requests. */
    static final double SOURCES_SHARE = 0.8;
    static final int MAX_ADDRESSES = 10_000;

    private final Map<ClientStorm.Kind, ByKind> kinds = new EnumMap<>(ClientStorm.Kind.class);

    private static final class ByKind {
        final Span span = new Span();
        final Map<String, long[]> byAddress = new HashMap<>();
        long unplaced;
    }

    void request(LogLine.Request request) {
        ClientStorm.Kind kind = ClientStorm.Kind.of(request.failure());
        if (kind == null) {
            return;
        }
        ByKind counts = kinds.computeIfAbsent(kind, k -> new ByKind());
        counts.span.add(request.ts());
        String client = request.client() == null ? "unknown" : request.client();
        long[] n = counts.byAddress.get(client);
        if (n != null) {
            n[0]++;
        } else if (counts.byAddress.size() < MAX_ADDRESSES) {
            counts.byAddress.put(client, new long[] {1});
        } else {
            counts.unplaced++;
        }
    }

    /** The storms, biggest first. */
    List<ClientStorm> storms() {
        List<ClientStorm> storms = new ArrayList<>();
        kinds.forEach((kind, counts) -> {
            if (counts.span.count() < MIN_REQUESTS) {
                return;
            }
            List<ClientStorm.Source> sources = new ArrayList<>();
            counts.byAddress.forEach((client, n) -> sources.add(new ClientStorm.Source(client, n[0])));
            sources.sort((a, b) -> a.requests() != b.requests() ? Long.compare(b.requests(), a.requests())
                    : a.client().compareTo(b.client()));
            List<ClientStorm.Source> top = sources.subList(0, Math.min(MAX_SOURCES, sources.size()));
            long fromTop = top.stream().mapToLong(ClientStorm.Source::requests).sum();
            if (fromTop < SOURCES_SHARE * counts.span.count()) {
                return;
            }
            long otherAddresses = sources.size() - top.size() + (counts.unplaced > 0 ? 1 : 0);
            storms.add(new ClientStorm(kind, counts.span.count(), counts.span.first(), counts.span.last(),
                    List.copyOf(top), otherAddresses, counts.span.count() - fromTop));
        });
        storms.sort((a, b) -> Long.compare(b.requests(), a.requests()));
        return storms;
    }

    /** "3530 malformed requests from 127.0.0.1 in 14 s": the storm in one line, with what it usually is. */
    static String sentence(ClientStorm storm, UtcTimes times) {
        StringBuilder from = new StringBuilder();
        for (ClientStorm.Source source : storm.addresses()) {
            from.append(from.isEmpty() ? "" : ", ").append(source.client());
            if (storm.addresses().size() > 1 || storm.otherRequests() > 0) {
                from.append(" (").append(source.requests()).append(')');
            }
        }
        if (storm.otherRequests() > 0) {
            from.append(" and ").append(storm.otherRequests()).append(" from ").append(storm.otherAddresses())
                    .append(storm.otherAddresses() == 1 ? " other address" : " other addresses");
        }
        long seconds = Math.max(1, Duration.between(storm.first(), storm.last()).toSeconds());
        return storm.requests() + " " + storm.kind().what() + " from " + from + " in " + seconds + " s ("
                + times.time(storm.first()) + " to " + times.time(storm.last()) + "): " + storm.kind().meaning();
    }
}
