package dev.telltale.proxy;

import dev.telltale.failure.Phase;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Where one exchange stands. Each state names the phase a failure in it belongs to, and the
 * states it may move to; {@link ExchangeTimeline#to} refuses any other move.
 */
enum ExchangeState {

    /** The request head arrived and the exchange exists; no target has been picked yet. */
    RECEIVED(Phase.CONNECT),
    /** A target is picked and a connection to it is being made or taken from the pool: one attempt. */
    CONNECTING(Phase.CONNECT),
    /** Connected: the request head is written and the client's body is still coming. */
    SENDING(Phase.REQUEST),
    /** The whole request is handed to the upstream; its response head has not come. */
    AWAITING_HEAD(Phase.RESPONSE_HEAD),
    /** The response head went to the client and the body follows it. */
    RELAYING(Phase.RESPONSE_BODY),
    /** The upstream switched protocols: bytes flow both ways until either side closes. */
    TUNNEL(Phase.RESPONSE_BODY),
    /** Waiting in the deploy hold for the upstream to come back, between attempts. */
    HELD(Phase.CONNECT),
    ENDED(null);

    private final Phase phase;

    ExchangeState(Phase phase) {
        this.phase = phase;
    }

    /** The phase a failure in this state belongs to; null once ended. */
    Phase phase() {
        return phase;
    }

    /** True while the request is on its way and no response head has come. */
    boolean awaitsResponse() {
        return this == SENDING || this == AWAITING_HEAD;
    }

    /** True once the response head went to the client: no retry, no hold, no error page any more. */
    boolean headForwarded() {
        return this == RELAYING || this == TUNNEL;
    }

    /** True while an upstream connection serves this exchange. */
    boolean connected() {
        return this == SENDING || this == AWAITING_HEAD || this == RELAYING || this == TUNNEL;
    }

    boolean mayMoveTo(ExchangeState next) {
        return Moves.ALLOWED.get(this).contains(next);
    }

    /** Built once, after the constants exist. */
    private static final class Moves {
        static final Map<ExchangeState, Set<ExchangeState>> ALLOWED = new EnumMap<>(ExchangeState.class);

        static {
            for (ExchangeState state : values()) {
                ALLOWED.put(state, state.successors());
            }
        }
    }

    private Set<ExchangeState> successors() {
        return switch (this) {
            case RECEIVED -> EnumSet.of(CONNECTING, HELD, ENDED);
            // CONNECTING again: the attempt failed before a connection was made and the next one starts.
            case CONNECTING -> EnumSet.of(CONNECTING, SENDING, HELD, ENDED);
            // A response may begin before the whole request was sent (an early 413, say).
            case SENDING -> EnumSet.of(AWAITING_HEAD, RELAYING, TUNNEL, CONNECTING, HELD, ENDED);
            case AWAITING_HEAD -> EnumSet.of(RELAYING, TUNNEL, CONNECTING, HELD, ENDED);
            case RELAYING, TUNNEL -> EnumSet.of(ENDED);
            // HELD again: the next try failed at once (Docker still says the container is down).
            case HELD -> EnumSet.of(CONNECTING, HELD, ENDED);
            case ENDED -> EnumSet.noneOf(ExchangeState.class);
        };
    }
}
