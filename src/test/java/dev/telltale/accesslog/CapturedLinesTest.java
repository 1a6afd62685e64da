package dev.telltale.accesslog;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CapturedLinesTest {

    @Test
    void waitsForLinesWrittenOnAnotherThread() {
        CapturedLines lines = new CapturedLines();
        AccessLog log = lines.accessLog();

        new Thread(() -> {
            sleep(Duration.ofMillis(50));
            log.write(SampleEntries.full("late"));
        }).start();

        assertThat(lines.awaitEntries(1, Duration.ofSeconds(5)).get(0).get("request_id").asText())
                .isEqualTo("late");
    }

    @Test
    void failsWithWhatItSawWhenLinesDoNotCome() {
        CapturedLines lines = new CapturedLines();
        lines.accept("{\"only\":1}");

        assertThatThrownBy(() -> lines.awaitLines(2, Duration.ofMillis(50)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("expected 2")
                .hasMessageContaining("{\"only\":1}");
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
