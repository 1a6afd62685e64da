package dev.telltale.upstream;

import io.netty.resolver.AddressResolverGroup;
import io.netty.resolver.ResolvedAddressTypes;
import io.netty.resolver.dns.DnsAddressResolverGroup;
import io.netty.resolver.dns.DnsNameResolverBuilder;
import io.netty.resolver.dns.DnsServerAddressStreamProvider;
import io.netty.resolver.dns.DnsServerAddressStreamProviders;

import java.net.InetSocketAddress;

/**
 * Asynchronous DNS for target names. Answers are cached for a few seconds at most, so an app
 * container recreated with a new address is reached again at once, never pinned for the life
 * of the process.
 */
public final class Resolvers {

    /** Longest time an answer is cached, whatever its TTL says. */
    public static final int MAX_CACHE_SECONDS = 5;
    private static final int NEGATIVE_CACHE_SECONDS = 1;

    private Resolvers() {
    }

    public static AddressResolverGroup<InetSocketAddress> create(Transport transport) {
        return create(transport, DnsServerAddressStreamProviders.platformDefault());
    }

    public static AddressResolverGroup<InetSocketAddress> create(Transport transport,
                                                                 DnsServerAddressStreamProvider nameServers) {
        DnsNameResolverBuilder builder = new DnsNameResolverBuilder()
                .datagramChannelType(transport.datagramChannel())
                .socketChannelType(transport.socketChannel())
                .nameServerProvider(nameServers)
                .resolvedAddressTypes(ResolvedAddressTypes.IPV4_PREFERRED)
                .ttl(0, MAX_CACHE_SECONDS)
                .negativeTtl(NEGATIVE_CACHE_SECONDS);
        return new DnsAddressResolverGroup(builder);
    }
}
