package dev.telltale.testing;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMessage;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The fuzz tests' "never forwards an ambiguous message": what passed the strict stages frames one way only. */
public final class Unambiguous {

    private Unambiguous() {
    }

    /** At most one length, a transfer coding only when it is chunked alone, no line break or NUL in any field. */
    public static void assertFramingOf(HttpMessage head) {
        List<String> lengths = head.headers().getAll(HttpHeaderNames.CONTENT_LENGTH);
        List<String> codings = head.headers().getAll(HttpHeaderNames.TRANSFER_ENCODING);
        assertThat(lengths).as("Content-Length of %s", head).hasSizeLessThanOrEqualTo(1);
        if (!codings.isEmpty()) {
            assertThat(codings).as("Transfer-Encoding of %s", head).hasSize(1)
                    .allSatisfy(coding -> assertThat(coding.trim()).isEqualToIgnoringCase("chunked"));
        }
        for (Map.Entry<String, String> field : head.headers()) {
            assertThat(field.getKey() + field.getValue()).as("a field of %s", head).doesNotContain("\r", "\n", "\0");
        }
    }
}
