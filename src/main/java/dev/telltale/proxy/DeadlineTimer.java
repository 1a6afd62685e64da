package dev.telltale.proxy;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;

import java.util.concurrent.TimeUnit;

/**
 * The one timer of a client connection, shared by the deadlines of its exchanges one after
 * another. An exchange that ends leaves the timer scheduled: the next exchange's deadlines are
 * later, so the timer fires early for them, they find nothing expired and ask for their own
 * time. A keep-alive connection thus schedules about once per timeout, not once per request
 * (a scheduled task is an object, and cancelling one is a walk of the loop's queue).
 * Touched only on the connection's event loop.
 */
final class DeadlineTimer implements Runnable {

    private static final long NONE = ExchangeTimeline.NONE;

    private final EventLoop loop;
    private ExchangeDeadlines current;
    private ScheduledFuture<?> scheduled;
    private long firesAt = NONE;

    DeadlineTimer(EventLoop loop) {
        this.loop = loop;
    }

    /** {@code deadlines} hears the timer no later than {@code at}; {@code now} by the loop's ticker. */
    void fireBy(ExchangeDeadlines deadlines, long at, long now) {
        current = deadlines;
        if (scheduled != null) {
            if (firesAt - at <= 0) {
                return; // fires early enough: if that is too early, the deadlines ask again then
            }
            scheduled.cancel(false);
        }
        firesAt = at;
        scheduled = loop.schedule(this, Math.max(0, at - now), TimeUnit.NANOSECONDS);
    }

    /** {@code deadlines} is done with the timer, which may still fire, for nobody or for the next exchange. */
    void release(ExchangeDeadlines deadlines) {
        if (current == deadlines) {
            current = null;
        }
    }

    /** The connection closed: nothing is left to time, and nothing should keep it alive. */
    void close() {
        current = null;
        if (scheduled != null) {
            scheduled.cancel(false);
            scheduled = null;
            firesAt = NONE;
        }
    }

    @Override
    public void run() {
        scheduled = null;
        firesAt = NONE;
        ExchangeDeadlines due = current;
        if (due != null) {
            due.timerFired();
        }
    }
}
