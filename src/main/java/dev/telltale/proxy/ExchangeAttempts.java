package dev.telltale.proxy;

import dev.telltale.config.RouteConfig;
import dev.telltale.container.ContainerCauses;
import dev.telltale.container.ContainerFacts;
import dev.telltale.failure.ExchangeFailure;
import dev.telltale.failure.Failure;
import dev.telltale.failure.Phase;
import dev.telltale.upstream.Target;
import dev.telltale.upstream.Upstream;
import dev.telltale.upstream.UpstreamConnection;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

/**
 * The tries of one exchange: which target next, a connection to it, and after a failure whether
 * to try again at once ({@link RetryPolicy}), to wait in the deploy hold, or to give up.
 */
final class ExchangeAttempts {

    private final Exchange exchange;
    private final ProxyRuntime runtime;
    private final RouteConfig route;
    private final Upstream upstream;
    private final RequestFacts request;
    private final RequestBodyRelay body;
    private final ExchangeRecord record;
    private final ExchangeTimeline timeline;
    private final EventLoop loop;
    private final RetryPolicy retry;
    /** Immutable, replaced on each change: most requests try one target, and Set.of(one) is far smaller than a HashSet. */
    private Set<Target> tried = Set.of();
    private Target target;
    private String targetLabel;
    /** Made at the first failure the deploy hold may wait out; null until then. */
    private DeployHold hold;
    /** What Docker reported at the latest attempt when it said no target's container can answer. */
    private ContainerFacts knownDown;

    ExchangeAttempts(Exchange exchange, ProxyRuntime runtime, RouteConfig route, Upstream upstream,
                     RequestFacts request, RequestBodyRelay body, ExchangeRecord record, ExchangeTimeline timeline,
                     EventLoop loop) {
        this.exchange = exchange;
        this.runtime = runtime;
        this.route = route;
        this.upstream = upstream;
        this.request = request;
        this.body = body;
        this.record = record;
        this.timeline = timeline;
        this.loop = loop;
        this.retry = new RetryPolicy(route.retry(), request.idempotent());
    }

    /** The first try, or the next after a hold: Docker may already know that no target can answer. */
    void begin() {
        knownDown = runtime.knownDown().check(upstream.config().targets());
        if (knownDown != null) {
            // Say so now rather than wait out DNS and connect (or wait in the hold for the container).
            exchange.fail(ExchangeFailure.beforeSending(Failure.DESTINATION_UNAVAILABLE, Phase.CONNECT,
                    "not tried: Docker reports that no target's container can answer"));
            return;
        }
        connect();
    }

    private void connect() {
        target = upstream.pick(tried);
        if (target == null) {
            targetLabel = null;
            exchange.fail(ExchangeFailure.beforeSending(Failure.DESTINATION_UNAVAILABLE, Phase.CONNECT,
                    upstream.downSummary()));
            return;
        }
        tried = tried.isEmpty() ? target.alone() : with(tried, target);
        targetLabel = target.toString();
        exchange.to(ExchangeState.CONNECTING);
        boolean replayable = retry.replaysAfterTheRace() && (!request.hasBody() || body.canResend());
        UpstreamConnection pooled = retry.wantsFreshConnection() ? null
                : runtime.pools().pollIdle(loop, target, replayable);
        if (pooled != null) {
            exchange.onConnection(pooled);
            return;
        }
        Future<UpstreamConnection> acquiring = runtime.pools().acquire(loop, target, runtime.connectSettings(route),
                false, replayable, exchange.listener());
        if (acquiring.isDone()) {
            exchange.onAcquired(acquiring);
        } else {
            acquiring.addListener(done -> exchange.onAcquired(acquiring));
        }
    }

    Target target() {
        return target;
    }

    /** The target of this attempt as the log names it: its {@code ip:port} once connected. */
    String targetLabel() {
        return targetLabel;
    }

    void connectedTo(String address) {
        targetLabel = address;
    }

    /**
     * After {@code failure} (the connection already let go, the listeners told): tries again now, or parks the request
     * in the deploy hold; false when neither, and the exchange gives up.
     */
    boolean retryOrHold(ExchangeFailure failure) {
        boolean headForwarded = timeline.state().headForwarded();
        boolean again = !headForwarded
                && retry.allows(failure, timeline.attempts(), body.sent() && !body.canResend());
        boolean held = !again && !headForwarded && holds(failure);
        if (!held || hold.firstPark()) {
            // A hold may try many times: the first wait and the final failure tell the story.
            record.attemptFailed(targetLabel, failure, again || held);
        }
        if (again) {
            if (failure.leftUnread()) { // the same target again, on a fresh connection
                tried = without(tried, target);
            }
            if (body.sent()) {
                body.rewind();
            }
            connect();
        } else if (held) {
            exchange.to(ExchangeState.HELD);
        }
        return again || held;
    }

    /** True when the deploy hold takes the request after {@code failure}: it will be tried again later. */
    private boolean holds(ExchangeFailure failure) {
        if (!route.retry().holds()) {
            return false;
        }
        if (hold == null) {
            hold = new DeployHold(route.retry(), upstream.hold(), loop, this::afterHold);
        }
        return hold.park(failure, body.sent(), DeployHold.bodyFits(request, route.retry()),
                exchange.clientDraining());
    }

    private void afterHold() {
        if (!timeline.ended()) {
            tried = Set.of();
            begin();
        }
    }

    /** Draining began: the failure a request waiting in the hold waits out, to answer it with now; else null. */
    ExchangeFailure drained() {
        return hold != null && hold.drain() ? hold.waitingOut() : null;
    }

    /** No more tries: the record keeps the failure as the client will hear it, with what Docker knows. */
    ExchangeFailure gaveUp(ExchangeFailure failure) {
        if (hold != null) {
            failure = hold.gaveUp(failure, record);
        }
        record.failed(failure, knownDown != null && failure.failure() == Failure.DESTINATION_UNAVAILABLE
                ? knownDown : containerFacts(failure));
        return failure;
    }

    /** The exchange ended, served or not: the hold, if any, closes. */
    void ended() {
        if (hold != null) {
            hold.ended(record);
        }
    }

    /** What Docker knows of the failed target's container (the upstream's first when none was tried). */
    private ContainerFacts containerFacts(ExchangeFailure failure) {
        if (failure.failure().side() != Failure.Side.UPSTREAM || !runtime.containers().current().connected()) {
            return null;
        }
        Target about = target != null ? target : upstream.targets().get(0);
        return ContainerCauses.forFailure(runtime.containers().current(), about.address(), failure.failure(),
                Instant.now());
    }

    private static Set<Target> with(Set<Target> set, Target added) {
        Set<Target> copy = new HashSet<>(set);
        copy.add(added);
        return Set.copyOf(copy);
    }

    private static Set<Target> without(Set<Target> set, Target removed) {
        Set<Target> copy = new HashSet<>(set);
        copy.remove(removed);
        return Set.copyOf(copy);
    }
}
