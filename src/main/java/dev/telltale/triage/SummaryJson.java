package dev.telltale.triage;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/**
 * The summary for scripts: one JSON object, field names in the access log's snake_case, times in
 * its ISO-8601 UTC format, every field present (null when unknown).
 */
public final class SummaryJson {

    private static final JsonFactory JSON = new JsonFactory();

    private SummaryJson() {
    }

    /** Writes the object and a newline; {@code out} is flushed, not closed. */
    public static void write(Summary s, Writer out) throws IOException {
        try (JsonGenerator g = JSON.createGenerator(out).disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeNumberField("lines", s.lines());
            g.writeNumberField("skipped_malformed", s.malformed());
            g.writeNumberField("requests", s.requests());
            time(g, "first_request", s.firstRequest());
            time(g, "last_request", s.lastRequest());
            g.writeNumberField("failed", s.failed());
            g.writeObjectFieldStart("failed_by_side");
            g.writeNumberField("upstream", s.upstreamFailed());
            g.writeNumberField("proxy", s.proxyFailed());
            g.writeNumberField("client", s.clientFailed());
            g.writeNumberField("unknown", s.unknownFailed());
            g.writeEndObject();
            g.writeNumberField("other_events", s.otherEvents());
            verdict(g, s.verdict());
            storms(g, s);
            g.writeArrayFieldStart("failures");
            for (FailureGroup f : s.groups()) {
                failure(g, f);
            }
            g.writeEndArray();
            g.writeArrayFieldStart("timeline");
            for (Minute m : s.timeline()) {
                minute(g, m);
            }
            g.writeEndArray();
            health(g, s);
            containers(g, s);
            g.writeEndObject();
        }
        out.write(System.lineSeparator());
        out.flush();
    }

    private static void storms(JsonGenerator g, Summary s) throws IOException {
        g.writeArrayFieldStart("client_storms");
        for (ClientStorm storm : s.clientStorms()) {
            g.writeStartObject();
            g.writeStringField("kind", storm.kind().wireName());
            g.writeNumberField("requests", storm.requests());
            time(g, "first_seen", storm.first());
            time(g, "last_seen", storm.last());
            g.writeArrayFieldStart("addresses");
            for (ClientStorm.Source source : storm.addresses()) {
                g.writeStartObject();
                g.writeStringField("client", source.client());
                g.writeNumberField("requests", source.requests());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeNumberField("other_addresses", storm.otherAddresses());
            g.writeNumberField("other_requests", storm.otherRequests());
            g.writeStringField("meaning", storm.kind().meaning());
            g.writeStringField("sentence", ClientStorms.sentence(storm, s.times()));
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static void verdict(JsonGenerator g, Verdict v) throws IOException {
        g.writeObjectFieldStart("verdict");
        g.writeStringField("layer", v.layer().name().toLowerCase(Locale.ROOT));
        g.writeStringField("layer_text", v.layer().words());
        g.writeStringField("failure", v.failure());
        g.writeStringField("subject", v.subject());
        g.writeNumberField("count", v.count());
        time(g, "first_seen", v.first());
        time(g, "last_seen", v.last());
        g.writeStringField("sentence", v.sentence());
        g.writeStringField("title", v.title());
        g.writeArrayFieldStart("next_checks");
        for (String check : v.nextChecks()) {
            g.writeString(check);
        }
        g.writeEndArray();
        g.writeStringField("container", v.container());
        g.writeEndObject();
    }

    private static void failure(JsonGenerator g, FailureGroup f) throws IOException {
        g.writeStartObject();
        g.writeStringField("failure", f.failure());
        if (f.failure() == null) {
            g.writeNumberField("status", f.status());
        } else {
            g.writeNullField("status");
        }
        g.writeStringField("side", f.side() == null ? null : f.side().name().toLowerCase(Locale.ROOT));
        g.writeStringField("route", f.route());
        g.writeStringField("upstream", f.upstream());
        g.writeStringField("target", f.target());
        g.writeNumberField("count", f.count());
        time(g, "first_seen", f.first());
        time(g, "last_seen", f.last());
        g.writeEndObject();
    }

    private static void minute(JsonGenerator g, Minute m) throws IOException {
        g.writeStartObject();
        time(g, "minute", m.start());
        g.writeNumberField("requests", m.requests());
        g.writeNumberField("failed", m.failed());
        g.writeObjectFieldStart("by_failure");
        for (Map.Entry<String, Long> e : m.byClass().entrySet()) {
            g.writeNumberField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
        g.writeEndObject();
    }

    private static void health(JsonGenerator g, Summary s) throws IOException {
        g.writeObjectFieldStart("health");
        g.writeNumberField("events", s.healthEvents());
        g.writeArrayFieldStart("transitions");
        for (LogLine.Health h : s.transitions()) {
            g.writeStartObject();
            time(g, "ts", h.ts());
            g.writeStringField("upstream", h.upstream());
            g.writeStringField("target", h.target());
            g.writeStringField("from", h.from());
            g.writeStringField("to", h.to());
            g.writeStringField("failure", h.failure());
            g.writeStringField("detail", h.detail());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void containers(JsonGenerator g, Summary s) throws IOException {
        g.writeNumberField("container_events", s.containerEvents());
        g.writeArrayFieldStart("containers");
        for (ContainerTimeline c : s.containers()) {
            g.writeStartObject();
            g.writeStringField("container", c.name());
            g.writeStringField("service", c.service());
            count(g, "events", c.events());
            count(g, "oom_kills", c.oomKills());
            count(g, "exits", c.dies());
            g.writeObjectFieldStart("exit_codes");
            for (Map.Entry<Integer, Long> e : c.exitCodes().entrySet()) {
                // An exit logged without a code is counted under "unknown".
                g.writeNumberField(e.getKey() < 0 ? "unknown" : e.getKey().toString(), e.getValue());
            }
            g.writeEndObject();
            count(g, "restarts", c.restarts());
            count(g, "stops", c.stops());
            count(g, "health_changes", c.healthChanges());
            g.writeStringField("health", c.health());
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static void count(JsonGenerator g, String name, ContainerTimeline.Count count) throws IOException {
        g.writeObjectFieldStart(name);
        g.writeNumberField("count", count.count());
        time(g, "first", count.first());
        time(g, "last", count.last());
        g.writeEndObject();
    }

    private static void time(JsonGenerator g, String name, Instant at) throws IOException {
        g.writeStringField(name, UtcTimes.iso(at));
    }
}
