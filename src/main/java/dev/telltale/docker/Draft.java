package dev.telltale.docker;

import dev.telltale.container.Container;
import dev.telltale.container.ContainerEvent;
import dev.telltale.container.ContainerStatus;
import dev.telltale.container.NetworkEndpoint;
import dev.telltale.container.PublishedPort;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A {@link Container} being changed by an event: the record's fields, mutable, for one update. */
final class Draft {

    String id;
    String name;
    String image;
    String project;
    String service;
    ContainerStatus status;
    int exitCode;
    boolean oomKilled;
    Instant startedAt;
    Instant finishedAt;
    int restartCount;
    List<Instant> restarts = new ArrayList<>();
    String health;
    String healthOutput;
    List<NetworkEndpoint> networks = List.of();
    List<PublishedPort> published = List.of();
    List<Integer> exposedPorts = List.of();
    boolean stopRequested;
    Instant removedAt;
    List<ContainerEvent> events = new ArrayList<>();
    String restartPolicy;

    private Draft() {
    }

    static Draft of(Container c) {
        Draft d = new Draft();
        d.id = c.id();
        d.name = c.name();
        d.image = c.image();
        d.project = c.composeProject();
        d.service = c.composeService();
        d.status = c.status();
        d.exitCode = c.exitCode();
        d.oomKilled = c.oomKilled();
        d.startedAt = c.startedAt();
        d.finishedAt = c.finishedAt();
        d.restartCount = c.restartCount();
        d.restarts = new ArrayList<>(c.restarts());
        d.health = c.health();
        d.healthOutput = c.healthOutput();
        d.networks = c.networks();
        d.published = c.published();
        d.exposedPorts = c.exposedPorts();
        d.stopRequested = c.stopRequested();
        d.removedAt = c.removedAt();
        d.events = new ArrayList<>(c.events());
        d.restartPolicy = c.restartPolicy();
        return d;
    }

    /** A container first heard of through an event: what the event says, until inspection tells the rest. */
    static Draft of(ContainerEvent e) {
        Draft d = new Draft();
        d.id = e.id();
        d.name = e.name();
        d.service = e.service();
        d.status = ContainerStatus.CREATED;
        return d;
    }

    Container build() {
        return new Container(id, name, image, project, service, status, exitCode, oomKilled, startedAt, finishedAt,
                restartCount, restarts, health, healthOutput, networks, published, exposedPorts, stopRequested,
                removedAt, events, restartPolicy);
    }
}
