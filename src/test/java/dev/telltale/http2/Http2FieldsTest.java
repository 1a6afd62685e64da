package dev.telltale.http2;

import dev.telltale.http1.ResponseHead;
import dev.telltale.http1.ResponseHeads;
import dev.telltale.http1.ResponseReader;
import io.netty.util.AsciiString;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class Http2FieldsTest {

    /** One reader for every head, as a stream's is: its bytes are reused for the next head. */
    private final ResponseReader reader = new ResponseReader(4096);

    private ResponseHead head(String fields) {
        return ResponseHeads.read(reader, "HTTP/1.1 200 OK\r\n" + fields + "\r\n");
    }

    private static List<String> text(AsciiString[] pairs) {
        List<String> out = new ArrayList<>();
        for (AsciiString field : pairs) {
            out.add(field.toString());
        }
        return out;
    }

    @Test
    void aHeadsFieldsAreLowerCasePairsWithoutTheConnectionsOwn() {
        AsciiString[] pairs = Http2Fields.pairs(head(
                "Server: app\r\nConnection: keep-alive\r\nKeep-Alive: timeout=5\r\nX-Thing: A b\r\n"));
        assertThat(text(pairs)).containsExactly("server", "app", "x-thing", "A b");
    }

    @Test
    void aCommonFieldsValueThatRepeatsIsTheSameValueAndOneThatChangesIsNew() {
        AsciiString[] first = Http2Fields.pairs(head("Server: app\r\nContent-Length: 3\r\nX-Thing: same\r\n"));
        AsciiString[] second = Http2Fields.pairs(head("Server: app\r\nContent-Length: 5\r\nX-Thing: same\r\n"));
        assertThat(text(first)).containsExactly("server", "app", "content-length", "3", "x-thing", "same");
        assertThat(text(second)).containsExactly("server", "app", "content-length", "5", "x-thing", "same");
        assertThat((Object) second[1]).as("the same bytes give the same value").isSameAs(first[1]);
        assertThat((Object) second[3]).as("as long, other bytes").isNotSameAs(first[3]);
        assertThat((Object) second[5]).as("only common names' values are kept").isNotSameAs(first[5]);
        AsciiString[] third = Http2Fields.pairs(head("Server: app2\r\n"));
        assertThat(text(third)).containsExactly("server", "app2");
        assertThat(text(first)).as("a value kept is a copy, not a view of the reused head")
                .containsExactly("server", "app", "content-length", "3", "x-thing", "same");
    }
}
