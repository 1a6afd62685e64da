package dev.telltale.diagnostics;

import org.junit.jupiter.api.Test;

import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

class RequestIdBitsTest {

    @Test
    void anIdOfTheProxysAlphabetGoesToTwoHalvesAndBack() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < 1000; i++) {
            String id = RequestIdBits.decode(random.nextLong() & RequestIdBits.HALF, random.nextLong() & RequestIdBits.HALF);
            assertThat(id).hasSize(20).matches("[0-9a-hjkmnp-tv-z]{20}");
            assertThat(RequestIdBits.decode(RequestIdBits.high(id), RequestIdBits.low(id))).isEqualTo(id);
        }
        assertThat(RequestIdBits.decode(0, 0)).isEqualTo("00000000000000000000");
        assertThat(RequestIdBits.decode(RequestIdBits.HALF, RequestIdBits.HALF)).isEqualTo("zzzzzzzzzzzzzzzzzzzz");
    }

    @Test
    void anyOtherIdIsNotEncodable() {
        assertThat(encodable("0123456789abcdefghjk")).isTrue();
        assertThat(encodable("0123456789abcdefghi0")).isFalse(); // no i in the alphabet
        assertThat(encodable("i123456789abcdefghjk")).isFalse();
        assertThat(encodable("0123456789ABCDEFGHJK")).isFalse();
        assertThat(encodable("012345678\u00e9abcdefghjk")).isFalse();
        assertThat(encodable("0123456789")).isFalse();
        assertThat(encodable("0123456789abcdefghjk0")).isFalse();
        assertThat(encodable(null)).isFalse();
    }

    private static boolean encodable(String id) {
        return RequestIdBits.high(id) != RequestIdBits.NOT_ENCODABLE && RequestIdBits.low(id) != RequestIdBits.NOT_ENCODABLE;
    }
}
