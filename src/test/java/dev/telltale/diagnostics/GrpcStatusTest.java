package dev.telltale.diagnostics;

import dev.telltale.config.DetailLevel;
import dev.telltale.failure.Failure;
import dev.telltale.failure.Phase;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class GrpcStatusTest {

    @Test
    void unavailableOnlyWhereTheRequestWasNotProcessed() {
        assertThat(GrpcStatus.of(Failure.CONNECTION_REFUSED, Phase.CONNECT)).isEqualTo(GrpcStatus.UNAVAILABLE);
        assertThat(GrpcStatus.of(Failure.DNS_TIMEOUT, Phase.CONNECT)).isEqualTo(GrpcStatus.UNAVAILABLE);
        assertThat(GrpcStatus.of(Failure.CONNECTION_TIMEOUT, Phase.CONNECT)).isEqualTo(GrpcStatus.UNAVAILABLE);
        assertThat(GrpcStatus.of(Failure.STALE_CONNECTION, Phase.REQUEST)).isEqualTo(GrpcStatus.UNAVAILABLE);
        assertThat(GrpcStatus.of(Failure.CONNECTION_TERMINATED, Phase.CONNECT))
                .as("reset as TCP connected: nothing was sent").isEqualTo(GrpcStatus.UNAVAILABLE);
        assertThat(GrpcStatus.of(Failure.CONNECTION_TERMINATED, Phase.RESPONSE_HEAD))
                .as("reset after the request went: the app may have acted on it").isEqualTo(GrpcStatus.INTERNAL);
    }

    @Test
    void timeoutsWithTheRequestAtTheAppAreDeadlineExceeded() {
        assertThat(GrpcStatus.of(Failure.HTTP_RESPONSE_TIMEOUT, Phase.RESPONSE_HEAD))
                .isEqualTo(GrpcStatus.DEADLINE_EXCEEDED);
        assertThat(GrpcStatus.of(Failure.CONNECTION_READ_TIMEOUT, Phase.RESPONSE_BODY))
                .isEqualTo(GrpcStatus.DEADLINE_EXCEEDED);
    }

    @Test
    void sizesProtocolErrorsAndRoutes() {
        assertThat(GrpcStatus.of(Failure.HTTP_RESPONSE_HEADER_SECTION_SIZE, Phase.RESPONSE_HEAD))
                .isEqualTo(GrpcStatus.RESOURCE_EXHAUSTED);
        assertThat(GrpcStatus.of(Failure.HTTP_REQUEST_BODY_SIZE, Phase.REQUEST)).isEqualTo(GrpcStatus.RESOURCE_EXHAUSTED);
        assertThat(GrpcStatus.of(Failure.HTTP_PROTOCOL_ERROR, Phase.RESPONSE_HEAD)).isEqualTo(GrpcStatus.INTERNAL);
        assertThat(GrpcStatus.of(Failure.DESTINATION_NOT_FOUND, Phase.ROUTING)).isEqualTo(GrpcStatus.UNIMPLEMENTED);
        assertThat(GrpcStatus.UNAVAILABLE.code()).isEqualTo(14);
        assertThat(GrpcStatus.DEADLINE_EXCEEDED.code()).isEqualTo(4);
    }

    @Test
    void theMessageIsPercentEncodedAndLeaksNothingAtSafeDetail() {
        String safe = GrpcStatus.message(SampleReports.report(Failure.CONNECTION_REFUSED), DetailLevel.SAFE);
        assertThat(safe).startsWith("connection_refused: ").endsWith("(request ID " + SampleReports.REQUEST_ID + ")");
        assertThat(SampleReports.INTERNALS).allSatisfy(internal -> assertThat(safe).doesNotContain(internal));
        assertThat(GrpcStatus.percentEncoded("100% sûr\r\n")).isEqualTo("100%25 s%C3%BBr%0D%0A");
    }
}
