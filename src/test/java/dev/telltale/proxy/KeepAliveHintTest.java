package dev.telltale.proxy;

import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class KeepAliveHintTest {

    private static long hint(String keepAlive) {
        return KeepAliveHint.nanos(ClientResponseHeadTest.read("HTTP/1.1 200 OK\r\n"
                + (keepAlive == null ? "" : "Keep-Alive: " + keepAlive + "\r\n") + "Content-Length: 0\r\n\r\n"));
    }

    @Test
    void upstreamTimeoutLessOneSecondIsHowLongTheConnectionMayIdle() {
        assertThat(hint("timeout=5, max=100")).isEqualTo(TimeUnit.SECONDS.toNanos(4));
        assertThat(hint("max=100, Timeout=10")).isEqualTo(TimeUnit.SECONDS.toNanos(9));
    }

    @Test
    void aOneSecondLimitMeansDoNotReuse() {
        assertThat(hint("timeout=1")).isZero();
        assertThat(hint("timeout=0")).isZero();
    }

    @Test
    void noOrUnreadableHintLeavesThePoolSetting() {
        assertThat(hint(null)).isEqualTo(KeepAliveHint.NONE);
        assertThat(hint("max=5")).isEqualTo(KeepAliveHint.NONE);
        assertThat(hint("timeout=soon")).isEqualTo(KeepAliveHint.NONE);
    }
}
