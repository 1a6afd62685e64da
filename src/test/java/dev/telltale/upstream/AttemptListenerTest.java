package dev.telltale.upstream;

import dev.telltale.config.TargetAddress;
import dev.telltale.failure.Failure;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AttemptListenerTest {

    @Test
    void aTargetTellsItsListenerHowEachAttemptEndedWithTheRunOfFailures() {
        Target target = new Target(new TargetAddress("app", 8080));
        List<String> heard = new ArrayList<>();
        target.listener(new AttemptListener() {
            @Override
            public void headReceived(Target about) {
                heard.add("head from " + about);
            }

            @Override
            public void failed(Target about, Failure failure, String detail, int consecutiveFailures) {
                heard.add(failure.wireName() + " x" + consecutiveFailures);
            }
        });
        target.attemptFailed(Failure.CONNECTION_REFUSED, "refused");
        target.attemptFailed(Failure.CONNECTION_REFUSED, "refused");
        target.attemptSucceeded();
        target.attemptFailed(Failure.CONNECTION_TIMEOUT, "slow");
        target.listener(null);
        target.attemptFailed(Failure.CONNECTION_REFUSED, "nobody hears this");

        assertThat(heard).containsExactly("connection_refused x1", "connection_refused x2", "head from app:8080",
                "connection_timeout x1");
    }
}
