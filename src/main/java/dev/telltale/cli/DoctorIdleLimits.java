package dev.telltale.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.telltale.config.AdminConfig;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the running proxy has learnt of each target's idle limit, from its /status: only a proxy
 * that has served traffic can know it, so doctor asks rather than waits. Nothing when no proxy
 * answers on the config's admin listener.
 */
final class DoctorIdleLimits {

    private static final Duration TIMEOUT = Duration.ofSeconds(1);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The target's learnt limit, and how long its pooled connections idle because of it. */
    record Learnt(long idleCloseMs, long poolKeepsMs) {
    }

    private final Map<String, Optional<Learnt>> byTarget;

    private DoctorIdleLimits(Map<String, Optional<Learnt>> byTarget) {
        this.byTarget = byTarget;
    }

    static DoctorIdleLimits ask(AdminConfig admin) {
        URI status = HealthcheckCommand.healthz(admin).resolve("/status");
        Map<String, Optional<Learnt>> byTarget = new HashMap<>();
        try {
            HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
            HttpResponse<String> answer = client.send(HttpRequest.newBuilder(status).timeout(TIMEOUT)
                    .header("Accept", "application/json").header("User-Agent", "telltale-doctor").GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() == 200) {
                for (JsonNode upstream : JSON.readTree(answer.body()).path("upstreams")) {
                    for (JsonNode target : upstream.path("targets")) {
                        JsonNode learnt = target.path("idle_close_ms");
                        byTarget.put(key(upstream.path("name").asText(), target.path("target").asText()),
                                learnt.isNumber() ? Optional.of(new Learnt(learnt.asLong(),
                                        target.path("pool_keeps_ms").asLong())) : Optional.empty());
                    }
                }
            }
        } catch (IOException | IllegalArgumentException noProxyToAsk) {
            byTarget.clear(); // no proxy runs there, or it is not one: nothing to say
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new DoctorIdleLimits(byTarget);
    }

    /** The line for one target; empty when the running proxy does not serve it (or none runs). */
    Optional<String> line(String upstream, String target) {
        Optional<Learnt> known = byTarget.get(key(upstream, target));
        if (known == null) {
            return Optional.empty();
        }
        return Optional.of(known.map(l -> "the running proxy learnt that it closes connections idle for "
                        + l.idleCloseMs() + " ms without announcing it; pooled ones retire after " + l.poolKeepsMs()
                        + " ms (to state it: upstreams." + upstream + ".pool.idle_timeout: " + l.poolKeepsMs() + "ms)")
                .orElse("the running proxy has seen it close no idle connection unannounced"));
    }

    private static String key(String upstream, String target) {
        return upstream + " " + target;
    }
}
