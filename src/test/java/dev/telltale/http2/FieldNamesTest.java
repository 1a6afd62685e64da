package dev.telltale.http2;

import dev.telltale.http1.ResponseHead;
import dev.telltale.http1.ResponseHeads;
import io.netty.util.AsciiString;
import org.junit.jupiter.api.Test;


import static org.assertj.core.api.Assertions.assertThat;

class FieldNamesTest {

    private static ResponseHead head(String fields) {
        return ResponseHeads.read("HTTP/1.1 200 OK\r\n" + fields + "\r\n");
    }

    @Test
    void aCommonNameInAnyCaseIsTheOneConstant() {
        ResponseHead head = head("Content-Type: text/html\r\nCONTENT-LENGTH: 3\r\nx-request-id: a\r\n");
        AsciiString type = FieldNames.lowerName(head, 0);
        assertThat(type.toString()).isEqualTo("content-type");
        assertThat((Object) type).isSameAs(FieldNames.lowerName(head("content-type: text/plain\r\n"), 0));
        assertThat(FieldNames.lowerName(head, 1).toString()).isEqualTo("content-length");
        assertThat(FieldNames.lowerName(head, 2).toString()).isEqualTo("x-request-id");
    }

    @Test
    void anyOtherNameIsMadeInLowerCase() {
        ResponseHead head = head("X-Custom-Thing: 1\r\nContent-Typo: 2\r\nA-Name-Longer-Than-Any-Common-One-Is: 3\r\n");
        assertThat(FieldNames.lowerName(head, 0).toString()).isEqualTo("x-custom-thing");
        assertThat(FieldNames.lowerName(head, 1).toString()).as("the length of a common name, not its letters")
                .isEqualTo("content-typo");
        assertThat(FieldNames.lowerName(head, 2).toString()).isEqualTo("a-name-longer-than-any-common-one-is");
    }
}
