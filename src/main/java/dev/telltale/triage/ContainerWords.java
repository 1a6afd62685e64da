package dev.telltale.triage;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The parts of a container verdict: what happened to the container ("was OOM-killed 3 times
 * between 12:01 and 12:09"), the check worth doing first, and the next checks. Names are said
 * at full: triage output is for the operators who run the containers.
 */
final class ContainerWords {

    /** A crash loop, said as such: one exit may be bad luck, three are a pattern. */
    private static final int LOOP = 3;

    private ContainerWords() {
    }

    static Layer layer(ContainerExit.Kind kind) {
        return switch (kind) {
            case OOM_KILLED -> Layer.CONTAINER_OOM;
            case EXITED -> Layer.CONTAINER_EXITED;
            case STOPPED -> Layer.CONTAINER_STOPPED;
        };
    }

    /** {@code exits} are of {@code kind}, oldest first, and not empty. */
    static String happened(ContainerExit.Kind kind, List<ContainerExit> exits, UtcTimes times) {
        String count = exits.size() == 1 ? "" : " " + exits.size() + " times";
        String when = when(exits, times);
        return switch (kind) {
            case OOM_KILLED -> "was OOM-killed" + count + when;
            case STOPPED -> "was stopped" + count + when;
            case EXITED -> {
                TreeSet<Integer> codes = codes(exits);
                String with = codes.isEmpty() ? "" : codes.size() == 1 ? " with code " + codes.first()
                        : " with codes " + String.join(", ", codes.stream().map(String::valueOf).toList());
                boolean crashed = codes.stream().anyMatch(code -> code != 0);
                yield "exited" + count + with + when + (exits.size() >= LOOP && crashed ? ", a crash loop" : "");
            }
        };
    }

    /** "at 12:03"; "between 12:01 and 12:09", to the second when both fall in one minute. */
    private static String when(List<ContainerExit> exits, UtcTimes times) {
        ContainerExit first = exits.get(0);
        ContainerExit last = exits.get(exits.size() - 1);
        if (exits.size() == 1) {
            return " at " + times.minute(first.at());
        }
        String from = times.minute(first.at());
        String to = times.minute(last.at());
        return from.equals(to) ? " between " + times.time(first.at()) + " and " + times.time(last.at())
                : " between " + from + " and " + to;
    }

    static String check(ContainerExit.Kind kind, String name, String service) {
        return switch (kind) {
            case OOM_KILLED -> "check its memory limit against its use: docker stats " + name;
            case EXITED -> "check why it exits: docker logs --tail=50 " + name;
            case STOPPED -> "check who stopped it, and start it again: " + start(name, service);
        };
    }

    static List<String> nextChecks(ContainerExit.Kind kind, String name, String service, List<ContainerExit> exits,
                                   UtcTimes times) {
        String before = "docker logs --until " + UtcTimes.iso(exits.get(0).at()) + " --tail=50 " + name;
        List<String> checks = new ArrayList<>();
        switch (kind) {
            case OOM_KILLED -> {
                checks.add("docker inspect --format '{{.State.OOMKilled}} {{.HostConfig.Memory}}' " + name
                        + ": whether the kernel killed it for memory, and its limit in bytes"
                        + " (0: none, the host ran out)");
                checks.add(before + ": what it was doing before it was killed");
                checks.add("raise its memory limit (mem_limit, or deploy.resources.limits.memory in compose.yaml)"
                        + " or find what grew");
            }
            case EXITED -> {
                checks.add(before + ": its last lines before it exited");
                codes(exits).forEach(code -> {
                    String meaning = meaning(code);
                    if (meaning != null) {
                        checks.add("exit code " + code + " means " + meaning);
                    }
                });
                checks.add("docker inspect --format '{{.RestartCount}} {{.State.Error}}' " + name
                        + ": its restarts so far, and Docker's own error if it could not start it");
            }
            case STOPPED -> {
                checks.add("who stopped it around " + times.minute(exits.get(0).at())
                        + ": a deploy, docker compose stop or down, an orchestrator, a host shutdown");
                checks.add(start(name, service) + " starts it again");
            }
        }
        return List.copyOf(checks);
    }

    /** "connection_refused"; "connection_refused 200, connection_terminated 12" when there are several. */
    static String classes(Map<String, Long> byClass) {
        if (byClass.size() == 1) {
            return byClass.keySet().iterator().next();
        }
        List<Map.Entry<String, Long>> entries = new ArrayList<>(byClass.entrySet());
        entries.sort(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
        List<String> parts = new ArrayList<>();
        entries.stream().limit(3).forEach(e -> parts.add(e.getKey() + " " + e.getValue()));
        return String.join(", ", parts) + (entries.size() > 3 ? ", …" : "");
    }

    private static String start(String name, String service) {
        return service == null ? "docker start " + name : "docker compose up -d " + service;
    }

    private static TreeSet<Integer> codes(List<ContainerExit> exits) {
        TreeSet<Integer> codes = new TreeSet<>();
        exits.stream().map(ContainerExit::exitCode).filter(Objects::nonNull).forEach(codes::add);
        return codes;
    }

    /** The exit codes worth explaining: the app's own error, and the usual signals (128 + n). */
    private static String meaning(int code) {
        return switch (code) {
            case 1 -> "the app stopped on an error of its own";
            case 126 -> "its command is not executable";
            case 127 -> "its command was not found in the image";
            case 137 -> "it was killed with SIGKILL (docker kill, or a stop that timed out)";
            case 139 -> "it crashed with a segmentation fault";
            case 143 -> "it was asked to stop (SIGTERM) and did not handle it";
            default -> null;
        };
    }
}
