package dev.telltale.proxy;

import dev.telltale.accesslog.AccessLogEntry;
import dev.telltale.failure.ExchangeFailure;
import dev.telltale.testing.Ports;
import dev.telltale.testing.ProxyHarness;
import dev.telltale.testing.RawHttpClient;
import dev.telltale.testing.RecordingUpstream;
import dev.telltale.upstream.ExchangeListener;
import dev.telltale.upstream.Target;
import dev.telltale.upstream.Transport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** What a listener of every exchange hears, in order, of a request served, retried, or failed. */
@Tag("socket")
class ExchangeListenerTest {

    /** Writes each step down; one request at a time, so the steps of one exchange are not mixed with another's. */
    private static final class Steps implements ExchangeListener {
        private final List<String> heard = new ArrayList<>();
        private CountDownLatch ended = new CountDownLatch(1);

        private synchronized void add(String step) {
            heard.add(step);
        }

        List<String> awaitOne() throws InterruptedException {
            assertThat(ended.await(5, TimeUnit.SECONDS)).isTrue();
            List<String> steps;
            synchronized (this) {
                steps = List.copyOf(heard);
                heard.clear();
                ended = new CountDownLatch(1);
            }
            return steps;
        }

        @Override
        public void dnsResolved(Target target, InetSocketAddress address) {
            add("dns " + target);
        }

        @Override
        public void connected(Target target) {
            add("connected " + target);
        }

        @Override
        public void requestSent(Target target) {
            add("sent " + target);
        }

        @Override
        public void headReceived(Target target, int status) {
            add("head " + status);
        }

        @Override
        public void bodyEnded(Target target) {
            add("body ended");
        }

        @Override
        public void attemptFailed(Target target, ExchangeFailure failure) {
            add("failed " + target + " " + failure.failure().wireName());
        }

        @Override
        public void exchangeEnded(AccessLogEntry entry, ExchangeFailure failure) {
            add("ended " + entry.status() + (failure == null ? "" : " " + failure.failure().wireName()));
            ended.countDown();
        }
    }

    /** Throws at every step: a bug in one listener. */
    private static final class Broken implements ExchangeListener {
        @Override
        public void connected(Target target) {
            throw new IllegalStateException("broken listener");
        }

        @Override
        public void headReceived(Target target, int status) {
            throw new IllegalStateException("broken listener");
        }

        @Override
        public void attemptFailed(Target target, ExchangeFailure failure) {
            throw new IllegalStateException("broken listener");
        }

        @Override
        public void exchangeEnded(AccessLogEntry entry, ExchangeFailure failure) {
            throw new IllegalStateException("broken listener");
        }
    }

    @Test
    void aServedRequestIsHeardStepByStepAndABrokenListenerDoesNotBreakIt() throws Exception {
        Steps steps = new Steps();
        try (RecordingUpstream app = new RecordingUpstream("app");
             ProxyHarness proxy = ProxyHarness.simple(Transport.nio(), app.target());
             RawHttpClient client = proxy.client()) {
            proxy.server().listen(new Broken());
            proxy.server().listen(steps);

            assertThat(client.exchange("GET / HTTP/1.1\r\nHost: a\r\n\r\n").status()).isEqualTo(200);
            assertThat(steps.awaitOne()).containsExactly("dns " + app.target(), "connected " + app.target(),
                    "sent " + app.target(), "head 200", "body ended", "ended 200");

            // The pooled connection is reused: no connection steps this time.
            assertThat(client.exchange("GET / HTTP/1.1\r\nHost: a\r\n\r\n").status()).isEqualTo(200);
            assertThat(steps.awaitOne()).containsExactly("sent " + app.target(), "head 200", "body ended",
                    "ended 200");
        }
    }

    @Test
    void aRetriedRequestIsHeardAttemptByAttempt() throws Exception {
        String dead = "127.0.0.1:" + Ports.closed();
        Steps steps = new Steps();
        try (RecordingUpstream alive = new RecordingUpstream("alive");
             ProxyHarness proxy = ProxyHarness.simple(Transport.nio(), dead, alive.target())) {
            proxy.server().listen(steps);
            List<List<String>> heard = new ArrayList<>();
            // Round robin sends one of two requests to the dead target first.
            for (int i = 0; i < 2; i++) {
                try (RawHttpClient client = proxy.client()) {
                    assertThat(client.exchange("GET / HTTP/1.1\r\nHost: a\r\n\r\n").status()).isEqualTo(200);
                }
                heard.add(steps.awaitOne());
            }
            assertThat(heard).anySatisfy(one -> assertThat(one).containsExactly("dns " + dead,
                    "failed " + dead + " connection_refused", "dns " + alive.target(),
                    "connected " + alive.target(), "sent " + alive.target(), "head 200", "body ended", "ended 200"));
        }
    }

    @Test
    void aFailedRequestIsHeardWithEachFailureAndTheOneItEndedWith() throws Exception {
        String dead = "127.0.0.1:" + Ports.closed();
        String alsoDead = "127.0.0.1:" + Ports.closed();
        Steps steps = new Steps();
        try (ProxyHarness proxy = ProxyHarness.start(Transport.nio(), """
                upstreams:
                  app: { targets: ["%s", "%s"] }
                routes:
                  - { name: web, match: { path_prefix: / }, upstream: app, retry: { hold: 0 } }
                """.formatted(dead, alsoDead));
             RawHttpClient client = proxy.client()) {
            proxy.server().listen(new Broken());
            proxy.server().listen(steps);

            assertThat(client.exchange("GET / HTTP/1.1\r\nHost: a\r\n\r\n").status()).isEqualTo(502);
            List<String> heard = steps.awaitOne();
            assertThat(heard).hasSize(5).endsWith("ended 502 connection_refused");
            assertThat(heard.subList(0, 4)).containsAnyOf("dns " + dead, "dns " + alsoDead)
                    .contains("failed " + dead + " connection_refused", "failed " + alsoDead + " connection_refused");
            assertThat(heard.get(0)).startsWith("dns ");
            assertThat(heard.get(1)).startsWith("failed ");
            assertThat(heard.get(2)).startsWith("dns ");
            assertThat(heard.get(3)).startsWith("failed ");
            // The incident of a failure the client saw is kept, the broken listener notwithstanding.
            assertThat(proxy.incidents().recent(10)).singleElement().satisfies(incident -> assertThat(
                    incident.attempts()).extracting(attempt -> attempt.target())
                    .containsExactlyInAnyOrder(dead, alsoDead));
        }
    }
}
