package dev.telltale.http1;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The strict reading of request heads, case by case; each refusal names what is wrong. */
class RequestHeadCheckTest {

    private static RequestHead check(String head) {
        byte[] bytes = head.getBytes(StandardCharsets.ISO_8859_1);
        return RequestHeadCheck.check(bytes, bytes.length);
    }

    /** The reader sizes the table from the connection's last head; a bigger head grows it and loses nothing. */
    @Test
    void aFieldTableMadeTooSmallGrowsToHoldEveryField() {
        StringBuilder head = new StringBuilder("GET / HTTP/1.1\r\nHost: a\r\nConnection: keep-alive\r\n");
        for (int i = 0; i < 20; i++) {
            head.append("X-F").append(i).append(": v").append(i).append("\r\n");
        }
        byte[] bytes = head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
        RequestHead read = RequestHeadCheck.check(bytes, bytes.length, 1);
        assertThat(read.verdict().detail()).isNull();
        assertThat(read.fieldCount()).isEqualTo(22);
        assertThat(read.host()).isEqualTo("a");
        assertThat(read.value("x-f19")).isEqualTo("v19");
        assertThat(read.keepAlive()).isTrue();
    }

    @Test
    void anOrdinaryHeadIsAcceptedWithItsFraming() {
        RequestHead get = check("GET /a?b=c HTTP/1.1\r\nHost: example.test\r\nAccept: */*\r\n\r\n");
        assertThat(get.verdict().detail()).isNull();
        assertThat(get.methodName()).isEqualTo("GET");
        assertThat(get.uri()).isEqualTo("/a?b=c");
        assertThat(get.verdict().contentLength()).isEqualTo(-1);
        assertThat(get.verdict().chunked()).isFalse();

        RequestHead post = check("POST /u HTTP/1.1\r\nHost: a\r\nContent-Length: 0012\r\n\r\n");
        assertThat(post.verdict().detail()).isNull();
        assertThat(post.verdict().contentLength()).isEqualTo(12);

        RequestHead chunked = check("PUT /u HTTP/1.1\r\nHost: a:8080\r\ntransfer-encoding:  Chunked \r\n\r\n");
        assertThat(chunked.verdict().detail()).isNull();
        assertThat(chunked.verdict().chunked()).isTrue();

        assertThat(check("GET / HTTP/1.0\r\n\r\n").verdict().detail()).isNull();
        assertThat(check("OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n").verdict().detail()).isNull();
        assertThat(check("GET / HTTP/1.1\r\nHost: [::1]:80\r\nX-Obs: caf\u00e9\r\n\r\n").verdict().detail()).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "CL and TE                | POST / HTTP/1.1\\r\\nHost: a\\r\\nContent-Length: 5\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n | both Content-Length and Transfer-Encoding",
        "two CL headers           | POST / HTTP/1.1\\r\\nHost: a\\r\\nContent-Length: 5\\r\\nContent-Length: 5\\r\\n\\r\\n | more than one Content-Length header",
        "CL list                  | POST / HTTP/1.1\\r\\nHost: a\\r\\nContent-Length: 5, 5\\r\\n\\r\\n | invalid Content-Length \"5, 5\"",
        "CL sign                  | POST / HTTP/1.1\\r\\nHost: a\\r\\nContent-Length: +5\\r\\n\\r\\n | invalid Content-Length",
        "CL hex                   | POST / HTTP/1.1\\r\\nHost: a\\r\\nContent-Length: 0x5\\r\\n\\r\\n | invalid Content-Length",
        "CL huge                  | POST / HTTP/1.1\\r\\nHost: a\\r\\nContent-Length: 9999999999999999999\\r\\n\\r\\n | invalid Content-Length",
        "TE gzip                  | POST / HTTP/1.1\\r\\nHost: a\\r\\nTransfer-Encoding: gzip\\r\\n\\r\\n | is not chunked alone",
        "TE chunked twice         | POST / HTTP/1.1\\r\\nHost: a\\r\\nTransfer-Encoding: chunked\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n | is not chunked alone",
        "TE gzip then chunked     | POST / HTTP/1.1\\r\\nHost: a\\r\\nTransfer-Encoding: gzip, chunked\\r\\n\\r\\n | is not chunked alone",
        "TE chunked with junk     | POST / HTTP/1.1\\r\\nHost: a\\r\\nTransfer-Encoding: xchunked\\r\\n\\r\\n | is not chunked alone",
        "TE in HTTP/1.0           | POST / HTTP/1.0\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n | Transfer-Encoding in an HTTP/1.0 request",
        "obs-fold                 | GET / HTTP/1.1\\r\\nHost: a\\r\\nX-A: b\\r\\n c\\r\\n\\r\\n | folded over lines (obs-fold)",
        "space before colon       | GET / HTTP/1.1\\r\\nHost : a\\r\\n\\r\\n | invalid request header name \"Host \"",
        "tab before colon         | GET / HTTP/1.1\\r\\nHost\\t: a\\r\\n\\r\\n | invalid request header name",
        "no colon                 | GET / HTTP/1.1\\r\\nHost: a\\r\\nnocolon\\r\\n\\r\\n | header line without a name and colon",
        "empty name               | GET / HTTP/1.1\\r\\nHost: a\\r\\n: v\\r\\n\\r\\n | header line without a name and colon",
        "bare LF in head          | GET / HTTP/1.1\\nHost: a\\r\\n\\r\\n | a bare LF",
        "bare CR in value         | GET / HTTP/1.1\\r\\nHost: a\\r\\nX: a\\rb\\r\\n\\r\\n | a bare CR",
        "NUL in value             | GET / HTTP/1.1\\r\\nHost: a\\r\\nX: a\\u0000b\\r\\n\\r\\n | a control byte",
        "DEL in name              | GET / HTTP/1.1\\r\\nHost: a\\r\\nX\\u007f: b\\r\\n\\r\\n | a control byte",
        "lower-case version       | GET / http/1.1\\r\\nHost: a\\r\\n\\r\\n | unsupported or invalid HTTP version",
        "HTTP/2.0 on h1           | GET / HTTP/2.0\\r\\nHost: a\\r\\n\\r\\n | unsupported or invalid HTTP version",
        "HTTP/1.1 and more        | GET / HTTP/1.10\\r\\nHost: a\\r\\n\\r\\n | unsupported or invalid HTTP version",
        "no version               | GET /\\r\\nHost: a\\r\\n\\r\\n | invalid request line",
        "two spaces               | GET  / HTTP/1.1\\r\\nHost: a\\r\\n\\r\\n | invalid request line",
        "space in target          | GET /a b HTTP/1.1\\r\\nHost: a\\r\\n\\r\\n | invalid request line",
        "tab separator            | GET\\t/ HTTP/1.1\\r\\nHost: a\\r\\n\\r\\n | invalid request line",
        "invalid method           | G(T / HTTP/1.1\\r\\nHost: a\\r\\n\\r\\n | invalid method",
        "UTF-8 in target          | GET /caf\u00e9 HTTP/1.1\\r\\nHost: a\\r\\n\\r\\n | invalid byte in the request target",
        "two Host headers         | GET / HTTP/1.1\\r\\nHost: a\\r\\nHost: b\\r\\n\\r\\n | more than one Host header",
        "Host with userinfo       | GET / HTTP/1.1\\r\\nHost: user@a\\r\\n\\r\\n | invalid Host",
        "Host with path           | GET / HTTP/1.1\\r\\nHost: a/b\\r\\n\\r\\n | invalid Host",
        "Host with space          | GET / HTTP/1.1\\r\\nHost: a b\\r\\n\\r\\n | invalid Host",
        "Host with bad port       | GET / HTTP/1.1\\r\\nHost: a:8x\\r\\n\\r\\n | invalid Host",
    })
    void aHeadThatCouldBeReadTwoWaysIsRefusedWithTheReason(String name, String head, String reason) {
        String raw = head.replace("\\r", "\r").replace("\\n", "\n").replace("\\t", "\t")
                .replace("\\u0000", "\u0000").replace("\\u007f", "\u007f");

        RequestHead judged = check(raw);

        assertThat(judged.verdict().detail()).as(name).isNotNull().contains(reason);
    }

    @Test
    void moreThanAHundredFieldsAreRefused() {
        StringBuilder head = new StringBuilder("GET / HTTP/1.1\r\nHost: a\r\n");
        for (int i = 1; i < RequestHeadCheck.MAX_HEADERS; i++) {
            head.append("X-").append(i).append(": v\r\n");
        }
        assertThat(check(head + "\r\n").verdict().detail()).isNull();
        assertThat(check(head + "X-Last: v\r\n\r\n").verdict().detail()).isEqualTo("more than 100 header fields");
    }

    @Test
    void theLogGetsTheMethodAndTargetOnlyWhenTheyArePrintable() {
        RequestHead refused = check("GET /x HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\n");
        assertThat(refused.methodName()).isEqualTo("GET");
        assertThat(refused.uri()).isEqualTo("/x");
        RequestHead binary = check("\u0016\u0003\u0001 /\u0001 HTTP/1.1\r\n\r\n");
        assertThat(binary.methodName()).isEqualTo("-");
        assertThat(binary.uri()).isEqualTo("-");
        assertThat(binary.verdict().detail()).startsWith("request head has a control byte in \"\\x16\\x03\\x01");
    }
}
