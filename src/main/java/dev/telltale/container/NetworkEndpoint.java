package dev.telltale.container;

import java.util.List;

/** A container's place on one Docker network: its address there and the names it answers to. */
public record NetworkEndpoint(String network, String ip, List<String> aliases) {

    public NetworkEndpoint {
        aliases = aliases == null ? List.of() : List.copyOf(aliases);
    }
}
