package dev.telltale.diagnostics;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class ResponseFormatTest {

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            # Chrome / Edge
            text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7 | HTML
            # Firefox
            text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8                    | HTML
            # Safari
            text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8                    | HTML
            # curl, wget, health checkers
            */*                                                                                | TEXT
            text/plain                                                                         | TEXT
            text/*                                                                             | TEXT
            application/json                                                                   | PROBLEM_JSON
            application/problem+json                                                           | PROBLEM_JSON
            'application/json, text/plain, */*'                                                | PROBLEM_JSON
            application/json; charset=utf-8                                                    | PROBLEM_JSON
            APPLICATION/JSON                                                                   | PROBLEM_JSON
            Text/HTML                                                                          | HTML
            text/html;q=0                                                                      | TEXT
            'text/html;q=0, application/json'                                                  | PROBLEM_JSON
            'text/html; Q=0.0, */*'                                                            | TEXT
            application/json;q=0                                                               | TEXT
            'application/json;q=1, text/html;q=0.5'                                            | PROBLEM_JSON
            'application/json;q=0.5, text/html;q=0.5'                                          | HTML
            'text/html;q=0.001'                                                                | HTML
            'text/html;q=abc'                                                                  | TEXT
            'text/html;q=2'                                                                    | TEXT
            'text/html ; level=1 ; q=0.4'                                                      | HTML
            image/png                                                                          | TEXT
            ,,,                                                                                | TEXT
            """)
    void acceptHeaderChoosesTheBody(String accept, ResponseFormat expected) {
        assertThat(ResponseFormat.negotiate(accept)).isEqualTo(expected);
    }

    @Test
    void missingOrEmptyAcceptGivesText() {
        assertThat(ResponseFormat.negotiate(null)).isEqualTo(ResponseFormat.TEXT);
        assertThat(ResponseFormat.negotiate("")).isEqualTo(ResponseFormat.TEXT);
        assertThat(ResponseFormat.negotiate("   ")).isEqualTo(ResponseFormat.TEXT);
    }

    @Test
    void eachFormatHasItsContentType() {
        assertThat(ResponseFormat.HTML.contentType()).isEqualTo("text/html; charset=utf-8");
        assertThat(ResponseFormat.PROBLEM_JSON.contentType()).isEqualTo("application/problem+json");
        assertThat(ResponseFormat.TEXT.contentType()).isEqualTo("text/plain; charset=utf-8");
    }
}
