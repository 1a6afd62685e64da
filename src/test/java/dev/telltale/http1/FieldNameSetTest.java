package dev.telltale.http1;

import org.junit.jupiter.api.Test;


import static org.assertj.core.api.Assertions.assertThat;

class FieldNameSetTest {

    private static final String LONG = "x-a-field-name-that-is-longer-than-sixty-four-bytes-and-any-common-one";

    private static ResponseHead head(String fields) {
        return ResponseHeads.read("HTTP/1.1 200 OK\r\n" + fields + "\r\n");
    }

    @Test
    void aNameIsFoundInAnyCaseAndOnlyWhole() {
        FieldNameSet set = new FieldNameSet("connection", "te", "upgrade");
        ResponseHead head = head("CONNECTION: x\r\nTe: y\r\ntee: z\r\nupgradE: w\r\nconnectioN2: v\r\nt: u\r\n");
        assertThat(set.indexOf(head, 0)).isEqualTo(0);
        assertThat(set.indexOf(head, 1)).isEqualTo(1);
        assertThat(set.has(head, 2)).as("a longer name with the same start").isFalse();
        assertThat(set.indexOf(head, 3)).isEqualTo(2);
        assertThat(set.has(head, 4)).isFalse();
        assertThat(set.has(head, 5)).as("a shorter one").isFalse();
    }

    @Test
    void aNameAsLongAsASetMembersButOtherIsNotInIt() {
        FieldNameSet set = new FieldNameSet("keep-alive", "connection");
        ResponseHead head = head("keep-alivf: 1\r\nconnectiox: 2\r\nKeep-Alive: 3\r\n");
        assertThat(set.has(head, 0)).isFalse();
        assertThat(set.has(head, 1)).isFalse();
        assertThat(set.indexOf(head, 2)).isEqualTo(0);
    }

    @Test
    void namesOfSixtyFourBytesOrMoreAreComparedToo() {
        assertThat(LONG.length()).isGreaterThanOrEqualTo(64);
        ResponseHead head = head(LONG.toUpperCase() + ": 1\r\n" + LONG + "x: 2\r\n");
        assertThat(new FieldNameSet("te", LONG).indexOf(head, 0)).isEqualTo(1);
        assertThat(new FieldNameSet("te", LONG).has(head, 1)).isFalse();
        assertThat(new FieldNameSet("te").has(head, 0)).as("no long name in the set").isFalse();
    }

    @Test
    void aNameAsTextIsFoundInAnyCaseAndOnlyWhole() {
        FieldNameSet set = new FieldNameSet("connection", "te");
        assertThat(set.contains("connection")).isTrue();
        assertThat(set.contains("TE")).isTrue();
        assertThat(set.contains("tee")).isFalse();
        assertThat(set.contains("connectioN2")).isFalse();
        assertThat(set.contains("connectiox")).isFalse();
        assertThat(set.contains("")).isFalse();
    }
}
