package dev.telltale.container;

import dev.telltale.config.TargetAddress;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Which containers a target names. A target is written as the app is reached, so it may be a
 * Compose service name, a container name or network alias, a container's IP on a network, or a
 * port that a container publishes on the host ({@code 127.0.0.1:8081} with the app in Docker and
 * the proxy on the host). Pure logic over one snapshot.
 */
public final class TargetContainers {

    /** Names that reach the host from inside a container, where published ports are found. */
    private static final List<String> HOST_NAMES = List.of("localhost", "host.docker.internal", "gateway.docker.internal");

    private TargetContainers() {
    }

    /** How a target was matched: a published port speaks through Docker's userland proxy. */
    public enum Via { NAME, ADDRESS, PUBLISHED_PORT }

    /** One container a target names, and the port inside it that the target reaches. */
    public record Match(Container container, Via via, int containerPort) {
    }

    /** The containers {@code target} names, none when the source is away or nothing matches. */
    public static List<Match> of(Containers snapshot, TargetAddress target) {
        if (!snapshot.connected()) {
            return List.of();
        }
        String host = target.host().toLowerCase(Locale.ROOT);
        boolean proxyInContainer = snapshot.selfId() != null;
        if (isLoopback(host) || HOST_NAMES.contains(host)) {
            // Inside a container, 127.0.0.1 is the proxy's own container, not the host.
            return proxyInContainer && !HOST_NAMES.subList(1, HOST_NAMES.size()).contains(host)
                    ? List.of() : published(snapshot, target.port(), null);
        }
        List<Match> byAddress = new ArrayList<>();
        for (Container c : snapshot.all()) {
            if (c.id().equals(snapshot.selfId())) {
                continue;
            }
            for (NetworkEndpoint endpoint : c.networks()) {
                if (host.equals(endpoint.ip())) {
                    byAddress.add(new Match(c, Via.ADDRESS, target.port()));
                    break;
                }
            }
        }
        if (!byAddress.isEmpty()) {
            return byAddress;
        }
        List<Match> published = published(snapshot, target.port(), host);
        if (!published.isEmpty()) {
            return published;
        }
        return byName(snapshot, host, target.port());
    }

    private static List<Match> byName(Containers snapshot, String host, int port) {
        String ownProject = snapshot.self().map(Container::composeProject).orElse(null);
        List<Match> mine = new ArrayList<>();
        List<Match> any = new ArrayList<>();
        for (Container c : snapshot.all()) {
            if (c.id().equals(snapshot.selfId()) || !answersTo(c, host)) {
                continue;
            }
            Match match = new Match(c, Via.NAME, port);
            any.add(match);
            if (ownProject != null && ownProject.equals(c.composeProject())) {
                mine.add(match);
            }
        }
        // Two Compose projects on one host may both have an "app": the proxy's own project wins.
        return mine.isEmpty() ? any : mine;
    }

    private static boolean answersTo(Container c, String host) {
        if (host.equals(lower(c.composeService())) || host.equals(lower(c.name())) || host.equals(c.shortId())) {
            return true;
        }
        for (NetworkEndpoint endpoint : c.networks()) {
            for (String alias : endpoint.aliases()) {
                if (host.equals(lower(alias))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Containers publishing {@code port} on the host, on {@code hostIp} or on every address. */
    private static List<Match> published(Containers snapshot, int port, String hostIp) {
        List<Match> out = new ArrayList<>();
        for (Container c : snapshot.all()) {
            for (PublishedPort p : c.published()) {
                boolean everyAddress = p.hostIp() == null || p.hostIp().isEmpty() || p.hostIp().equals("0.0.0.0")
                        || p.hostIp().equals("::");
                boolean sameAddress = hostIp == null ? everyAddress || isLoopback(p.hostIp()) : hostIp.equals(p.hostIp());
                if (p.hostPort() == port && sameAddress) {
                    out.add(new Match(c, Via.PUBLISHED_PORT, p.containerPort()));
                    break;
                }
            }
        }
        return out;
    }

    private static boolean isLoopback(String host) {
        return host != null && (host.startsWith("127.") || host.equals("::1") || host.equals("localhost"));
    }

    private static String lower(String s) {
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }
}
