package dev.telltale.docker;

import com.fasterxml.jackson.databind.JsonNode;
import dev.telltale.container.Container;
import dev.telltale.container.ContainerStatus;
import dev.telltale.container.NetworkEndpoint;
import dev.telltale.container.PublishedPort;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The answer of {@code GET /containers/{id}/json} as a {@link Container}: what Docker knows of
 * it now, without the history that only events give.
 */
final class Inspection {

    static final String COMPOSE_PROJECT = "com.docker.compose.project";
    static final String COMPOSE_SERVICE = "com.docker.compose.service";

    /**
     * @param hostname the container's {@code Config.Hostname}, to recognise the proxy's own container
     */
    record Inspected(Container container, String hostname) {
    }

    private Inspection() {
    }

    static Inspected parse(JsonNode root) {
        if (!root.isObject()) {
            throw new BadAnswer("not a JSON object");
        }
        String id = Json.text(root, "Id");
        if (id == null || id.isEmpty()) {
            throw new BadAnswer("no Id");
        }
        JsonNode state = Json.object(root, "State");
        if (state == null) {
            throw new BadAnswer("no State");
        }
        String statusText = Json.text(state, "Status");
        ContainerStatus status = ContainerStatus.parse(statusText);
        if (status == null) {
            throw new BadAnswer("State.Status " + (statusText == null ? "missing" : "\"" + statusText + "\" unknown"));
        }
        JsonNode config = Json.object(root, "Config");
        JsonNode labels = Json.object(config, "Labels");
        JsonNode health = Json.object(state, "Health");
        JsonNode network = Json.object(root, "NetworkSettings");
        Container container = new Container(id, withoutSlash(Json.text(root, "Name")), Json.text(config, "Image"),
                Json.text(labels, COMPOSE_PROJECT), Json.text(labels, COMPOSE_SERVICE), status,
                Json.integer(state, "ExitCode", 0), Json.bool(state, "OOMKilled"), time(state, "StartedAt"),
                time(state, "FinishedAt"), Json.integer(root, "RestartCount", 0), List.of(), healthStatus(health),
                lastOutput(health), networks(Json.object(network, "Networks")),
                published(network, Json.object(root, "HostConfig")), exposed(Json.object(config, "ExposedPorts")),
                false, null,
                List.of(), restartPolicy(Json.object(Json.object(root, "HostConfig"), "RestartPolicy")));
        return new Inspected(container, Json.text(config, "Hostname"));
    }

    /** {@code {"Name": "on-failure", "MaximumRetryCount": 5}} is {@code on-failure:5}; none is null. */
    private static String restartPolicy(JsonNode policy) {
        String name = Json.text(policy, "Name");
        if (name == null || name.isEmpty()) {
            return null;
        }
        int max = Json.integer(policy, "MaximumRetryCount", 0);
        return name.equals("on-failure") && max > 0 ? name + ":" + max : name;
    }

    /** Docker writes {@code 0001-01-01T00:00:00Z} for "never"; that is null here. */
    static Instant time(JsonNode parent, String field) {
        String text = Json.text(parent, field);
        if (text == null || text.isEmpty()) {
            return null;
        }
        try {
            OffsetDateTime at = OffsetDateTime.parse(text);
            return at.getYear() <= 1 ? null : at.toInstant();
        } catch (DateTimeParseException e) {
            throw new BadAnswer(field + " \"" + text + "\" is no time");
        }
    }

    private static String withoutSlash(String name) {
        return name != null && name.startsWith("/") ? name.substring(1) : name;
    }

    private static String healthStatus(JsonNode health) {
        String status = Json.text(health, "Status");
        return status == null || status.isEmpty() || status.equals("none") ? null : status;
    }

    private static String lastOutput(JsonNode health) {
        JsonNode log = Json.array(health, "Log");
        if (log == null || log.isEmpty()) {
            return null;
        }
        JsonNode last = log.get(log.size() - 1);
        if (!last.isObject()) {
            throw new BadAnswer("Health.Log holds " + last.getNodeType() + ", not objects");
        }
        return Json.text(last, "Output");
    }

