package dev.telltale.proxy;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class RequestIdsTest {

    @Test
    void wellFormedIdsAreUpTo128SafeCharacters() {
        assertThat(RequestIds.isWellFormed("abc-123_x.y:z")).isTrue();
        assertThat(RequestIds.isWellFormed("a".repeat(128))).isTrue();
        assertThat(RequestIds.isWellFormed("a".repeat(129))).isFalse();
        assertThat(RequestIds.isWellFormed("")).isFalse();
        assertThat(RequestIds.isWellFormed(null)).isFalse();
        assertThat(RequestIds.isWellFormed("a b")).isFalse();
        assertThat(RequestIds.isWellFormed("<script>")).isFalse();
        assertThat(RequestIds.isWellFormed("id\r\nX-Evil: 1")).isFalse();
        assertThat(RequestIds.isWellFormed("é")).isFalse();
    }

    @Test
    void incomingIdIsKeptOnlyWhenTrustedAndWellFormed() {
        assertThat(RequestIds.choose("abc", true)).isEqualTo("abc");
        assertThat(RequestIds.choose("abc", false)).isNotEqualTo("abc");
        assertThat(RequestIds.choose("a<b", true)).isNotEqualTo("a<b").matches("[0-9a-z]{20}");
    }

    @Test
    void generatedIdsAreWellFormedAndDistinct() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String id = RequestIds.generate();
            assertThat(RequestIds.isWellFormed(id)).isTrue();
            ids.add(id);
        }
        assertThat(ids).hasSize(10_000);
    }
}
