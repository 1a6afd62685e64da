package dev.telltale.docker;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which API version the requests name, from what {@code GET /version} says. */
class ApiVersionTest {

    @Test
    void theDaemonsOwnVersionWhenOlderThanThePreferredOne() {
        assertThat(ApiVersion.choose(v("1.41"), v("1.12"))).isEqualTo(v("1.41"));
        assertThat(ApiVersion.choose(v("1.24"), null)).isEqualTo(v("1.24"));
    }

    @Test
    void thePreferredVersionWhenTheDaemonStillSpeaksIt() {
        assertThat(ApiVersion.choose(v("1.47"), v("1.24"))).isEqualTo(ApiVersion.PREFERRED);
        assertThat(ApiVersion.choose(v("1.47"), null)).isEqualTo(ApiVersion.PREFERRED);
        assertThat(ApiVersion.PREFERRED.prefix()).isEqualTo("/v1.44");
    }

    @Test
    void theDaemonsOwnVersionWhenItNoLongerSpeaksThePreferredOne() {
        assertThat(ApiVersion.choose(v("1.52"), v("1.46"))).isEqualTo(v("1.52"));
    }

    @Test
    void tooOldIsNullAndNonsenseIsNoVersion() {
        assertThat(ApiVersion.choose(v("1.12"), null)).isNull();
        assertThat(ApiVersion.parse("latest")).isNull();
        assertThat(ApiVersion.parse("1.x")).isNull();
        assertThat(ApiVersion.parse(null)).isNull();
        assertThat(v("1.9").compareTo(v("1.10"))).isNegative();
    }

    private static ApiVersion v(String text) {
        return ApiVersion.parse(text);
    }
}