    private static List<NetworkEndpoint> networks(JsonNode networks) {
        List<NetworkEndpoint> out = new ArrayList<>();
        if (networks == null) {
            return out;
        }
        for (Map.Entry<String, JsonNode> entry : networks.properties()) {
            JsonNode endpoint = entry.getValue();
            if (!endpoint.isObject()) {
                throw new BadAnswer("network " + entry.getKey() + " is no object");
            }
            String ip = Json.text(endpoint, "IPAddress");
            // Before API 1.45 the names are in Aliases; since, DNSNames holds them all.
            Set<String> aliases = new LinkedHashSet<>(texts(endpoint, "Aliases"));
            aliases.addAll(texts(endpoint, "DNSNames"));
            out.add(new NetworkEndpoint(entry.getKey(), ip == null || ip.isEmpty() ? null : ip, List.copyOf(aliases)));
        }
        return out;
    }

    private static List<String> texts(JsonNode parent, String field) {
        JsonNode array = Json.array(parent, field);
        List<String> out = new ArrayList<>();
        if (array != null) {
            for (JsonNode item : array) {
                if (!item.isTextual()) {
                    throw new BadAnswer(field + " holds " + item + ", not names");
                }
                out.add(item.textValue());
            }
        }
        return out;
    }

    /**
     * The ports in use, or, for a container that is not running (Docker empties
     * {@code NetworkSettings.Ports} when it stops), the bindings it was created with: a stopped
     * app must still be found behind the port it publishes when it runs.
     */
    private static List<PublishedPort> published(JsonNode network, JsonNode hostConfig) {
        List<PublishedPort> inUse = published(Json.object(network, "Ports"));
        return inUse.isEmpty() ? published(Json.object(hostConfig, "PortBindings")) : inUse;
    }

    /** {@code {"8000/tcp": [{"HostIp": "0.0.0.0", "HostPort": "8081"}]}}; UDP ports are of no use to a proxy. */
    private static List<PublishedPort> published(JsonNode ports) {
        List<PublishedPort> out = new ArrayList<>();
        if (ports == null) {
            return out;
        }
        for (Map.Entry<String, JsonNode> entry : ports.properties()) {
            Integer containerPort = tcpPort(entry.getKey());
            JsonNode bindings = entry.getValue();
            if (containerPort == null || bindings == null || bindings.isNull()) {
                continue;
            }
            if (!bindings.isArray()) {
                throw new BadAnswer("port " + entry.getKey() + " is bound to " + bindings + ", not a list");
            }
            for (JsonNode binding : bindings) {
                String hostPort = Json.text(binding, "HostPort");
                if (hostPort == null || hostPort.isEmpty()) {
                    continue;
                }
                out.add(new PublishedPort(Json.text(binding, "HostIp"), number(hostPort, "HostPort"), containerPort));
            }
        }
        return out;
    }

    private static List<Integer> exposed(JsonNode exposedPorts) {
        Set<Integer> out = new TreeSet<>();
        if (exposedPorts != null) {
            exposedPorts.fieldNames().forEachRemaining(key -> {
                Integer port = tcpPort(key);
                if (port != null) {
                    out.add(port);
                }
            });
        }
        return List.copyOf(out);
    }

    /** {@code 8000/tcp} is 8000; {@code 53/udp} is null; Docker omits {@code /tcp} in some old answers. */
    private static Integer tcpPort(String key) {
        int slash = key.indexOf('/');
        if (slash >= 0 && !key.substring(slash + 1).equals("tcp")) {
            return null;
        }
        return number(slash < 0 ? key : key.substring(0, slash), "port");
    }

    private static int number(String text, String what) {
        try {
            int port = Integer.parseInt(text);
            if (port < 0 || port > 65535) {
                throw new BadAnswer(what + " " + text + " is out of range");
            }
            return port;
        } catch (NumberFormatException e) {
            throw new BadAnswer(what + " \"" + text + "\" is no number");
        }
    }
}
