package dev.telltale.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.telltale.testing.Json;
import dev.telltale.testing.Ports;
import dev.telltale.testing.ProxyProcess;
import dev.telltale.testing.RawHttpClient;
import dev.telltale.testing.RawHttpClient.RawResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker/kubernetes.yaml as a cluster would read it: its objects agree with each other (ports,
 * labels, annotations), and its probe paths, run against a proxy started from its own ConfigMap,
 * answer as its comments say: ready while the app is down, so the pod stays in the Service and
 * clients get the proxy's page.
 */
@Tag("process")
class KubernetesManifestTest {

    private static final Path MANIFEST = Path.of("docker/kubernetes.yaml");
    private static final Map<String, JsonNode> OBJECTS = new HashMap<>();

    @TempDir
    Path dir;

    @BeforeAll
    static void read() throws Exception {
        try (MappingIterator<JsonNode> docs = new YAMLMapper().readerFor(JsonNode.class)
                .readValues(MANIFEST.toFile())) {
            while (docs.hasNext()) {
                JsonNode doc = docs.next();
                OBJECTS.put(doc.path("kind").asText(), doc);
            }
        }
    }

    private static JsonNode container() {
        return OBJECTS.get("Deployment").path("spec").path("template").path("spec").path("containers").get(0);
    }

    private static int containerPort(String name) {
        for (JsonNode port : container().path("ports")) {
            if (port.path("name").asText().equals(name)) {
                return port.path("containerPort").asInt();
            }
        }
        throw new AssertionError("no container port named " + name);
    }

    /** A probe's port is a name of a container port or a number. */
    private static int probePort(JsonNode probe) {
        JsonNode port = probe.path("httpGet").path("port");
        return port.isInt() ? port.asInt() : containerPort(port.asText());
    }

    @Test
    void theObjectsAgreeOnLabelsPortsAndAnnotations() {
        assertThat(OBJECTS).containsKeys("ConfigMap", "Deployment", "Service", "PodDisruptionBudget", "NetworkPolicy");
        JsonNode podLabels = OBJECTS.get("Deployment").path("spec").path("template").path("metadata").path("labels");
        assertThat(OBJECTS.get("Deployment").path("spec").path("selector").path("matchLabels")).isEqualTo(podLabels);
        assertThat(OBJECTS.get("Service").path("spec").path("selector")).isEqualTo(podLabels);
        assertThat(OBJECTS.get("PodDisruptionBudget").path("spec").path("selector").path("matchLabels"))
                .isEqualTo(podLabels);
        assertThat(OBJECTS.get("PodDisruptionBudget").path("spec").path("minAvailable").asInt())
                .isPositive().isLessThan(OBJECTS.get("Deployment").path("spec").path("replicas").asInt());

        int admin = containerPort("admin");
        int http = containerPort("http");
        assertThat(probePort(container().path("readinessProbe"))).isEqualTo(admin);
        assertThat(probePort(container().path("livenessProbe"))).isEqualTo(admin);
        JsonNode annotations = OBJECTS.get("Deployment").path("spec").path("template").path("metadata")
                .path("annotations");
        assertThat(annotations.path("prometheus.io/scrape").asText()).isEqualTo("true");
        assertThat(annotations.path("prometheus.io/port").asInt()).isEqualTo(admin);

        JsonNode policy = OBJECTS.get("NetworkPolicy").path("spec");
        assertThat(policy.path("podSelector").path("matchLabels")).isEqualTo(podLabels);
        JsonNode open = policy.path("ingress").get(0);
        JsonNode adminRule = policy.path("ingress").get(1);
        assertThat(open.has("from")).as("the http port is open to all").isFalse();
        assertThat(open.path("ports").get(0).path("port").asInt()).isEqualTo(http);
        assertThat(adminRule.path("ports").get(0).path("port").asInt()).isEqualTo(admin);
        assertThat(adminRule.path("from")).hasSize(1);
        assertThat(adminRule.path("from").get(0).path("podSelector").isEmpty())
                .as("every pod of the namespace, and no other namespace").isTrue();
        assertThat(adminRule.path("from").get(0).has("namespaceSelector")).isFalse();

        String config = OBJECTS.get("ConfigMap").path("data").path("proxy.yaml").asText();
        assertThat(config).contains("port: " + admin).contains("port: ${PORT:-" + http + "}");
    }

    @Test
    void theProbePathsKeepThePodReadyWhileTheAppIsDownAndThePageExplainsIt() throws Exception {
        String config = OBJECTS.get("ConfigMap").path("data").path("proxy.yaml").asText();
        int adminPort = Ports.closed();
        int appPort = Ports.closed();
        // The only change: a free admin port instead of 9901, so the test cannot collide with anything.
        String local = config.replace("port: " + containerPort("admin"), "port: " + adminPort);
        Path file = dir.resolve("proxy.yaml");
        Files.writeString(file, local);

        try (ProxyProcess proxy = ProxyProcess.startWrapped(
                List.of("env", "PORT=0", "APP_TARGET=127.0.0.1:" + appPort), file)) {
            int port = proxy.awaitPort();
            assertThat(proxy.awaitAdminPort()).isEqualTo(adminPort);
            String readiness = container().path("readinessProbe").path("httpGet").path("path").asText();
            String liveness = container().path("livenessProbe").path("httpGet").path("path").asText();

            RawResponse routes = null;
            for (int i = 0; i < 200; i++) {
                routes = get(adminPort, "/readyz/routes");
                if (routes.status() == 503) {
                    break;
                }
                Thread.sleep(100);
            }
            assertThat(routes.status()).as("the app's route is down").isEqualTo(503);
            assertThat(Json.parse(routes.bodyText()).get("reasons").get(0).asText()).startsWith("route web: ");

            RawResponse ready = get(adminPort, readiness);
            assertThat(ready.status()).as("the readiness probe, with the app down").isEqualTo(200);
            assertThat(get(adminPort, liveness).status()).isEqualTo(200);
            JsonNode verbose = Json.parse(get(adminPort, readiness + "?verbose").bodyText());
            assertThat(verbose.get("routes").get(0).get("ready").asBoolean()).isFalse();

            RawResponse page = get(port, "/");
            assertThat(page.status()).as("the proxy's own answer reaches the client").isEqualTo(503);
            assertThat(page.header("proxy-status")).contains("error=destination_unavailable")
                    .contains("every target of upstream app is down").contains("connection_refused");

            JsonNode annotations = OBJECTS.get("Deployment").path("spec").path("template").path("metadata")
                    .path("annotations");
            RawResponse metrics = get(adminPort, annotations.path("prometheus.io/path").asText());
            assertThat(metrics.status()).isEqualTo(200);
            assertThat(metrics.bodyText()).contains("telltale_requests_total{");
        }
    }

    private static RawResponse get(int port, String path) throws Exception {
        try (RawHttpClient client = new RawHttpClient(port)) {
            return client.exchange("GET " + path + " HTTP/1.1\r\nHost: pod\r\n\r\n");
        }
    }
}
