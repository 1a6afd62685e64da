package dev.telltale.cli;

import dev.telltale.config.ConfigError;
import dev.telltale.config.ConfigException;
import dev.telltale.config.ConfigLoader;
import dev.telltale.config.ProxyConfig;
import dev.telltale.config.RouteConfig;
import dev.telltale.config.UpstreamConfig;
import dev.telltale.health.CheckLimits;
import dev.telltale.health.TargetCheck;
import dev.telltale.upstream.ConnectionPools;
import dev.telltale.upstream.Resolvers;
import dev.telltale.upstream.Target;
import dev.telltale.upstream.Transport;
import dev.telltale.upstream.Upstream;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.resolver.AddressResolverGroup;
import io.netty.resolver.dns.DnsServerAddressStreamProvider;
import io.netty.resolver.dns.DnsServerAddressStreamProviders;
import io.netty.resolver.dns.SingletonDnsServerAddressStreamProvider;
import io.netty.util.concurrent.Future;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/** Probes every target of the routes' upstreams step by step and prints one verdict per step. */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = {"Check each upstream target step by step, as you would by hand: DNS, TCP connect, "
                + "TLS handshake (when enabled), GET of the health path (or /). One verdict per step, in the "
                + "failure names of the error pages and the log, with the likely cause and the next check.",
                "Exit 0 when every target passes, 1 when one fails or the config is invalid, "
                        + "2 on a usage error (an unknown route)."})
final class DoctorCommand implements Callable<Integer> {

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "config file (default: ${DEFAULT-VALUE})",
            defaultValue = "config/proxy.yaml")
    Path config;

    @Option(names = {"-r", "--route"}, paramLabel = "NAME",
            description = "check only the upstream of this route (repeatable; default: every route)")
    List<String> routes = new ArrayList<>();

    // For tests: names are looked up on this server only, so an unresolvable name never reaches a real resolver.
    @Option(names = "--dns-server", paramLabel = "IP:PORT", hidden = true)
    String dnsServer;

    /** ✓ ✗ – where the output can show them, else + x - (the words say the same). */
    boolean unicodeMarks = DoctorReport.unicodeOutput();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ProxyConfig loaded;
        try {
            loaded = ConfigLoader.fromSystemEnvironment().load(config);
        } catch (ConfigException e) {
            for (ConfigError error : e.errors()) {
                err.println(error);
            }
            err.printf("%s: not checked, the config has errors (see ./proxy check)%n", config);
            err.flush();
            return Main.FAILED;
        }
        for (String name : routes) {
            if (loaded.routes().stream().noneMatch(route -> route.name().equals(name))) {
                err.printf("doctor: no route named %s in %s (routes: %s)%n", name, config,
                        String.join(", ", loaded.routes().stream().map(RouteConfig::name).toList()));
                err.flush();
                return Main.USAGE;
            }
        }
        DoctorReport report = new DoctorReport(out, unicodeMarks);
        DoctorIdleLimits learnt = DoctorIdleLimits.ask(loaded.admin());
        try (DoctorDocker docker = DoctorDocker.start(loaded.docker())) {
            check(routesByUpstream(loaded), report, docker, learnt);
        }
        return report.summary() ? Main.OK : Main.FAILED;
    }

    /** The upstreams the selected routes use, in file order, each with the names of those routes. */
    private Map<UpstreamConfig, List<RouteConfig>> routesByUpstream(ProxyConfig loaded) {
        Map<UpstreamConfig, List<RouteConfig>> selected = new LinkedHashMap<>();
        for (UpstreamConfig upstream : loaded.upstreams().values()) {
            List<RouteConfig> using = loaded.routes().stream()
                    .filter(route -> route.upstream().equals(upstream.name()))
                    .filter(route -> routes.isEmpty() || routes.contains(route.name()))
                    .toList();
            if (!using.isEmpty()) {
                selected.put(upstream, using);
            }
        }
        return selected;
    }

    /**
     * One target after the other, each printed as soon as it is done: a check running alone is
     * timed alone, so a slow target does not add to another's timings.
     */
    private void check(Map<UpstreamConfig, List<RouteConfig>> selected, DoctorReport report, DoctorDocker docker,
                       DoctorIdleLimits learnt) {
        Transport transport = Transport.best();
        EventLoopGroup group = transport.newEventLoopGroup(1, "telltale-doctor");
        AddressResolverGroup<InetSocketAddress> resolvers = Resolvers.create(transport, nameServers());
        try {
            ConnectionPools pools = new ConnectionPools(group, transport, resolvers);
            EventLoop loop = group.next();
            WarmUp.run(transport, loop, pools);
            selected.forEach((upstream, using) -> check(loop, pools, upstream, using, report, docker, learnt));
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            resolvers.close();
        }
    }

    /** The limits are those of the first route using the upstream: what its first request would meet. */
    private static void check(EventLoop loop, ConnectionPools pools, UpstreamConfig config, List<RouteConfig> using,
                              DoctorReport report, DoctorDocker docker, DoctorIdleLimits learnt) {
        report.upstream(config, using.stream().map(RouteConfig::name).toList());
        Upstream upstream;
        try {
            upstream = new Upstream(config);
        } catch (IllegalArgumentException tlsSettingsDoNotLoad) {
            report.unusable(config, tlsSettingsDoNotLoad.getMessage());
            return;
        }
        CheckLimits limits = CheckLimits.of(config, using.get(0));
        long wait = limits.total().toMillis() + 2_000;
        for (Target target : upstream.targets()) {
            Future<TargetCheck.Report> check = TargetCheck.run(loop, pools, config, target, limits);
            if (check.awaitUninterruptibly(wait, TimeUnit.MILLISECONDS)) {
                report.target(check.getNow(), config);
                docker.lines(check.getNow()).ifPresent(report::containers);
                learnt.line(config.name(), target.toString()).ifPresent(report::idleLimit);
            } else {
                report.noVerdict(target.toString(), wait);
            }
        }
    }

    private DnsServerAddressStreamProvider nameServers() {
        if (dnsServer == null) {
            return DnsServerAddressStreamProviders.platformDefault();
        }
        int colon = dnsServer.lastIndexOf(':');
        return new SingletonDnsServerAddressStreamProvider(new InetSocketAddress(dnsServer.substring(0, colon),
                Integer.parseInt(dnsServer.substring(colon + 1))));
    }
}
