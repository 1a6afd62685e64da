package dev.telltale.upstream;

import dev.telltale.config.TargetAddress;
import dev.telltale.failure.ExchangeFailure;
import dev.telltale.failure.Failure;
import dev.telltale.failure.Phase;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TargetOutcomesTest {

    private static ExchangeFailure failure(Failure failure, String detail) {
        return ExchangeFailure.beforeSending(failure, Phase.CONNECT, detail);
    }

    @Test
    void aTargetTellsItsListenerHowEachAttemptEndedWithTheRunOfFailures() {
        Target target = new Target(new TargetAddress("app", 8080));
        List<String> heard = new ArrayList<>();
        target.listener(new ExchangeListener() {
            @Override
            public void headReceived(Target about, int status) {
                heard.add("head from " + about);
            }

            @Override
            public void attemptFailed(Target about, ExchangeFailure failure) {
                heard.add(failure.failure().wireName() + " x" + about.consecutiveFailures());
            }
        });
        ExchangeListener outcomes = TargetOutcomes.INSTANCE;
        outcomes.attemptFailed(target, failure(Failure.CONNECTION_REFUSED, "refused"));
        outcomes.attemptFailed(target, failure(Failure.CONNECTION_REFUSED, "refused"));
        outcomes.headReceived(target, 200);
        outcomes.attemptFailed(target, failure(Failure.CONNECTION_TIMEOUT, "slow"));
        target.listener(null);
        outcomes.attemptFailed(target, failure(Failure.CONNECTION_REFUSED, "nobody hears this"));

        assertThat(heard).containsExactly("connection_refused x1", "connection_refused x2", "head from app:8080",
                "connection_timeout x1");
        assertThat(target.failures().lastMinutes(1)).isEqualTo(4);
        assertThat(target.failures().last().detail()).isEqualTo("nobody hears this");
    }

    @Test
    void aFailureThatDoesNotCountAgainstTheTargetLeavesItsHistoryAlone() {
        Target target = new Target(new TargetAddress("app", 8080));
        TargetOutcomes.INSTANCE.attemptFailed(target, failure(Failure.CLIENT_CLOSED, "client left"));
        TargetOutcomes.INSTANCE.attemptFailed(null, failure(Failure.DESTINATION_UNAVAILABLE, "no target"));

        assertThat(target.consecutiveFailures()).isZero();
        assertThat(target.failures().last()).isNull();
    }

    @Test
    void aProtocolSwitchIsNotCountedAsAnAnswer() {
        Target target = new Target(new TargetAddress("app", 8080));
        TargetOutcomes.INSTANCE.attemptFailed(target, failure(Failure.CONNECTION_REFUSED, "refused"));
        TargetOutcomes.INSTANCE.headReceived(target, 101);

        assertThat(target.consecutiveFailures()).isEqualTo(1);
    }
}
