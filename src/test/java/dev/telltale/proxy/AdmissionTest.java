package dev.telltale.proxy;

import dev.telltale.config.LimitsConfig;
import dev.telltale.config.RetryConfig;
import dev.telltale.config.RouteConfig;
import dev.telltale.config.RouteMatch;
import dev.telltale.config.TimeoutsConfig;
import dev.telltale.failure.Failure;
import dev.telltale.failure.Phase;
import dev.telltale.route.Router;
import dev.telltale.http1.RequestHead;
import dev.telltale.http1.RequestHeadCheck;
import dev.telltale.http1.Verdict;
import dev.telltale.http1.Violation;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The admission judgement as a plain function: a head and its connection's facts in, a verdict out. */
class AdmissionTest {

    private static final RouteConfig API = new RouteConfig("api", new RouteMatch(null, "/api"), "app", false,
            TimeoutsConfig.DEFAULTS, LimitsConfig.DEFAULTS, RetryConfig.DEFAULTS, Set.of());
    private static final Router ROUTER = new Router(List.of(API));
    private static final Admission.Connection PLAIN = new Admission.Connection(0, false, false);
    private static final long MAX_BODY = 1024;

    /** A GET of {@code uri} with {@code headers} (name, value, ...), read as the proxy reads it. */
    static RequestHead head(String uri, String... headers) {
        StringBuilder text = new StringBuilder("GET ").append(uri).append(" HTTP/1.1\r\n");
        for (int i = 0; i < headers.length; i += 2) {
            text.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
        }
        byte[] bytes = text.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
        RequestHead head = RequestHeadCheck.check(bytes, bytes.length);
        assertThat(head.verdict().detail()).isNull();
        return head;
    }

    private static Admission.Verdict judge(RequestHead head, Admission.Connection connection) {
        return Admission.judge(head, null, connection, ROUTER, MAX_BODY);
    }

    private static Admission.Refused refused(Admission.Verdict verdict) {
        assertThat(verdict).isInstanceOf(Admission.Refused.class);
        return (Admission.Refused) verdict;
    }

    @Test
    void aWellFormedRoutedHeadIsAdmittedToItsRoute() {
        Admission.Verdict verdict = judge(head("/api/users?page=2", "Host", "shop.test"), PLAIN);

        assertThat(verdict).isEqualTo(new Admission.Admitted(API));
    }

    @Test
    void aConnectionBeyondTheLimitIsRefusedWith503WhateverItsHead() {
        Admission.Refused refusal = refused(judge(head("*"), new Admission.Connection(100, true, false)));

        assertThat(refusal.failure()).isEqualTo(Failure.CLIENT_CONNECTION_LIMIT_REACHED);
        assertThat(refusal.failure().status()).isEqualTo(503);
        assertThat(refusal.detail()).isEqualTo(
                "the proxy already holds 100 client connections (listen.max_connections = 100)");
        assertThat(refusal.keepAlive()).isFalse();
    }

    @Test
    void plainHttpOnTheTlsListenerIsRefusedWith400() {
        Admission.Refused refusal = refused(judge(head("/api", "Host", "a"), new Admission.Connection(0, true, false)));

        assertThat(refusal.failure()).isEqualTo(Failure.HTTP_REQUEST_ERROR);
        assertThat(refusal.phase()).isEqualTo(Phase.REQUEST);
        assertThat(refusal.detail()).contains("plain HTTP was sent to the TLS listener");
        assertThat(refusal.keepAlive()).isFalse();
    }

