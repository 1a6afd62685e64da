package dev.telltale.proxy;

import dev.telltale.config.RouteConfig;
import dev.telltale.config.TimeoutsConfig;
import dev.telltale.failure.ExchangeFailure;
import dev.telltale.failure.Failure;
import dev.telltale.failure.Phase;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.concurrent.MockTicker;
import io.netty.util.concurrent.Ticker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The deadlines read the exchange's state from its timeline; time is the channel's ticker, never a sleep. */
class ExchangeDeadlinesTest {

    private static final RouteConfig ROUTE = new RouteConfig("api", null, "app", false,
            new TimeoutsConfig(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(2),
                    Duration.ofSeconds(3), Duration.ofSeconds(30)), null, null, Set.of());

    private final MockTicker ticker = Ticker.newMockTicker();
    private final EmbeddedChannel channel = EmbeddedChannel.builder().ticker(ticker).build();
    private final List<ExchangeFailure> expired = new ArrayList<>();
    private final ExchangeTimeline timeline = new ExchangeTimeline(channel.eventLoop().ticker(), 0);
    private final ExchangeDeadlines deadlines = new ExchangeDeadlines(timeline, ROUTE, new DeadlineTimer(channel.eventLoop()),
            expired::add);

    @AfterEach
    void close() {
        channel.finishAndReleaseAll();
    }

    private void move(ExchangeState... states) {
        move(timeline, deadlines, states);
    }

    /** As an exchange moves: its timeline stamps each state, then its deadlines hear it. */
    private static void move(ExchangeTimeline of, ExchangeDeadlines heard, ExchangeState... states) {
        for (ExchangeState state : states) {
            of.to(state);
            heard.entered(state);
        }
    }

