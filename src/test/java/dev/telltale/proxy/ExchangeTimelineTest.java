package dev.telltale.proxy;

import dev.telltale.failure.ExchangeFailure;
import dev.telltale.failure.Failure;
import dev.telltale.failure.Phase;
import io.netty.util.concurrent.MockTicker;
import io.netty.util.concurrent.Ticker;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static dev.telltale.proxy.ExchangeState.AWAITING_HEAD;
import static dev.telltale.proxy.ExchangeState.CONNECTING;
import static dev.telltale.proxy.ExchangeState.ENDED;
import static dev.telltale.proxy.ExchangeState.HELD;
import static dev.telltale.proxy.ExchangeState.RECEIVED;
import static dev.telltale.proxy.ExchangeState.RELAYING;
import static dev.telltale.proxy.ExchangeState.SENDING;
import static dev.telltale.proxy.ExchangeState.TUNNEL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExchangeTimelineTest {

    /** The state machine, written out once more by hand: a move missing here must be refused. */
    private static final Map<ExchangeState, Set<ExchangeState>> LEGAL = Map.of(
            RECEIVED, EnumSet.of(CONNECTING, HELD, ENDED),
            CONNECTING, EnumSet.of(CONNECTING, SENDING, HELD, ENDED),
            SENDING, EnumSet.of(AWAITING_HEAD, RELAYING, TUNNEL, CONNECTING, HELD, ENDED),
            AWAITING_HEAD, EnumSet.of(RELAYING, TUNNEL, CONNECTING, HELD, ENDED),
            RELAYING, EnumSet.of(ENDED),
            TUNNEL, EnumSet.of(ENDED),
            HELD, EnumSet.of(CONNECTING, HELD, ENDED),
            ENDED, EnumSet.noneOf(ExchangeState.class));

    /** The shortest way from RECEIVED to each state, to start a move from there. */
    private static final Map<ExchangeState, ExchangeState[]> ROUTE_TO = Map.of(
            RECEIVED, new ExchangeState[] {},
            CONNECTING, new ExchangeState[] {CONNECTING},
            SENDING, new ExchangeState[] {CONNECTING, SENDING},
            AWAITING_HEAD, new ExchangeState[] {CONNECTING, SENDING, AWAITING_HEAD},
            RELAYING, new ExchangeState[] {CONNECTING, SENDING, AWAITING_HEAD, RELAYING},
            TUNNEL, new ExchangeState[] {CONNECTING, SENDING, AWAITING_HEAD, TUNNEL},
            HELD, new ExchangeState[] {CONNECTING, HELD},
            ENDED, new ExchangeState[] {ENDED});

    private final MockTicker ticker = Ticker.newMockTicker();

    private ExchangeTimeline at(ExchangeState state) {
        ExchangeTimeline timeline = new ExchangeTimeline(ticker, 0);
        for (ExchangeState step : ROUTE_TO.get(state)) {
            timeline.to(step);
        }
        return timeline;
    }

    @Test
    void everyLegalMoveIsTakenAndStamped() {
        for (ExchangeState from : ExchangeState.values()) {
            for (ExchangeState next : LEGAL.get(from)) {
                ExchangeTimeline timeline = at(from);
                ticker.advance(3, TimeUnit.MILLISECONDS);
                long before = ticker.nanoTime();
                timeline.to(next);
                assertThat(timeline.state()).as(from + " -> " + next).isEqualTo(next);
                assertThat(timeline.enteredAt()).as(from + " -> " + next).isEqualTo(before);
            }
        }
    }

    @Test
    void everyOtherMoveIsRefusedAndLeavesTheStateAsItWas() {
        for (ExchangeState from : ExchangeState.values()) {
            for (ExchangeState next : ExchangeState.values()) {
                if (LEGAL.get(from).contains(next)) {
                    continue;
                }
                ExchangeTimeline timeline = at(from);
                assertThatThrownBy(() -> timeline.to(next)).as(from + " -> " + next)
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining(from + " to " + next);
                assertThat(timeline.state()).isEqualTo(from);
            }
        }
    }

    @Test
    void nothingMovesBackToReceived() {
        for (ExchangeState from : ExchangeState.values()) {
            assertThatThrownBy(() -> at(from).to(RECEIVED)).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void eachStateNamesThePhaseAFailureInItBelongsTo() {
        ExchangeTimeline timeline = new ExchangeTimeline(ticker, 0);
        assertThat(timeline.phase()).isEqualTo(Phase.CONNECT);
        timeline.to(CONNECTING);
        assertThat(timeline.phase()).isEqualTo(Phase.CONNECT);
        timeline.to(SENDING);
        assertThat(timeline.phase()).isEqualTo(Phase.REQUEST);
        timeline.to(AWAITING_HEAD);
        assertThat(timeline.phase()).isEqualTo(Phase.RESPONSE_HEAD);
        timeline.to(RELAYING);
        assertThat(timeline.phase()).isEqualTo(Phase.RESPONSE_BODY);
        timeline.to(ENDED);
        assertThat(timeline.phase()).as("the phase it ended in").isEqualTo(Phase.RESPONSE_BODY);
        assertThat(at(TUNNEL).phase()).isEqualTo(Phase.RESPONSE_BODY);
        assertThat(at(HELD).phase()).isEqualTo(Phase.CONNECT);
    }

    @Test
    void theFailedAttemptsAreStampedInTheOrderTheyFailed() {
        ExchangeTimeline timeline = new ExchangeTimeline(ticker, 0);
        assertThat(timeline.failedAttempts()).isEmpty();
        timeline.to(CONNECTING);
        timeline.attemptFailed("10.0.0.1:80", ExchangeFailure.beforeSending(Failure.CONNECTION_REFUSED,
                Phase.CONNECT, "refused"));
        ticker.advance(5, TimeUnit.MILLISECONDS);
        timeline.to(CONNECTING);
        timeline.attemptFailed("10.0.0.2:80", ExchangeFailure.beforeSending(Failure.CONNECTION_TIMEOUT,
                Phase.CONNECT, "slow"));

        assertThat(timeline.failedAttempts()).extracting(ExchangeTimeline.FailedAttempt::target)
                .containsExactly("10.0.0.1:80", "10.0.0.2:80");
        assertThat(timeline.failedAttempts().get(1).at() - timeline.failedAttempts().get(0).at())
                .isEqualTo(TimeUnit.MILLISECONDS.toNanos(5));
        assertThat(timeline.attempts()).isEqualTo(2);
    }

    @Test
    void timingsOfTheLogLineAreReadFromTheStamps() {
        ticker.advance(100, TimeUnit.MILLISECONDS);
        // The request arrived 7 ms before its exchange was made (it waited behind a pipelined one).
        ExchangeTimeline timeline = new ExchangeTimeline(ticker, TimeUnit.MILLISECONDS.toNanos(7));
        ticker.advance(2, TimeUnit.MILLISECONDS);
        timeline.to(CONNECTING);
        ticker.advance(30, TimeUnit.MILLISECONDS);
        timeline.to(SENDING);
        assertThat(timeline.connectMillis()).isEqualTo(30);
        ticker.advance(5, TimeUnit.MILLISECONDS);
        timeline.to(AWAITING_HEAD);
        ticker.advance(40, TimeUnit.MILLISECONDS);
        assertThat(timeline.ttfbMillis()).isEqualTo(40);
        timeline.to(RELAYING);
        ticker.advance(11, TimeUnit.MILLISECONDS);
        assertThat(timeline.durationMillis()).as("while it lasts").isEqualTo(7 + 2 + 30 + 5 + 40 + 11);
        timeline.to(ENDED);
        ticker.advance(1, TimeUnit.SECONDS);
        assertThat(timeline.durationMillis()).as("fixed once ended").isEqualTo(95);
        assertThat(timeline.headForwarded()).isTrue();
    }

    @Test
    void aRetryStartsTheAttemptTimingsOver() {
        ExchangeTimeline timeline = new ExchangeTimeline(ticker, 0);
        timeline.to(CONNECTING);
        timeline.to(SENDING);
        timeline.to(AWAITING_HEAD);
        ticker.advance(50, TimeUnit.MILLISECONDS);
        timeline.to(CONNECTING);
        assertThat(timeline.attemptEntered(AWAITING_HEAD)).isEqualTo(ExchangeTimeline.NONE);
        ticker.advance(4, TimeUnit.MILLISECONDS);
        timeline.to(SENDING);
        assertThat(timeline.connectMillis()).isEqualTo(4);
        ticker.advance(6, TimeUnit.MILLISECONDS);
        timeline.to(RELAYING);
        assertThat(timeline.ttfbMillis()).as("no whole request in this attempt: from the start")
                .isEqualTo(60);
        assertThat(timeline.attempts()).isEqualTo(2);
    }

    @Test
    void attemptsCountEveryConnectionTriedHoldsIncluded() {
        ExchangeTimeline timeline = new ExchangeTimeline(ticker, 0);
        assertThat(timeline.attempts()).isZero();
        timeline.to(HELD);
        timeline.to(HELD);
        timeline.to(CONNECTING);
        timeline.to(HELD);
        timeline.to(CONNECTING);
        timeline.to(CONNECTING);
        timeline.to(ENDED);
        assertThat(timeline.attempts()).isEqualTo(3);
        assertThat(timeline.headForwarded()).isFalse();
        assertThat(timeline.toString()).startsWith("RECEIVED +0ms -> HELD");
    }
}
