package dev.telltale.proxy;

import dev.telltale.testing.CaptureUpstream;
import dev.telltale.testing.PeerProxies;
import dev.telltale.testing.ProxyHarness;
import dev.telltale.upstream.Transport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The same hostile or ambiguous requests, and the same hostile responses, sent in one run to
 * Telltale, nginx and HAProxy (from the machine's packages, on loopback, private configs), all in
 * front of one recording upstream. Telltale must refuse every request that both peers refuse,
 * and a request it forwards must reach the upstream as a peer forwarded it: the same requests,
 * targets and bodies, nothing smuggled. It must refuse every response that both peers refuse.
 * The table of outcomes is printed.
 */
@Tag("peer")
class PeerDifferentialTest {

    private static final int READ_TIMEOUT_MS = 1500;

    @TempDir
    Path dir;

    /** What one proxy did with one case. */
    record Outcome(String answer, List<CaptureUpstream.Seen> forwarded) {
        boolean refused() {
            return forwarded.isEmpty();
        }

        String forwardedShape() {
            List<String> shapes = new ArrayList<>();
            for (CaptureUpstream.Seen seen : forwarded) {
                String[] parts = seen.requestLine().split(" ");
                shapes.add(parts[0] + " " + (parts.length > 1 ? parts[1] : "") + " body=" + seen.body());
            }
            return String.join(" | ", shapes);
        }

        @Override
        public String toString() {
            return refused() ? "refused (" + answer + ")" : "forwarded " + forwarded.size() + " (" + answer + ")";
        }
    }

    @Test
    void telltaleRefusesWhatBothPeersRefuseAndForwardsOnlyAsAPeerDoes() throws Exception {
        boolean required = "true".equals(System.getenv("CI"));
        boolean available = PeerProxies.find("nginx") != null && PeerProxies.find("haproxy") != null;
        assumeTrue(available || required, "nginx and HAProxy are not installed (CI=true requires them)");
        assertThat(available).as("nginx and haproxy must be installed when CI=true").isTrue();

        try (CaptureUpstream upstream = new CaptureUpstream();
             PeerProxies peers = new PeerProxies(dir, upstream.port());
             ProxyHarness telltale = ProxyHarness.simple(Transport.best(), "127.0.0.1:" + upstream.port())) {
            Map<String, Integer> proxies = new LinkedHashMap<>(peers.ports());
            proxies.put("telltale", telltale.port());

            List<String> rows = new ArrayList<>();
            List<String> violations = new ArrayList<>();
            int agreed = 0;
            int stricter = 0;
            for (Map.Entry<String, String> hostile : HostileMessages.requests().entrySet()) {
                Map<String, Outcome> outcomes = new LinkedHashMap<>();
                for (Map.Entry<String, Integer> proxy : proxies.entrySet()) {
                    upstream.reset(null);
                    String answer = send(proxy.getValue(), hostile.getValue());
                    Thread.sleep(30); // a smuggled second request would arrive just after the first answer
                    outcomes.put(proxy.getKey(), new Outcome(answer, upstream.seen()));
                }
                Outcome nginx = outcomes.get("nginx");
                Outcome haproxy = outcomes.get("haproxy");
                Outcome ours = outcomes.get("telltale");
                String verdict;
                if (ours.refused()) {
                    verdict = nginx.refused() && haproxy.refused() ? "agree" : "stricter";
                } else if (nginx.refused() && haproxy.refused()) {
                    verdict = "LOOSER";
                } else {
                    boolean likeAPeer = !nginx.refused() && nginx.forwardedShape().equals(ours.forwardedShape())
                            || !haproxy.refused() && haproxy.forwardedShape().equals(ours.forwardedShape());
                    verdict = likeAPeer ? "agree" : "DIFFERENT FRAMING";
                }
                if (verdict.equals("agree")) {
                    agreed++;
                } else if (verdict.equals("stricter")) {
                    stricter++;
                } else {
                    violations.add(hostile.getKey() + ": " + verdict + " " + outcomes + " telltale forwarded "
                            + ours.forwarded());
                }
                rows.add(String.format("| %s | %s | %s | %s | %s |", hostile.getKey(), nginx, haproxy, ours, verdict));
            }

            List<String> responseRows = new ArrayList<>();
            int responsesAgreed = 0;
            int responsesStricter = 0;
            for (Map.Entry<String, String> hostile : HostileMessages.responses().entrySet()) {
                Map<String, String> answers = new LinkedHashMap<>();
                for (Map.Entry<String, Integer> proxy : proxies.entrySet()) {
                    upstream.reset(hostile.getValue().getBytes(StandardCharsets.ISO_8859_1));
                    answers.put(proxy.getKey(), send(proxy.getValue(), "GET /r HTTP/1.1\r\nHost: a\r\n\r\n"));
                }
                boolean nginxRefused = gatewayError(answers.get("nginx"));
                boolean haproxyRefused = gatewayError(answers.get("haproxy"));
                boolean oursRefused = gatewayError(answers.get("telltale"));
                String verdict = oursRefused == (nginxRefused && haproxyRefused) ? "agree"
                        : oursRefused ? "stricter" : "LOOSER";
                if (verdict.equals("agree")) {
                    responsesAgreed++;
                } else if (verdict.equals("stricter")) {
                    responsesStricter++;
                } else {
                    violations.add("response " + hostile.getKey() + ": " + verdict + " " + answers);
                }
                responseRows.add(String.format("| %s | %s | %s | %s | %s |", hostile.getKey(), answers.get("nginx"),
                        answers.get("haproxy"), answers.get("telltale"), verdict));
            }
            upstream.reset(null);

            System.out.println("| request case | nginx | haproxy | telltale | verdict |");
            System.out.println("| --- | --- | --- | --- | --- |");
            rows.forEach(System.out::println);
            System.out.println();
            System.out.println("| response case | nginx | haproxy | telltale | verdict |");
            System.out.println("| --- | --- | --- | --- | --- |");
            responseRows.forEach(System.out::println);
            System.out.printf("%nrequests: %d cases, %d agree, %d where Telltale is stricter; responses: %d cases,"
                            + " %d agree, %d where Telltale is stricter; %d violations%n", rows.size(), agreed, stricter,
                    responseRows.size(), responsesAgreed, responsesStricter, violations.size());

            assertThat(rows).hasSizeGreaterThanOrEqualTo(100);
            assertThat(responseRows).hasSizeGreaterThanOrEqualTo(30);
            assertThat(violations).isEmpty();
        }
    }

    /** A proxy's own 502, 503 or 504, or no answer at all, is a refusal of the upstream's response. */
    private static boolean gatewayError(String answer) {
        return answer.startsWith("502") || answer.startsWith("503") || answer.startsWith("504")
                || answer.equals("closed") || answer.equals("no answer");
    }

    /**
     * Sends {@code raw} on a new connection and returns the status of the first answer with its
     * body's first bytes, {@code closed} when the proxy hung up without one, or {@code no answer}.
     */
    private static String send(int port, String raw) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(READ_TIMEOUT_MS);
            socket.getOutputStream().write(raw.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            boolean ended = false;
            try {
                int n;
                while (!complete(got.toString(StandardCharsets.ISO_8859_1))) {
                    n = in.read(buffer);
                    if (n < 0) {
                        ended = true;
                        break;
                    }
                    got.write(buffer, 0, n);
                }
            } catch (SocketTimeoutException waited) {
                // what came is what there is
            } catch (java.net.SocketException reset) {
                ended = true;
            }
            String text = got.toString(StandardCharsets.ISO_8859_1);
            if (text.isEmpty()) {
                return ended ? "closed" : "no answer";
            }
            if (!text.startsWith("HTTP/1.")) {
                return "garbage";
            }
            String status = text.length() >= 12 ? text.substring(9, 12) : text;
            int bodyStart = text.indexOf("\r\n\r\n");
            String body = bodyStart < 0 ? "" : text.substring(bodyStart + 4);
            return status.startsWith("2") ? status + " " + CaptureUpstream.printable(
                    body.substring(0, Math.min(body.length(), 12))) : status;
        }
    }

    /** Enough of an answer to judge it: a whole head, and for a 2xx its whole body when it has a length. */
    private static boolean complete(String text) {
        int head = text.indexOf("\r\n\r\n");
        if (head < 0) {
            return false;
        }
        if (!text.startsWith("HTTP/1.1 2") && !text.startsWith("HTTP/1.0 2")) {
            return true;
        }
        String lower = text.substring(0, head).toLowerCase(java.util.Locale.ROOT);
        String body = text.substring(head + 4);
        int length = lower.indexOf("\r\ncontent-length:");
        if (length >= 0) {
            int end = lower.indexOf("\r\n", length + 2);
            String value = lower.substring(length + 17, end < 0 ? lower.length() : end).trim();
            try {
                return body.length() >= Long.parseLong(value);
            } catch (NumberFormatException e) {
                return true;
            }
        }
        if (lower.contains("\r\ntransfer-encoding:")) {
            return body.startsWith("0\r\n\r\n") || body.contains("\r\n0\r\n\r\n");
        }
        return false; // delimited by the close
    }
}