    private void advanceMillis(long millis) {
        ticker.advance(millis, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
    }

    /** A keep-alive connection's exchanges share one timer: an ended one's schedule only wakes the next one early. */
    @Test
    void exchangesOnOneConnectionShareItsTimerAndEachExpiresOnItsOwnDeadline() {
        DeadlineTimer shared = new DeadlineTimer(channel.eventLoop());
        List<ExchangeFailure> firstExpired = new ArrayList<>();
        ExchangeTimeline first = new ExchangeTimeline(channel.eventLoop().ticker(), 0);
        ExchangeDeadlines firstDeadlines = new ExchangeDeadlines(first, ROUTE, shared, firstExpired::add);
        move(first, firstDeadlines, ExchangeState.CONNECTING, ExchangeState.SENDING, ExchangeState.AWAITING_HEAD,
                ExchangeState.RELAYING, ExchangeState.ENDED);
        advanceMillis(500);
        ExchangeTimeline second = new ExchangeTimeline(channel.eventLoop().ticker(), 0);
        ExchangeDeadlines secondDeadlines = new ExchangeDeadlines(second, ROUTE, shared, expired::add);
        move(second, secondDeadlines, ExchangeState.CONNECTING, ExchangeState.SENDING, ExchangeState.AWAITING_HEAD);

        advanceMillis(1_500); // the first exchange's head deadline: the timer fires, early for the second
        assertThat(expired).isEmpty();
        advanceMillis(499);
        assertThat(expired).isEmpty();
        advanceMillis(1);
        assertThat(expired).singleElement().satisfies(failure ->
                assertThat(failure.detail()).startsWith("no response head within 2s"));
        assertThat(firstExpired).isEmpty();
    }

    @Test
    void aClosedConnectionsTimerFiresForNobody() {
        DeadlineTimer timer = new DeadlineTimer(channel.eventLoop());
        List<ExchangeFailure> loneExpired = new ArrayList<>();
        ExchangeTimeline lone = new ExchangeTimeline(channel.eventLoop().ticker(), 0);
        ExchangeDeadlines loneDeadlines = new ExchangeDeadlines(lone, ROUTE, timer, loneExpired::add);
        move(lone, loneDeadlines, ExchangeState.CONNECTING, ExchangeState.SENDING, ExchangeState.AWAITING_HEAD);
        timer.close();
        advanceMillis(60_000);
        assertThat(loneExpired).isEmpty();
    }

    @Test
    void responseHeaderTimeoutCountsOnlyOnceTheWholeRequestIsOut() {
        move(ExchangeState.CONNECTING, ExchangeState.SENDING);
        advanceMillis(5_000);
        assertThat(expired).as("still sending: no head is due yet").isEmpty();
        move(ExchangeState.AWAITING_HEAD);
        advanceMillis(1_999);
        assertThat(expired).isEmpty();
        advanceMillis(1);
        assertThat(expired).singleElement().satisfies(failure -> {
            assertThat(failure.failure()).isEqualTo(Failure.HTTP_RESPONSE_TIMEOUT);
            assertThat(failure.phase()).isEqualTo(Phase.RESPONSE_HEAD);
            assertThat(failure.detail()).isEqualTo("no response head within 2s (defaults.timeouts.response_header)");
        });
    }

    @Test
    void theHeadArrivingEndsTheHeadDeadlineAndStartsTheIdleOne() {
        move(ExchangeState.CONNECTING, ExchangeState.SENDING, ExchangeState.AWAITING_HEAD);
        advanceMillis(1_500);
        move(ExchangeState.RELAYING);
        advanceMillis(2_999);
        assertThat(expired).isEmpty();
        deadlines.responseRead();
        advanceMillis(2_999);
        assertThat(expired).as("a read moved the idle deadline").isEmpty();
        advanceMillis(1);
        assertThat(expired).singleElement().satisfies(failure -> {
            assertThat(failure.failure()).isEqualTo(Failure.CONNECTION_READ_TIMEOUT);
            assertThat(failure.phase()).isEqualTo(Phase.RESPONSE_BODY);
        });
    }

    @Test
    void aClientTooSlowToReadIsNotTheUpstreamStalling() {
        move(ExchangeState.CONNECTING, ExchangeState.SENDING, ExchangeState.AWAITING_HEAD, ExchangeState.RELAYING);
        deadlines.readPaused();
        advanceMillis(10_000);
        assertThat(expired).isEmpty();
        deadlines.readResumed();
        advanceMillis(3_000);
        assertThat(expired).singleElement().extracting(ExchangeFailure::failure)
                .isEqualTo(Failure.CONNECTION_READ_TIMEOUT);
    }

    @Test
    void noHeadIsDueWhileTheRequestWaitsInTheHold() {
        move(ExchangeState.CONNECTING, ExchangeState.SENDING, ExchangeState.AWAITING_HEAD, ExchangeState.HELD);
        advanceMillis(10_000);
        assertThat(expired).isEmpty();
    }

    @Test
    void aStalledUploadTimesOutAfterTheIdleLimitUnlessItResumes() {
        move(ExchangeState.CONNECTING, ExchangeState.SENDING);
        deadlines.writeStalled();
        advanceMillis(2_000);
        deadlines.writeResumed();
        advanceMillis(2_000);
        assertThat(expired).isEmpty();
        deadlines.writeStalled();
        advanceMillis(3_000);
        assertThat(expired).singleElement().satisfies(failure -> {
            assertThat(failure.failure()).isEqualTo(Failure.CONNECTION_WRITE_TIMEOUT);
            assertThat(failure.phase()).isEqualTo(Phase.REQUEST);
        });
    }

    @Test
    void theTotalLimitCountsFromTheStartAcrossAttempts() {
        move(ExchangeState.CONNECTING, ExchangeState.SENDING, ExchangeState.AWAITING_HEAD);
        advanceMillis(1_000);
        move(ExchangeState.CONNECTING, ExchangeState.SENDING, ExchangeState.AWAITING_HEAD,
                ExchangeState.RELAYING);
        for (int i = 0; i < 28; i++) {
            deadlines.responseRead();
            advanceMillis(1_000);
        }
        assertThat(expired).isEmpty();
        deadlines.responseRead();
        advanceMillis(1_000);
        assertThat(expired).singleElement().satisfies(failure -> {
            assertThat(failure.failure()).isEqualTo(Failure.HTTP_RESPONSE_TIMEOUT);
            assertThat(failure.phase()).as("the head had come").isEqualTo(Phase.RESPONSE_BODY);
            assertThat(failure.detail()).startsWith("exchange not complete within 30s");
        });
    }

    @Test
    void endingOrBecomingATunnelStopsEveryDeadline() {
        move(ExchangeState.CONNECTING, ExchangeState.SENDING, ExchangeState.AWAITING_HEAD, ExchangeState.TUNNEL);
        advanceMillis(60_000);
        move(ExchangeState.ENDED);
        advanceMillis(60_000);
        assertThat(expired).isEmpty();
    }
}
