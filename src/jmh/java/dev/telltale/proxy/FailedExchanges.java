package dev.telltale.proxy;

import dev.telltale.accesslog.AccessLogEntry;
import dev.telltale.accesslog.Origin;
import dev.telltale.config.Durations;
import dev.telltale.config.RouteConfig;
import dev.telltale.diagnostics.ErrorReport;
import dev.telltale.failure.ExchangeFailure;
import dev.telltale.failure.Failure;
import dev.telltale.failure.Phase;
import dev.telltale.upstream.ExchangeListener;
import dev.telltale.upstream.RefusedConnect;
import dev.telltale.upstream.Target;
import dev.telltale.upstream.Upstream;
import dev.telltale.http1.RequestHead;
import io.netty.util.concurrent.Ticker;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

/**
 * Exchanges that fail, driven through the production pieces in the order {@code Exchange} and
 * {@code ClientConnectionHandler} call them, without channels: the attempts, the retry
 * decisions, the target's failure count, the access-log line and the incident. Keep in step
 * with those two classes.
 */
final class FailedExchanges {

    private FailedExchanges() {
    }

    /** Every target of the route's upstream refuses; retries go on while the route's retry policy allows. */
    static ErrorReport refusedByEveryTarget(ProxyRuntime runtime, RequestHead head, RouteConfig route,
                                            Throwable refused, ForwardedHeaders.ClientFacts client) {
        ExchangeTimeline timeline = new ExchangeTimeline(Ticker.systemTicker(), 0);
        // As the exchange builds them: the record keeps the incident, then the server's listeners hear the end.
        ExchangeListener heard = runtime.listeners();
        ExchangeRecord record = new ExchangeRecord(requestLog(runtime, head, client), runtime, timeline);
        Upstream upstream = runtime.upstream(route.upstream());
        record.log().route(route.name()).upstream(upstream.name());
        Set<Target> tried = new HashSet<>(2);
        ExchangeFailure failure;
        boolean again;
        do {
            Target target = upstream.pick(tried);
            tried.add(target);
            String address = target.toString();
            timeline.to(ExchangeState.CONNECTING);
            record.log().target(address);
            failure = ResponseFailures.ofConnect(RefusedConnect.classify(refused, address));
            heard.attemptFailed(target, failure);
            // The refusals are not left unread, so the race's one replay is never spent here.
            again = RetryPolicy.allows(route.retry(), true, false, failure, timeline.attempts(), false);
            record.attemptFailed(address, failure, again);
        } while (again);
        return finish(record, failure);
    }

    /** The first target connects and takes the request, but no response head comes within the route's limit. */
    static ErrorReport responseTimeout(ProxyRuntime runtime, RequestHead head, RouteConfig route,
                                       ForwardedHeaders.ClientFacts client) {
        ExchangeTimeline timeline = new ExchangeTimeline(Ticker.systemTicker(), 0);
        // As the exchange builds them: the record keeps the incident, then the server's listeners hear the end.
        ExchangeListener heard = runtime.listeners();
        ExchangeRecord record = new ExchangeRecord(requestLog(runtime, head, client), runtime, timeline);
        Upstream upstream = runtime.upstream(route.upstream());
        Target target = upstream.pick(Set.of());
        String address = target.toString();
        record.log().route(route.name()).upstream(upstream.name());
        timeline.to(ExchangeState.CONNECTING);
        record.log().target(address).connectMs(1L);
        // Worded as ExchangeDeadlines words it.
        String key = route.keyOf("timeouts.response_header");
        Duration limit = route.timeouts().responseHeader();
        ExchangeFailure failure = ExchangeFailure.afterSending(Failure.HTTP_RESPONSE_TIMEOUT, Phase.RESPONSE_HEAD,
                "no response head within " + Durations.format(limit) + " (" + key + ")")
                .withConfigKey(key + " = " + Durations.format(limit));
        heard.attemptFailed(target, failure);
        boolean again = RetryPolicy.allows(route.retry(), true, false, failure, timeline.attempts(), true);
        record.attemptFailed(address, failure, again);
        return finish(record, failure);
    }

    /** The entry's first fields, as the client handler sets them when the head arrives. */
    private static AccessLogEntry.Builder requestLog(ProxyRuntime runtime, RequestHead head,
                                                     ForwardedHeaders.ClientFacts client) {
        String requestId = RequestIds.choose(head.valueNamed(runtime.config().requestId().header()),
                runtime.config().requestId().trustIncoming());
        return AccessLogEntry.builder()
                .ts(Instant.now()).requestId(requestId).client(client.address())
                .method(head.methodName()).host(head.host()).path(head.uri())
                .userAgent(head.userAgent()).origin(Origin.PROXY);
    }

    private static ErrorReport finish(ExchangeRecord record, ExchangeFailure failure) {
        record.failed(failure, null);
        record.log().origin(Origin.PROXY);
        return record.reportForPage(failure);
    }
}
