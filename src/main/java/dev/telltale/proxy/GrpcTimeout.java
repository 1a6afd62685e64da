package dev.telltale.proxy;

import dev.telltale.http1.RequestHead;

import java.util.concurrent.TimeUnit;

/**
 * A gRPC client's deadline, from its {@code grpc-timeout} header: up to eight digits and a unit
 * ({@code H}, {@code M}, {@code S}, {@code m}, {@code u}, {@code n}). The proxy ends the exchange a
 * little before it, so that its explained answer reaches the client before the client's own timer
 * fires and the log says the app was slow rather than that the client gave up.
 */
final class GrpcTimeout {

    /** The deadline as the client sent it, in nanoseconds; 0 when there is none or it cannot be read. */
    static long nanos(RequestHead head) {
        String value = head.value("grpc-timeout");
        if (value == null || value.length() < 2 || value.length() > 9) {
            return 0;
        }
        long amount = 0;
        for (int i = 0; i < value.length() - 1; i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return 0;
            }
            amount = amount * 10 + (c - '0');
        }
        TimeUnit unit = switch (value.charAt(value.length() - 1)) {
            case 'H' -> TimeUnit.HOURS;
            case 'M' -> TimeUnit.MINUTES;
            case 'S' -> TimeUnit.SECONDS;
            case 'm' -> TimeUnit.MILLISECONDS;
            case 'u' -> TimeUnit.MICROSECONDS;
            case 'n' -> TimeUnit.NANOSECONDS;
            default -> null;
        };
        return unit == null ? 0 : unit.toNanos(amount);
    }

    /** How much sooner than the client's deadline the proxy answers: a tenth of it, at most 100 ms. */
    static long marginNanos(long deadlineNanos) {
        return Math.min(deadlineNanos / 10, TimeUnit.MILLISECONDS.toNanos(100));
    }

    private GrpcTimeout() {
    }
}
