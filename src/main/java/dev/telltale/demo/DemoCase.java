package dev.telltale.demo;

import dev.telltale.failure.Failure;

/**
 * One line of the demo: a route under {@code /demo/}, the upstream behind it and what a request
 * to it gives.
 *
 * @param failure      the class it shows; null for the healthy app
 * @param upstream     the upstream's name, after what it does; null when no route matches
 * @param upstreamYaml the upstream's settings as a YAML flow mapping
 * @param routeYaml    extra route keys, one {@code key: value} line each, or empty
 * @param cutMidBody   the failure comes after the response head went out: the client gets that
 *                     head and a truncated body, and the class is only in the log and the incident
 * @param shows        what the upstream does, in a few words
 */
record DemoCase(Failure failure, String upstream, String upstreamYaml, String routeYaml,
                       boolean cutMidBody, String shows) {

    /** {@code healthy}, or the failure class as on the wire. */
    String label() {
        return failure == null ? "healthy" : failure.wireName();
    }

    String path() {
        return "/demo/" + label();
    }

    /** The status the client sees. */
    int status() {
        return failure == null || cutMidBody ? 200 : failure.status();
    }
}
