package dev.telltale.config;

import java.util.List;

/** What untrusted clients see on an error page, and which clients are trusted. */
public record ErrorPagesConfig(DetailLevel detail, List<Cidr> trustedNetworks) {

    public ErrorPagesConfig {
        trustedNetworks = List.copyOf(trustedNetworks);
    }
}
