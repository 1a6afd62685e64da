package dev.telltale.upstream;

import dev.telltale.config.TargetAddress;
import dev.telltale.failure.ExchangeFailure;
import dev.telltale.failure.Failure;
import dev.telltale.failure.Phase;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ExchangeListenersTest {

    private static final Target TARGET = new Target(new TargetAddress("app", 8080));

    @Test
    void aListenerThatThrowsIsSkippedAndTheOthersStillHear() {
        List<String> heard = new ArrayList<>();
        ExchangeListeners listeners = new ExchangeListeners(new ExchangeListener() {
            @Override
            public void requestSent(Target target) {
                throw new IllegalStateException("a broken listener");
            }
        });
        listeners.add(new ExchangeListener() {
            @Override
            public void requestSent(Target target) {
                heard.add("sent to " + target);
            }

            @Override
            public void attemptFailed(Target target, ExchangeFailure failure) {
                heard.add(failure.failure().wireName());
            }
        });

        listeners.requestSent(TARGET);
        listeners.attemptFailed(TARGET, ExchangeFailure.beforeSending(Failure.CONNECTION_REFUSED, Phase.CONNECT, "x"));

        assertThat(heard).containsExactly("sent to app:8080", "connection_refused");
    }

    @Test
    void aListenerAddedLaterHearsTheStepsFromThen() {
        List<String> heard = new ArrayList<>();
        ExchangeListeners listeners = new ExchangeListeners();
        listeners.bodyEnded(TARGET);
        listeners.add(new ExchangeListener() {
            @Override
            public void bodyEnded(Target target) {
                heard.add("body ended");
            }
        });
        listeners.bodyEnded(TARGET);

        assertThat(heard).containsExactly("body ended");
    }
}
