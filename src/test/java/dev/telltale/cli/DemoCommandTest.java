package dev.telltale.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.telltale.failure.Failure;
import dev.telltale.testing.Json;
import dev.telltale.testing.ProxyProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code proxy demo} as a user runs it, in its own JVM: it prints a table of URLs, and every URL
 * gives the class and status the table advertises, to a real HTTP client.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Tag("process")
class DemoCommandTest {

    private static final Pattern ROW = Pattern.compile("^(\\w+)\\s+(\\d{3})(\\*?)\\s+(http://127\\.0\\.0\\.1:\\d+/\\S+)\\s");
    private static final Pattern NOT_SHOWN = Pattern.compile("^  (\\w+): ");
    private static final Pattern ADMIN = Pattern.compile("(http://127\\.0\\.0\\.1:\\d+)/incidents/");
    private static final Duration WAIT = Duration.ofSeconds(10);

    record Row(String label, int status, boolean cutMidBody, String url) {
    }

    static ProxyProcess demo;
    static List<String> printed;
    static HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void startTheDemo() throws Exception {
        demo = ProxyProcess.command("demo", "--port", "0", "--admin-port", "0");
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (demo.stdout().stream().noneMatch(line -> line.startsWith("Ctrl-C stops the demo"))) {
            assertThat(demo.isAlive()).as("the demo exited: %s", demo.stderr()).isTrue();
            assertThat(System.nanoTime() - deadline).as("no table within 20s: %s", demo.stderr()).isNegative();
            Thread.sleep(50);
        }
        printed = demo.stdout();
    }

    @AfterAll
    static void stopTheDemo() throws InterruptedException {
        demo.close();
    }

    private static List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        for (String line : printed) {
            Matcher row = ROW.matcher(line);
            if (row.find()) {
                rows.add(new Row(row.group(1), Integer.parseInt(row.group(2)), !row.group(3).isEmpty(), row.group(4)));
            }
        }
        return rows;
    }

    @Test
    @Order(1)
    void everyAdvertisedUrlGivesItsAdvertisedClass() throws Exception {
        List<Row> rows = rows();
        assertThat(rows).hasSizeGreaterThan(10);
        // All at once: the timeouts on show take a second or two each.
        List<CompletableFuture<Void>> checks = rows.stream()
                .map(row -> CompletableFuture.runAsync(() -> check(row))).toList();
        CompletableFuture.allOf(checks.toArray(CompletableFuture[]::new)).get();
    }

    @Test
    @Order(2)
    void everyFailureClassIsShownOrListedAsNotShownWithAReason() {
        Set<String> shown = rows().stream().map(Row::label).collect(Collectors.toSet());
        Set<String> notShown = printed.stream().map(NOT_SHOWN::matcher).filter(Matcher::find)
                .map(m -> m.group(1)).collect(Collectors.toSet());
        Set<String> proxyAndUpstream = Arrays.stream(Failure.values())
                .filter(f -> f.side() != Failure.Side.CLIENT).map(Failure::wireName).collect(Collectors.toSet());

        assertThat(shown).contains("healthy");
        assertThat(notShown).doesNotContainAnyElementsOf(shown)
                .contains("destination_ip_unroutable", "stale_connection");
        Set<String> covered = new java.util.HashSet<>(shown);
        covered.addAll(notShown);
        covered.remove("healthy");
        assertThat(covered).isEqualTo(proxyAndUpstream);
    }

    @Test
    @Order(2)
    void rootIsAnIndexOfEveryUrlAndTheStatusPageIsPrinted() throws Exception {
        String index = printed.stream().filter(line -> line.startsWith("These links as a page: ")).findFirst()
                .orElseThrow().substring("These links as a page: ".length());
        String status = printed.stream().filter(line -> line.startsWith("The status page, each upstream's last 15"))
                .findFirst().orElseThrow().replaceAll(".*: ", "");
        HttpResponse<String> page = client.send(HttpRequest.newBuilder(URI.create(index)).timeout(WAIT).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        for (Row row : rows()) {
            assertThat(page.body()).contains("<a href=\"" + URI.create(row.url()).getPath() + "\">");
        }
        assertThat(page.body()).contains("<a href=\"" + status + "\">");
        HttpResponse<String> statusPage = client.send(HttpRequest.newBuilder(URI.create(status)).timeout(WAIT)
                .header("Accept", "text/html").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(statusPage.statusCode()).isEqualTo(200);
        assertThat(statusPage.body()).contains("<svg class=timeline");
    }

    @Test
    @Order(3)
    void sigtermStopsTheDemoWithExitZero() throws Exception {
        demo.signal("TERM");
        assertThat(demo.awaitExit(10)).isZero();
    }

    private static void check(Row row) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(row.url())).timeout(WAIT)
                    .header("Accept", "text/html").build();
            HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            assertThat(response.statusCode()).as(row.label()).isEqualTo(row.status());
            String id = response.headers().firstValue("x-request-id").orElseThrow();
            Body body = read(response.body());
            if (row.label().equals("healthy")) {
                assertThat(response.headers().firstValue("proxy-status")).isEmpty();
                assertThat(body.text()).contains("Hello from the demo app");
                assertThat(body.complete()).isTrue();
                return;
            }
            if (row.cutMidBody()) {
                // The head went out before the failure: the body is cut, the class is in the log and the incident.
                assertThat(body.complete()).as(row.label() + " body cut short").isFalse();
                assertThat(logLine(id).get("failure").asText()).isEqualTo(row.label());
            } else {
                assertThat(response.headers().firstValue("proxy-status").orElseThrow())
                        .as(row.label()).startsWith("telltale; error=" + row.label() + ";");
                assertThat(response.headers().firstValue("content-type").orElseThrow()).startsWith("text/html");
                assertThat(body.text()).contains(id).contains(row.label());
            }
            assertThat(incident(id).get("failure").asText()).as(row.label()).isEqualTo(row.label());
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(row.label() + ": " + e, e);
        }
    }

    record Body(String text, boolean complete) {
    }

    /** Reads to the end; a connection closed before the declared end counts as incomplete. */
    private static Body read(InputStream in) {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (in) {
            in.transferTo(bytes);
            return new Body(bytes.toString(java.nio.charset.StandardCharsets.UTF_8), true);
        } catch (IOException cut) {
            return new Body(bytes.toString(java.nio.charset.StandardCharsets.UTF_8), false);
        }
    }

    private static JsonNode incident(String id) throws IOException, InterruptedException {
        Matcher admin = printed.stream().map(ADMIN::matcher).filter(Matcher::find).findFirst().orElseThrow();
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(admin.group(1)
                + "/incidents/" + id)).header("Accept", "application/json").timeout(WAIT).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("incident " + id).isEqualTo(200);
        return Json.parse(response.body());
    }

    /** The access-log line of request {@code id}, from the demo's stdout; lines are written off the request path. */
    private static JsonNode logLine(String id) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() - deadline < 0) {
            for (String line : demo.stdout()) {
                if (line.startsWith("{") && line.contains("\"request_id\":\"" + id + "\"")) {
                    return Json.parse(line);
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no access-log line for " + id);
    }
}
