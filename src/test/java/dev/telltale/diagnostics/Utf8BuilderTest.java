package dev.telltale.diagnostics;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class Utf8BuilderTest {

    @ParameterizedTest
    @ValueSource(strings = {"", "plain ascii", "caf\u00e9", "a \u2014 b", "\u2713 ok", "\ud83d\ude00 face",
            "\u20ac" + "aaaaaaaaaaaaaaaaaaaa", "lone \ud800 high", "lone \udc00 low", "end \ud83d"})
    void encodesLikeTheJdk(String text) {
        assertThat(new Utf8Builder(1).append(text).toByteArray()).isEqualTo(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Every capacity and mix of one- to four-byte characters: growth never loses or overruns a byte. */
    @Test
    void growsCorrectlyWhateverTheMixOfCharacterWidths() {
        Random random = new Random(7);
        String[] pieces = {"a", "bc", "\u00e9", "\u2014", "\ud83d\ude00", "\ud800"};
        for (int round = 0; round < 2000; round++) {
            Utf8Builder builder = new Utf8Builder(1 + random.nextInt(16));
            StringBuilder expected = new StringBuilder();
            for (int part = random.nextInt(6); part >= 0; part--) {
                StringBuilder text = new StringBuilder();
                for (int i = random.nextInt(20); i >= 0; i--) {
                    text.append(pieces[random.nextInt(pieces.length)]);
                }
                builder.append(text);
                expected.append(text);
                if (random.nextBoolean()) {
                    builder.append('\u2713').append(round);
                    expected.append('\u2713').append(round);
                }
            }
            byte[] want = expected.toString().getBytes(StandardCharsets.UTF_8);
            assertThat(builder.toByteArray()).isEqualTo(want);
            assertThat(builder.length()).isEqualTo(want.length);
        }
    }

    @Test
    void appendsPreEncodedBytesAsTheyAre() {
        byte[] head = "<p>\u2713</p>".getBytes(StandardCharsets.UTF_8);
        assertThat(new Utf8Builder(2).append(head).append("x").toByteArray())
                .isEqualTo("<p>\u2713</p>x".getBytes(StandardCharsets.UTF_8));
    }
}
