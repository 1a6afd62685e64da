package dev.telltale.proxy;

import dev.telltale.testing.ProxyProcess;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code destination_ip_unroutable}, for real: the proxy runs in a network namespace this test
 * creates, with only loopback, so the kernel has no route to the target and connect() fails at
 * once with ENETUNREACH (or EHOSTUNREACH, depending on the kernel). No packet leaves the namespace. Needs root and iproute2 (CI has both).
 */
@Tag("netns")
class UnroutableTargetTest {

    @TempDir
    Path dir;

    @Test
    void targetWithNoRouteGives502DestinationIpUnroutable() throws Exception {
        String namespace = "telltale-unroutable-" + ProcessHandle.current().pid();
        boolean created = run("ip", "netns", "add", namespace) == 0;
        if ("true".equals(System.getenv("CI"))) {
            assertThat(created).as("CI must be able to create a network namespace (root, iproute2)").isTrue();
        }
        assumeTrue(created, "network namespaces are not available here");
        try {
            assertThat(run("ip", "netns", "exec", namespace, "ip", "link", "set", "lo", "up")).isZero();
            Path config = dir.resolve("proxy.yaml");
            Files.writeString(config, """
                    listen: { address: 127.0.0.1, port: 0 }
                    admin: { port: 0 }
                    upstreams:
                      app: { targets: ["10.254.254.1:80"] }
                    routes:
                      - { name: web, match: { path_prefix: / }, upstream: app }
                    access_log: { target: "%s" }
                    """.formatted(dir.resolve("access.log")));
            try (ProxyProcess proxy = ProxyProcess.startWrapped(List.of("ip", "netns", "exec", namespace), config)) {
                int port = proxy.awaitPort();
                String response = output("ip", "netns", "exec", namespace, "curl", "-s", "-i",
                        "http://127.0.0.1:" + port + "/");
                assertThat(response).startsWith("HTTP/1.1 502")
                        .containsIgnoringCase("proxy-status: telltale; error=destination_ip_unroutable;");
                String log = "";
                for (int i = 0; i < 50 && !log.contains("destination_ip_unroutable"); i++) {
                    Thread.sleep(100);
                    log = Files.exists(dir.resolve("access.log")) ? Files.readString(dir.resolve("access.log")) : "";
                }
                assertThat(log).contains("\"failure\":\"destination_ip_unroutable\"")
                        .contains("connect to 10.254.254.1:80: ")
                        .containsAnyOf("network is unreachable", "no route to host");
            }
        } finally {
            run("ip", "netns", "del", namespace);
        }
    }

    private static int run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return -1;
        }
        return process.exitValue();
    }

    private static String output(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(new ArrayList<>(List.of(command))).redirectErrorStream(true).start();
        byte[] out = process.getInputStream().readAllBytes();
        process.waitFor(20, TimeUnit.SECONDS);
        return new String(out, StandardCharsets.UTF_8);
    }
}
