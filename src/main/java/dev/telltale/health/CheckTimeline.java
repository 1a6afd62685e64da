package dev.telltale.health;

import io.netty.util.concurrent.Ticker;

import java.util.EnumMap;
import java.util.Map;

/**
 * When each step of one {@code doctor} check ended, by its event loop's clock; a step's time is
 * read from here as the span since the step before it ended (or the check began).
 */
final class CheckTimeline {

    private final Ticker ticker;
    private final Map<TargetCheck.Step, Long> endedAt = new EnumMap<>(TargetCheck.Step.class);
    private long lastMark;

    CheckTimeline(Ticker ticker) {
        this.ticker = ticker;
        this.lastMark = ticker.nanoTime();
    }

    /** The check begins now: the first step counts from here. */
    void begin() {
        lastMark = ticker.nanoTime();
    }

    /** {@code step} ended now; returns how long it took, in milliseconds. */
    long ended(TargetCheck.Step step) {
        long now = ticker.nanoTime();
        long millis = (now - lastMark) / 1_000_000;
        endedAt.put(step, now);
        lastMark = now;
        return millis;
    }

    /** {@code step} was skipped: the next step counts from now, not from the one before. */
    void skipped(TargetCheck.Step step) {
        lastMark = ticker.nanoTime();
        endedAt.put(step, lastMark);
    }

    /** The first step that neither ended nor was skipped: after a failure, the one that failed. */
    TargetCheck.Step next() {
        for (TargetCheck.Step step : TargetCheck.Step.values()) {
            if (!endedAt.containsKey(step)) {
                return step;
            }
        }
        return null;
    }
}
