package dev.telltale.upstream;

import dev.telltale.accesslog.AccessLogEntry;
import dev.telltale.failure.ExchangeFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Several listeners heard as one, in the order they were added. A listener that throws is logged
 * and skipped for that step: observing an exchange must never break it.
 */
public final class ExchangeListeners implements ExchangeListener {

    private static final Logger LOG = LoggerFactory.getLogger(ExchangeListeners.class);

    /** Replaced whole on {@link #add}, so that a step in flight on any loop reads a stable list. */
    private volatile ExchangeListener[] all;

    public ExchangeListeners(ExchangeListener... listeners) {
        this.all = listeners.clone();
    }

    /** What every exchange's target keeps of its outcomes ({@link TargetOutcomes}) comes first. */
    public static ExchangeListeners withTargetOutcomes() {
        return new ExchangeListeners(TargetOutcomes.INSTANCE);
    }

    /** Hears every step from now on; the exchanges already under way included. */
    public synchronized void add(ExchangeListener listener) {
        ExchangeListener[] next = Arrays.copyOf(all, all.length + 1);
        next[all.length] = listener;
        all = next;
    }

    private void each(Consumer<ExchangeListener> step) {
        for (ExchangeListener listener : all) {
            try {
                step.accept(listener);
            } catch (RuntimeException bug) {
                LOG.error("exchange listener {} failed; the exchange goes on", listener.getClass().getName(), bug);
            }
        }
    }

    @Override
    public void dnsResolved(Target target, InetSocketAddress address) {
        each(listener -> listener.dnsResolved(target, address));
    }

    @Override
    public void connected(Target target) {
        each(listener -> listener.connected(target));
    }

    @Override
    public void tlsHandshaken(Target target, long millis) {
        each(listener -> listener.tlsHandshaken(target, millis));
    }

    @Override
    public void requestSent(Target target) {
        each(listener -> listener.requestSent(target));
    }

    @Override
    public void headReceived(Target target, int status) {
        each(listener -> listener.headReceived(target, status));
    }

    @Override
    public void bodyEnded(Target target) {
        each(listener -> listener.bodyEnded(target));
    }

    @Override
    public void attemptFailed(Target target, ExchangeFailure failure) {
        each(listener -> listener.attemptFailed(target, failure));
    }

    @Override
    public void exchangeEnded(AccessLogEntry entry, ExchangeFailure failure) {
        each(listener -> listener.exchangeEnded(entry, failure));
    }
}