    @Test
    void aHeadTheReaderRefusedIsRefusedByWhatWentWrong() {
        Admission.Refused large = refused(judge(failed(Violation.HEAD_TOO_LARGE, "request head larger than 9 bytes"),
                PLAIN));
        assertThat(large.failure()).isEqualTo(Failure.HTTP_REQUEST_HEADER_SECTION_SIZE);
        assertThat(large.failure().status()).isEqualTo(431);
        assertThat(large.detail()).isEqualTo("request head exceeds listen.max_request_header_bytes");
        Admission.Refused longLine = refused(judge(failed(Violation.START_LINE_TOO_LONG, "long"), PLAIN));
        assertThat(longLine.failure()).isEqualTo(Failure.HTTP_REQUEST_TARGET_SIZE);
        assertThat(longLine.detail()).isEqualTo("request line is longer than 8KiB");
        Admission.Refused framing = refused(judge(failed(Violation.MALFORMED_HEAD, "two Content-Length"), PLAIN));
        assertThat(framing.failure()).isEqualTo(Failure.HTTP_REQUEST_ERROR);
        assertThat(framing.detail()).isEqualTo("two Content-Length");
        assertThat(framing.keepAlive()).isFalse();
    }

    private static RequestHead failed(Violation violation, String why) {
        RequestHead head = head("/api", "Host", "a");
        head.refuse(Verdict.refused(violation, why));
        return head;
    }

    @Test
    void anAbsoluteFormTargetThatCouldNotBeRewrittenIsRefusedWithItsReason() {
        Admission.Refused refusal = refused(Admission.judge(head("ftp://a/api", "Host", "a"),
                "request target has the scheme ftp (only http and https are served)", PLAIN, ROUTER, MAX_BODY));

        assertThat(refusal.failure()).isEqualTo(Failure.HTTP_REQUEST_ERROR);
        assertThat(refusal.detail()).isEqualTo("request target has the scheme ftp (only http and https are served)");
    }

    @Test
    void aHeadWithoutHostOrWithoutAPathIsRefusedWith400() {
        // A second Host never gets this far: the strict stage refuses it (RequestHeadCheckTest).
        assertThat(refused(judge(head("/api"), PLAIN)).detail()).isEqualTo("HTTP/1.1 request without a Host header");
        Admission.Refused noPath = refused(judge(head("api", "Host", "a"), PLAIN));
        assertThat(noPath.failure()).isEqualTo(Failure.HTTP_REQUEST_ERROR);
        assertThat(noPath.detail()).isEqualTo("request target must be a path (origin form)");
    }

    @Test
    void anUnroutedRequestGets404AndKeepsItsConnection() {
        Admission.Refused refusal = refused(judge(head("/nope?x=1", "Host", "a"), PLAIN));

        assertThat(refusal.failure()).isEqualTo(Failure.DESTINATION_NOT_FOUND);
        assertThat(refusal.phase()).isEqualTo(Phase.ROUTING);
        assertThat(refusal.detail()).isEqualTo("no route matches host a and path /nope");
        assertThat(refusal.keepAlive()).isTrue();
    }

    @Test
    void anUnroutedRequestClosesItsConnectionWhenTheClientAsksOrTheProxyDrains() {
        assertThat(refused(judge(head("/nope", "Host", "a", "Connection", "close"), PLAIN)).keepAlive()).isFalse();
        assertThat(refused(judge(head("/nope", "Host", "a"), new Admission.Connection(0, false, true))).keepAlive())
                .isFalse();
    }

    @Test
    void aBodyDeclaredLargerThanTheLimitIsRefusedWith413() {
        Admission.Refused refusal = refused(judge(head("/api", "Host", "a", "Content-Length", "1025"), PLAIN));

        assertThat(refusal.failure()).isEqualTo(Failure.HTTP_REQUEST_BODY_SIZE);
        assertThat(refusal.failure().status()).isEqualTo(413);
        assertThat(refusal.detail()).isEqualTo("request body of 1025 bytes exceeds listen.max_request_body_bytes");
        assertThat(refusal.keepAlive()).isFalse();
    }

    @Test
    void aBodyAtTheLimitOrWithNoLimitIsAdmitted() {
        RequestHead atLimit = head("/api", "Host", "a", "Content-Length", "1024");
        assertThat(judge(atLimit, PLAIN)).isInstanceOf(Admission.Admitted.class);
        RequestHead large = head("/api", "Host", "a", "Content-Length", "999999");
        assertThat(Admission.judge(large, null, PLAIN, ROUTER, 0)).isInstanceOf(Admission.Admitted.class);
    }
}
