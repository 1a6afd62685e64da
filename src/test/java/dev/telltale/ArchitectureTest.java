package dev.telltale;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The package rules of docs/architecture.md, checked on the sources' imports. */
class ArchitectureTest {

    private static final Path SOURCES = Path.of("src/main/java/dev/telltale");
    private static final Pattern IMPORT = Pattern.compile("^import (static )?dev\\.telltale\\.(\\w+)\\.", Pattern.MULTILINE);

    /** Which project packages each package may import. */
    private static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
            Map.entry("config", Set.of("failure")),
            Map.entry("route", Set.of("config")),
            Map.entry("failure", Set.of()),
            // What Docker knows of the app's containers, and the causes it allows: pure data and logic.
            Map.entry("container", Set.of("config", "failure")),
            // The Docker Engine API client that keeps the container state; only cli wires it.
            Map.entry("docker", Set.of("container", "config")),
            Map.entry("accesslog", Set.of("container")),
            Map.entry("triage", Set.of("failure", "accesslog")),
            Map.entry("diagnostics", Set.of("failure", "config", "container")),
            // HTTP/1 on the wire, for both directions: head scanning, field syntax, framing rules, the
            // chunk walk, and the one verdict type; pure rules over bytes (Netty buffers), no handlers.
            Map.entry("http1", Set.of()),
            // HTTP/2 to clients: Netty's codec, and each stream's frames to and from HTTP/1.1 bytes, so
            // that the proxy package meets one protocol; http1: the proxy's answer is read back with its reader.
            Map.entry("http2", Set.of("config", "http1")),
            // accesslog: the exchange listener hears the end of an exchange as its log line records it.
            // http2: a stream to an HTTP/2 upstream is laid out as an HTTP/1.1 connection, behind its translation.
            Map.entry("upstream", Set.of("config", "failure", "http1", "http2", "accesslog")),
            // http1: a probe reads the response head the upstream connection hands it.
            Map.entry("health", Set.of("upstream", "config", "failure", "accesslog", "http1")),
            // The listener's certificate, reloaded in place, and the client handshakes it fails.
            Map.entry("tls", Set.of("config")),
            Map.entry("proxy", Set.of("route", "upstream", "failure", "diagnostics", "accesslog", "config",
                    "container", "http1", "http2", "tls")),
            Map.entry("admin", Set.of("health", "upstream", "diagnostics", "config", "failure", "accesslog",
                    "container", "tls")),
            // Span export: a listener of every exchange that turns its log line into a span.
            Map.entry("tracing", Set.of("accesslog", "config", "failure", "upstream")),
            // The catalogue of misbehaving upstreams (raw servers that fail as real apps do): demo and tests.
            Map.entry("zoo", Set.of("upstream")),
            // The demo is wiring like cli; no package but cli may import it.
            Map.entry("demo", Set.of("config", "failure", "upstream", "proxy", "diagnostics", "health", "accesslog",
                    "admin", "zoo")),
            Map.entry("cli", Set.of("config", "route", "failure", "upstream", "health", "proxy", "diagnostics",
                    "accesslog", "admin", "demo", "triage", "container", "docker", "tracing", "tls")));

    /** Packages that must know nothing of Netty's channels, buffers or pipelines. */
    private static final Set<String> NO_NETTY = Set.of("config", "route", "failure", "diagnostics", "accesslog",
            "triage", "container", "tracing");

    /**
     * The Netty classes those packages may still use: address literals and subnet matching are pure functions
     * on bytes, and taking them from Netty beats keeping our own copies.
     */
    private static final Set<String> PURE_NETTY = Set.of("io.netty.util.NetUtil",
            "io.netty.handler.ipfilter.IpSubnetFilterRule", "io.netty.handler.ipfilter.IpFilterRuleType");
    private static final Pattern NETTY_IMPORT = Pattern.compile("^import (static )?(io\\.netty\\.[\\w.]+);",
            Pattern.MULTILINE);
    /** Packages of pure rules over Netty's buffers and codec types, with no channel or handler of their own. */
    private static final Set<String> NO_CHANNELS = Set.of("http1");

    @Test
    void packagesImportOnlyWhatTheirLayerAllows() throws IOException {
        List<String> violations = new ArrayList<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String pkg = SOURCES.relativize(file).getName(0).toString();
                String source = Files.readString(file);
                Matcher matcher = IMPORT.matcher(source);
                while (matcher.find()) {
                    String imported = matcher.group(2);
                    if (!imported.equals(pkg) && !ALLOWED.getOrDefault(pkg, Set.of()).contains(imported)) {
                        violations.add(file + " imports dev.telltale." + imported);
                    }
                }
                Matcher netty = NETTY_IMPORT.matcher(source);
                while (NO_NETTY.contains(pkg) && netty.find()) {
                    if (!PURE_NETTY.contains(netty.group(2))) {
                        violations.add(file + " imports " + netty.group(2));
                    }
                }
                if (NO_CHANNELS.contains(pkg) && source.contains("import io.netty.channel.")) {
                    violations.add(file + " imports Netty channels");
                }
            }
        }
        assertThat(violations).isEmpty();
    }

    /** Past 300 lines a class has more than one job (docs/architecture.md, Habits): split it, do not raise this. */
    @Test
    void noMainFileIsLongerThan300Lines() throws IOException {
        List<String> tooLong = new ArrayList<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                long lines = Files.readAllLines(file).size();
                if (lines > 300) {
                    tooLong.add(file + " has " + lines + " lines");
                }
            }
        }
        assertThat(tooLong).isEmpty();
    }

    @Test
    void everyPackageIsKnownToTheRules() throws IOException {
        try (Stream<Path> dirs = Files.list(SOURCES)) {
            assertThat(dirs.filter(Files::isDirectory).map(d -> d.getFileName().toString()))
                    .allSatisfy(pkg -> assertThat(ALLOWED).containsKey(pkg));
        }
    }
}
