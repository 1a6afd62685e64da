package dev.telltale.proxy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.telltale.testing.DelayingRelay;
import dev.telltale.testing.ProxyHarness;
import dev.telltale.testing.RawHttpClient;
import dev.telltale.testing.ScriptedUpstream;
import dev.telltale.upstream.Target;
import dev.telltale.upstream.Transport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The keep-alive race: an app that closes a connection once it idled {@value #IDLE_MS} ms and
 * announces nothing, {@value #DELAY_MS} ms away from the proxy, and one client sending POSTs
 * whose idle gaps straddle that limit. Before the proxy has seen the limit, a POST can arrive
 * just after the app closed: it is not sent again (it may have been acted on), so that costs a
 * 502. The first close the proxy sees while a connection idles teaches it the limit, and from
 * then on no pooled connection is used near it. A POST with an {@code Idempotency-Key} is safe
 * from the first. The three runs go side by side, each with its own app and proxy, to keep the
 * suite short.
 */
@Tag("process")
class KeepAliveRaceTest {

    static final int IDLE_MS = 300;
    static final int DELAY_MS = 3;
    private static final int POSTS = 80;

    private final ListAppender<ILoggingEvent> warnings = new ListAppender<>();
    private final Logger pool = (Logger) LoggerFactory.getLogger("telltale.pool");
    private Process python;

    @BeforeEach
    void listen() {
        warnings.start();
        pool.addAppender(warnings);
    }

    @AfterEach
    void stop() {
        pool.detachAppender(warnings);
        if (python != null) {
            python.destroyForcibly();
        }
    }

    @Test
    void onceTheSilentIdleCloseIsLearntNoPostLosesTheRaceAndAKeyedOneNeverDoes() throws Exception {
        try (ScriptedUpstream scripted = idleClosingApp(); ScriptedUpstream keyedApp = idleClosingApp()) {
            int pythonPort = startPython();
            CompletableFuture<Run> plain = CompletableFuture.supplyAsync(() -> race(scripted.port(), false));
            CompletableFuture<Run> keyed = CompletableFuture.supplyAsync(() -> race(keyedApp.port(), true));
            CompletableFuture<Run> real = CompletableFuture.supplyAsync(() -> race(pythonPort, false));

            Run withoutKey = plain.get(2, TimeUnit.MINUTES);
            Run withKey = keyed.get(2, TimeUnit.MINUTES);
            Run pythonApp = real.get(2, TimeUnit.MINUTES);
            System.out.printf("keep-alive race, %d POSTs each: scripted app %s, with Idempotency-Key %s,"
                    + " Python http.server %s%n", POSTS, withoutKey, withKey, pythonApp);

            for (Run run : List.of(withoutKey, pythonApp)) {
                assertThat(run.outcomes.getOrDefault("200", 0)).as("the first close may cost one").isGreaterThanOrEqualTo(POSTS - 1);
                assertThat(run.outcomes.keySet()).allMatch(k -> k.equals("200") || k.equals("502 stale_connection"));
                assertThat(run.racesAfterLearning).as("502s after the limit was learnt").isZero();
                // Measured from the proxy's side: from its own release of the connection to the close reaching it.
                assertThat(run.learntMs).as("the learnt limit").isBetween((long) IDLE_MS - 25, (long) IDLE_MS + 50);
            }
            assertThat(withKey.outcomes).as("a keyed POST is sent again after a lost race").containsOnlyKeys("200");
            assertThat(warnings.list).extracting(ILoggingEvent::getFormattedMessage)
                    .anyMatch(m -> m.matches("upstream app: target 127\\.0\\.0\\.1:\\d+ closes connections idle for "
                            + "0\\.[23]\\d s without announcing it .*; pooled connections to it now retire after \\d+ ms\\. "
                            + "To state it: upstreams\\.app\\.pool\\.idle_timeout: \\d+ms"));
        }
    }

    /** What one run's POSTs got, as "status [failure]" counts; which 502s came after the limit was learnt. */
    record Run(Map<String, Integer> outcomes, int racesAfterLearning, long learntMs) {
        @Override
        public String toString() {
            return outcomes + (learntMs < 0 ? ", nothing learnt" : ", learnt " + learntMs + " ms");
        }
    }

    private static Run race(int appPort, boolean idempotencyKey) {
        try (DelayingRelay relay = new DelayingRelay(appPort, DELAY_MS);
             ProxyHarness proxy = ProxyHarness.start(Transport.best(), """
                     upstreams:
                       app: { targets: ["%s"] }
                     routes:
                       - { name: web, match: { path_prefix: / }, upstream: app, retry: { hold: 0 } }
                     """.formatted(relay.target()))) {
            Target target = proxy.server().runtime().upstreams().get("app").targets().get(0);
            Map<String, Integer> outcomes = new TreeMap<>();
            int racesAfterLearning = 0;
            RawHttpClient client = proxy.client();
            try {
                for (int i = 0; i < POSTS; i++) {
                    // The app's idle clock starts as it answers: the gap it sees is this sleep plus the
                    // round trip, so gaps of IDLE-25 to IDLE+10 ms put many arrivals right at its limit.
                    Thread.sleep(IDLE_MS - 25 + (i * 7) % 36);
                    boolean learnt = target.idleCloses().limitNanos(System.nanoTime()) != Long.MAX_VALUE;
                    String body = "order=" + i;
                    RawHttpClient.RawResponse response = client.exchange("POST /order HTTP/1.1\r\nHost: a\r\n"
                            + (idempotencyKey ? "Idempotency-Key: \"k" + i + "\"\r\n" : "")
                            + "Content-Length: " + body.length() + "\r\n\r\n" + body);
                    String key = Integer.toString(response.status());
                    if (response.status() != 200) {
                        String status = response.header("Proxy-Status");
                        key += status != null && status.contains("error=") ? " "
                                + status.replaceAll(".*error=([a-z_]+).*", "$1") : "";
                        racesAfterLearning += learnt ? 1 : 0;
                        if ("close".equalsIgnoreCase(response.header("Connection"))) {
                            client.close();
                            client = proxy.client();
                        }
                    } else {
                        assertThat(response.bodyText()).isEqualTo(body);
                    }
                    outcomes.merge(key, 1, Integer::sum);
                }
            } finally {
                client.close();
            }
            long limit = target.idleCloses().limitNanos(System.nanoTime());
            return new Run(outcomes, racesAfterLearning, limit == Long.MAX_VALUE ? -1 : limit / 1_000_000);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Answers each POST with its body; closes a connection, silently, once it idled IDLE_MS after
     * an answer (the first request may take its time: a busy test machine is no idle connection).
     */
    private static ScriptedUpstream idleClosingApp() throws Exception {
        return new ScriptedUpstream(connection -> {
            try {
                String head;
                while ((head = connection.readHead()) != null) {
                    int length = 0;
                    for (String line : head.split("\r\n")) {
                        if (line.regionMatches(true, 0, "content-length:", 0, 15)) {
                            length = Integer.parseInt(line.substring(15).trim());
                        }
                    }
                    String body = new String(connection.readExactly(length), StandardCharsets.ISO_8859_1);
                    connection.respondOk(body);
                    connection.readTimeout(IDLE_MS);
                }
            } catch (SocketTimeoutException idle) {
                connection.close();
            }
        });
    }

    private int startPython() throws Exception {
        Path script = Path.of("src/test/resources/dev/telltale/proxy/idle_closing_app.py");
        python = new ProcessBuilder("python3", script.toString(), Double.toString(IDLE_MS / 1000.0))
                .redirectErrorStream(true).start();
        String first = new BufferedReader(new InputStreamReader(python.getInputStream(), StandardCharsets.UTF_8))
                .readLine();
        assertThat(first).as("the Python app starts").startsWith("listening ");
        return Integer.parseInt(first.substring("listening ".length()).trim());
    }
}
