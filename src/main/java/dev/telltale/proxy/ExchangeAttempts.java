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

    // The exchange's parts are read from it, not copied here: a field is 4 bytes per request.
    private final Exchange exchange;
    /** The one replay after the keep-alive race (or a fresh connection reset unread) was spent. */
    private boolean raceReplayed;
    /** Immutable, replaced on each change: most requests try one target, and Set.of(one) is far smaller than a HashSet. */
    private Set<Target> tried = Set.of();
    private Target target;
    private String targetLabel;
    /** Made at the first failure the deploy hold may wait out; null until then. */
    private DeployHold hold;
    /** What Docker reported at the latest attempt when it said no target's container can answer. */
    private ContainerFacts knownDown;

    ExchangeAttempts(Exchange exchange) {
        this.exchange = exchange;
    }

    /** The first try, or the next after a hold: Docker may already know that no target can answer. */
    void begin() {
        knownDown = exchange.runtime().knownDown().check(exchange.upstream().config().targets());
        if (knownDown != null) {
            // Say so now rather than wait out DNS and connect (or wait in the hold for the container).
            exchange.fail(ExchangeFailure.beforeSending(Failure.DESTINATION_UNAVAILABLE, Phase.CONNECT,
                    "not tried: Docker reports that no target's container can answer"));
            return;
        }
        connect();
    }

    private void connect() {
        Upstream upstream = exchange.upstream();
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
        RequestFacts request = exchange.request();
        boolean replayable = RetryPolicy.replaysAfterTheRace(exchange.route().retry(), request.idempotent(),
                raceReplayed) && (!request.hasBody() || exchange.body().canResend());
        ProxyRuntime runtime = exchange.runtime();
        EventLoop loop = exchange.client().channel().eventLoop();
        // After the keep-alive race the retry must not take another pooled connection, which may be stale too.
        UpstreamConnection pooled = raceReplayed ? null : runtime.pools().pollIdle(loop, target, replayable);
        if (pooled != null) {
            exchange.onConnection(pooled);
            return;
        }
        Future<UpstreamConnection> acquiring = runtime.pools().acquire(loop, target,
                runtime.connectSettings(exchange.route()), false, replayable, exchange.listener());
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
        ExchangeTimeline timeline = exchange.timeline();
        RequestBodyRelay body = exchange.body();
        boolean headForwarded = timeline.state().headForwarded();
        boolean again = !headForwarded && RetryPolicy.allows(exchange.route().retry(),
                exchange.request().idempotent(), raceReplayed, failure, timeline.attempts(),
                body.sent() && !body.canResend());
        boolean held = !again && !headForwarded && holds(failure);
        if (!held || hold.firstPark()) {
            // A hold may try many times: the first wait and the final failure tell the story.
            exchange.record().attemptFailed(targetLabel, failure, again || held);
        }
        if (again) {
            raceReplayed |= failure.leftUnread();
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
        RouteConfig route = exchange.route();
        if (!route.retry().holds()) {
            return false;
        }
        if (hold == null) {
            hold = new DeployHold(route.retry(), exchange.upstream().hold(), exchange.client().channel().eventLoop(),
                    this::afterHold);
        }
        boolean bodyFits = DeployHold.bodyFits(exchange.request(), route.retry())
                || exchange.body().completeWithin(route.retry().holdMaxBodyBytes());
        return hold.park(failure, exchange.body().sent(), bodyFits, exchange.client().draining());
    }

    private void afterHold() {
        if (!exchange.timeline().ended()) {
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
            failure = hold.gaveUp(failure, exchange.record());
        }
        exchange.record().failed(failure, knownDown != null && failure.failure() == Failure.DESTINATION_UNAVAILABLE
                ? knownDown : containerFacts(failure));
        return failure;
    }

    /** The exchange ended, served or not: the hold, if any, closes. */
    void ended() {
        if (hold != null) {
            hold.ended(exchange.record());
        }
    }

    /** What Docker knows of the failed target's container (the upstream's first when none was tried). */
    private ContainerFacts containerFacts(ExchangeFailure failure) {
        ProxyRuntime runtime = exchange.runtime();
        if (failure.failure().side() != Failure.Side.UPSTREAM || !runtime.containers().current().connected()) {
            return null;
        }
        Target about = target != null ? target : exchange.upstream().targets().get(0);
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
