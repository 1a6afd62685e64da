package dev.telltale.config;

import java.util.List;

/** What untrusted clients see on an error page, and which clients are trusted. */
public record ErrorPagesConfig(DetailLevel detail, List<Cidr> trustedNetworks) {

    public static final ErrorPagesConfig DEFAULTS = new ErrorPagesConfig(DetailLevel.SAFE,
            List.of(Cidr.parse("127.0.0.0/8"), Cidr.parse("::1/128")));

    public ErrorPagesConfig {
        trustedNetworks = List.copyOf(trustedNetworks);
    }
}
