package dev.telltale.docker;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The endpoint as {@code runtime.docker.socket} normalises it, and the wait between reconnects. */
class EndpointTest {

    @Test
    void aSocketIsReachedAsHostDocker() {
        Endpoint socket = Endpoint.parse("unix:///var/run/docker.sock");

        assertThat(socket.unix()).isTrue();
        assertThat(socket.socketPath()).isEqualTo("/var/run/docker.sock");
        assertThat(socket.hostHeader()).isEqualTo("docker");
        assertThat(socket).hasToString("unix:///var/run/docker.sock");
    }

    @Test
    void aTcpEndpointKeepsItsHostForTheHeader() {
        Endpoint proxy = Endpoint.parse("tcp://docker-socket-proxy:2375");
        assertThat(proxy.unix()).isFalse();
        assertThat(proxy.host()).isEqualTo("docker-socket-proxy");
        assertThat(proxy.port()).isEqualTo(2375);
        assertThat(proxy.hostHeader()).isEqualTo("docker-socket-proxy:2375");

        Endpoint v6 = Endpoint.parse("tcp://[::1]:2375");
        assertThat(v6.host()).isEqualTo("::1");
        assertThat(v6.hostHeader()).isEqualTo("[::1]:2375");

        assertThatThrownBy(() -> Endpoint.parse("http://x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void reconnectsWaitHalfASecondThenDoubleUpToTenAndStartOverAfterASuccess() {
        Backoff backoff = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(10));

        assertThat(Stream.generate(backoff::next).limit(7).map(Duration::toMillis))
                .containsExactly(500L, 1000L, 2000L, 4000L, 8000L, 10000L, 10000L);
        backoff.reset();
        assertThat(backoff.next()).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void problemsNameTheRequestWithoutVersionOrQuery() {
        assertThat(Problem.withoutVersion("/v1.44/events?since=1.0&filters=x")).isEqualTo("/events");
        assertThat(Problem.withoutVersion("/version")).isEqualTo("/version");
        assertThat(Problem.answered("/version", new Answer(403, new byte[0])))
                .isEqualTo("the API answered 403 to GET /version: a socket proxy must allow GET /_ping, /version, "
                        + "/containers and /events");
    }
}
