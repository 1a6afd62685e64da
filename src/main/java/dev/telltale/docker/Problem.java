package dev.telltale.docker;

import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.http.TooLongHttpContentException;
import io.netty.handler.timeout.ReadTimeoutException;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Why the Docker API cannot be read, in the one line that {@code doctor}, {@code /status} and the log show. */
final class Problem {

    private Problem() {
    }

    /**
     * The connection failed. For a socket, the file tells more than the errno: missing means
     * not mounted, unwritable means the proxy's user lacks the socket's group.
     */
    static String unreachable(Endpoint endpoint, Throwable cause) {
        if (cause instanceof TooLongHttpContentException) {
            return "the Docker API at " + endpoint + " sent an answer larger than the client reads";
        }
        if (endpoint.unix()) {
            Path socket = Path.of(endpoint.socketPath());
            if (!Files.exists(socket)) {
                return "cannot reach the Docker API at " + endpoint + ": no such file (is the socket mounted?)";
            }
            if (!Files.isWritable(socket)) {
                return "permission denied on " + socket + ": give the proxy's user the socket's group (group_add)";
            }
        }
        return "cannot reach the Docker API at " + endpoint + ": " + why(endpoint, cause);
    }

    private static String why(Endpoint endpoint, Throwable cause) {
        if (cause instanceof ConnectTimeoutException) {
            return "no connection within " + DockerApi.CONNECT_TIMEOUT.toSeconds() + " s";
        }
        if (cause instanceof ConnectException) {
            return "connection refused (is " + (endpoint.unix() ? "the Docker daemon" : "the socket proxy")
                    + " running?)";
        }
        if (cause instanceof UnknownHostException) {
            return "unknown host " + endpoint.host();
        }
        if (cause instanceof ReadTimeoutException) {
            return "no answer within " + DockerApi.READ_TIMEOUT.toSeconds() + " s";
        }
        if (cause instanceof ClosedChannelException) {
            return "the connection closed before an answer";
        }
        return cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
    }

    /** A status other than 200 where the request needs it. */
    static String answered(String path, Answer answer) {
        String request = "GET " + withoutVersion(path);
        if (answer.status() == 403 || answer.status() == 401) {
            boolean first = request.equals("GET /_ping") || request.equals("GET /version");
            return "the API answered " + answer.status() + " to " + request + ": a socket proxy must allow GET "
                    + (first ? "/_ping, /version, " : "") + "/containers and /events";
        }
        return "the API answered " + answer.status() + " to " + request + message(answer.body());
    }

    static String tooOld(String version) {
        return "Docker API version " + version + " is too old: " + ApiVersion.OLDEST + " or newer is needed";
    }

    static String malformed(String path, BadAnswer bad) {
        return "unexpected answer to GET " + withoutVersion(path) + ": " + bad.getMessage();
    }

    /** Docker's error bodies are {@code {"message": "..."}}; a proxy's may be HTML, shown shortened. */
    private static String message(byte[] body) {
        if (body.length == 0) {
            return "";
        }
        String text;
        try {
            String message = Json.text(Json.parse(body), "message");
            text = message != null ? message : new String(body, StandardCharsets.UTF_8);
        } catch (BadAnswer notJson) {
            text = new String(body, StandardCharsets.UTF_8);
        }
        text = text.strip().replaceAll("\\s+", " ");
        return text.isEmpty() ? "" : ": " + (text.length() > 200 ? text.substring(0, 197) + "..." : text);
    }

    /** {@code /v1.44/events?since=...} reads as {@code /events}: the version and query mean nothing to a reader. */
    static String withoutVersion(String path) {
        String p = path.matches("/v[0-9.]+/.*") ? path.substring(path.indexOf('/', 1)) : path;
        int query = p.indexOf('?');
        return query < 0 ? p : p.substring(0, query);
    }
}
