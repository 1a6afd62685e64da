package dev.telltale.health;

import dev.telltale.health.TargetCheck.Step;
import io.netty.util.concurrent.MockTicker;
import io.netty.util.concurrent.Ticker;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class CheckTimelineTest {

    private final MockTicker ticker = Ticker.newMockTicker();

    @Test
    void eachStepTakesTheTimeSinceTheOneBeforeItEnded() {
        CheckTimeline timeline = new CheckTimeline(ticker);
        ticker.advance(50, TimeUnit.MILLISECONDS);
        timeline.begin();
        ticker.advance(3, TimeUnit.MILLISECONDS);
        assertThat(timeline.ended(Step.DNS)).isEqualTo(3);
        ticker.advance(7, TimeUnit.MILLISECONDS);
        assertThat(timeline.ended(Step.CONNECT)).isEqualTo(7);
        ticker.advance(2, TimeUnit.MILLISECONDS);
        timeline.skipped(Step.TLS);
        ticker.advance(11, TimeUnit.MILLISECONDS);
        assertThat(timeline.ended(Step.HTTP)).as("counted from the skipped step, not the connect").isEqualTo(11);
    }

    @Test
    void theStepAfterTheLastOneStampedIsTheOneThatFailed() {
        CheckTimeline timeline = new CheckTimeline(ticker);
        timeline.begin();
        assertThat(timeline.next()).isEqualTo(Step.DNS);
        timeline.ended(Step.DNS);
        assertThat(timeline.next()).isEqualTo(Step.CONNECT);
        timeline.ended(Step.CONNECT);
        timeline.skipped(Step.TLS);
        assertThat(timeline.next()).isEqualTo(Step.HTTP);
    }
}
