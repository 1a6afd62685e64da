package dev.telltale.upstream;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The requests of one upstream that wait for it to come back (the deploy hold): how many there
 * are, under a cap, and who to wake when a health check or a container event says a target is
 * back. Shared by every event loop; each waiter wakes itself on its own loop.
 */
public final class HoldGate {

    /** A held request; {@link #wake} runs on any thread and must hand over to the request's own loop. */
    public interface Waiter {
        void wake();
    }

    private final AtomicInteger held = new AtomicInteger();
    private final AtomicLong refused = new AtomicLong();
    private final Set<Waiter> waiting = ConcurrentHashMap.newKeySet();

    /** Takes a place under {@code max}; false (and counted as refused) when the hold is full. */
    public boolean tryEnter(int max) {
        while (true) {
            int now = held.get();
            if (now >= max) {
                refused.incrementAndGet();
                return false;
            }
            if (held.compareAndSet(now, now + 1)) {
                return true;
            }
        }
    }

    /** Gives back a place taken with {@link #tryEnter}. */
    public void leave() {
        held.decrementAndGet();
    }

    /** Until {@link #unpark}, {@code waiter} is woken by {@link #wakeAll}. */
    public void park(Waiter waiter) {
        waiting.add(waiter);
    }

    public void unpark(Waiter waiter) {
        waiting.remove(waiter);
    }

    /** Something says the upstream may be back: every parked request tries again now. */
    public void wakeAll() {
        for (Waiter waiter : waiting) {
            waiter.wake();
        }
    }

    /** Requests holding a place right now. */
    public int held() {
        return held.get();
    }

    /** Requests answered at once because the hold was full, since this upstream was built. */
    public long refused() {
        return refused.get();
    }
}
