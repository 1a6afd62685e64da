package dev.telltale.http1;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The heads of one connection share the text of a Host or User-Agent they repeat, and only then. */
class RepeatedValuesTest {

    private final RepeatedValues repeated = new RepeatedValues();

    private RequestHead read(String head) {
        byte[] bytes = head.getBytes(StandardCharsets.ISO_8859_1);
        RequestHead read = RequestHeadCheck.check(bytes, bytes.length, 4, repeated);
        assertThat(read.verdict().detail()).isNull();
        return read;
    }

    @Test
    void aRepeatedHostAndUserAgentAreTheSameTextNotANewOne() {
        RequestHead first = read("GET /a HTTP/1.1\r\nHost: app.test:8080\r\nUser-Agent: curl/8.5.0\r\n\r\n");
        RequestHead second = read("GET /b HTTP/1.1\r\nUser-Agent:  curl/8.5.0 \r\nHost: app.test:8080\r\n\r\n");

        assertThat(second.host()).isEqualTo("app.test:8080").isSameAs(first.host());
        assertThat(second.userAgent()).isEqualTo("curl/8.5.0").isSameAs(first.userAgent());
    }

    @Test
    void aChangedValueGetsItsOwnTextAndTheLatestIsKept() {
        RequestHead first = read("GET / HTTP/1.1\r\nHost: a.test\r\nUser-Agent: one\r\n\r\n");
        String firstHost = first.host();
        RequestHead second = read("GET / HTTP/1.1\r\nHost: b.test\r\nUser-Agent: two\r\n\r\n");
        RequestHead prefix = read("GET / HTTP/1.1\r\nHost: b.tes\r\nUser-Agent: tw\r\n\r\n");

        assertThat(second.host()).isEqualTo("b.test");
        assertThat(second.userAgent()).isEqualTo("two");
        assertThat(prefix.host()).isEqualTo("b.tes");
        assertThat(prefix.userAgent()).isEqualTo("tw");
        // Each head reads its own bytes: the first one still says what it said.
        assertThat(first.host()).isEqualTo(firstHost).isEqualTo("a.test");
        assertThat(first.userAgent()).isEqualTo("one");
    }

    @Test
    void bytesAboveAsciiCompareAsTheTextIsMadeFromThem() {
        RequestHead first = read("GET / HTTP/1.1\r\nHost: a\r\nUser-Agent: caf\u00e9\r\n\r\n");
        RequestHead same = read("GET / HTTP/1.1\r\nHost: a\r\nUser-Agent: caf\u00e9\r\n\r\n");
        RequestHead other = read("GET / HTTP/1.1\r\nHost: a\r\nUser-Agent: caf\u00e8\r\n\r\n");

        assertThat(same.userAgent()).isSameAs(first.userAgent());
        assertThat(other.userAgent()).isEqualTo("caf\u00e8");
    }

    @Test
    void aHeadWithoutTheFieldHasNone() {
        RequestHead head = read("GET / HTTP/1.0\r\n\r\n");

        assertThat(head.host()).isNull();
        assertThat(head.userAgent()).isNull();
    }
}
