package dev.telltale;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the test tiers honest: a test that opens sockets or starts processes carries one of the tags the pom
 * runs after the fast tier, so {@code mvn -Pfast test} stays quick and never needs the network or a process.
 */
class TestTiersTest {

    private static final Path TESTS = Path.of("src/test/java");
    private static final Pattern TAG = Pattern.compile("@Tag\\(\"([^\"]+)\"\\)");
    private static final Pattern TEST = Pattern.compile("@(Test|ParameterizedTest|FuzzTest|TestFactory)\\b");
    /** What a test uses when it opens a socket or starts a process, directly or through a fixture. */
    private static final Pattern REAL_NETWORK = Pattern.compile("ProxyHarness|ProxyProcess|RawHttpClient"
            + "|ScriptedUpstream|RecordingUpstream|CaptureUpstream|TlsOkUpstream|WebSocketEchoUpstream|FakeDnsServer"
            + "|MisbehavingUpstream|PeerProxies|DelayingRelay|FakeDockerApi|TelltaleSocketPermutation"
            + "|ServerBootstrap|new Bootstrap\\(|new Socket\\(|ServerSocket|HttpClient|ProcessBuilder|CommandRun"
            + "|AdminServer|ProxyServer");

    @Test
    void everyTagIsATierThePomRuns() throws IOException {
        Set<String> tiers = pomTags();
        List<String> unknown = new ArrayList<>();
        for (Path file : testFiles()) {
            Matcher tag = TAG.matcher(Files.readString(file));
            while (tag.find()) {
                if (!tiers.contains(tag.group(1))) {
                    unknown.add(file + " @Tag(\"" + tag.group(1) + "\")");
                }
            }
        }
        assertThat(tiers).contains("socket", "process", "soak", "chromium", "peer", "netns", "fuzz");
        assertThat(unknown).isEmpty();
    }

    @Test
    void aTestOnRealSocketsOrProcessesIsNotInTheFastTier() throws IOException {
        List<String> untagged = new ArrayList<>();
        for (Path file : testFiles()) {
            String source = Files.readString(file);
            boolean self = file.endsWith("TestTiersTest.java");
            if (!self && TEST.matcher(source).find() && REAL_NETWORK.matcher(source).find() && !TAG.matcher(source).find()) {
                untagged.add(file.toString());
            }
        }
        assertThat(untagged).as("tag them @Tag(\"socket\") or @Tag(\"process\")").isEmpty();
    }

    private static List<Path> testFiles() throws IOException {
        try (Stream<Path> files = Files.walk(TESTS)) {
            return files.filter(f -> f.toString().endsWith("Test.java")).toList();
        }
    }

    /** The tags of the pom's tier properties, e.g. {@code <tier.socket.tags>socket,process</tier.socket.tags>}. */
    private static Set<String> pomTags() throws IOException {
        Matcher tier = Pattern.compile("<tier\\.\\w+\\.tags>([^<]+)</").matcher(Files.readString(Path.of("pom.xml")));
        Set<String> tags = new HashSet<>();
        while (tier.find()) {
            tags.addAll(Stream.of(tier.group(1).split(",")).map(String::trim).collect(Collectors.toSet()));
        }
        return tags;
    }
}
