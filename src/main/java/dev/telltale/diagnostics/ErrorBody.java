package dev.telltale.diagnostics;

import dev.telltale.config.DetailLevel;
import dev.telltale.failure.Explanations;
import dev.telltale.failure.Failure;

/**
 * The body of a proxy-made error response, in the format the client asked for
 * and at the detail level it may see. The headers that go with it come from {@link ProxyStatus}
 * and {@link RetryAdvice}.
 */
public final class ErrorBody {

    private ErrorBody() {
    }

    /**
     * Reads the page template and the explanations now, at start-up, so that the first error
     * never waits on a resource read on an event loop.
     */
    public static void preload() {
        Explanations.of(Failure.PROXY_INTERNAL_ERROR);
        HtmlBody.preload();
    }

    public static RenderedError render(ErrorReport report, DetailLevel level, ResponseFormat format) {
        VisibleReport visible = VisibleReport.of(report, level);
        return switch (format) {
            case HTML -> HtmlBody.render(visible);
            case PROBLEM_JSON -> ProblemJsonBody.render(visible);
            case TEXT -> TextBody.render(visible);
        };
    }
}
