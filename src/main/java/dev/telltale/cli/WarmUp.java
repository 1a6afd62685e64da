package dev.telltale.cli;

import dev.telltale.admin.AdminServer;
import dev.telltale.config.AdminConfig;
import dev.telltale.config.Balance;
import dev.telltale.config.HealthCheckConfig;
import dev.telltale.config.IncidentsConfig;
import dev.telltale.config.PoolConfig;
import dev.telltale.config.TargetAddress;
import dev.telltale.config.UpstreamConfig;
import dev.telltale.config.UpstreamTlsConfig;
import dev.telltale.diagnostics.IncidentStore;
import dev.telltale.health.CheckLimits;
import dev.telltale.health.TargetCheck;
import dev.telltale.upstream.ConnectSettings;
import dev.telltale.upstream.ConnectionPools;
import dev.telltale.upstream.Target;
import dev.telltale.upstream.Transport;
import io.netty.channel.EventLoop;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One untimed check, before the real ones, against a listener of this process that answers at
 * once (an admin listener on a free loopback port). A fresh JVM loads and compiles the code of
 * every step the first time it runs it, which would otherwise add tens of milliseconds to the
 * first target's timings and make a healthy network look slow.
 */
final class WarmUp {

    private static final Duration LIMIT = Duration.ofSeconds(1);

    private WarmUp() {
    }

    static void run(Transport transport, EventLoop loop, ConnectionPools pools) {
        try (AdminServer local = AdminServer.start(new AdminConfig("127.0.0.1", 0), transport,
                new IncidentStore(IncidentsConfig.DEFAULTS))) {
            TargetAddress address = new TargetAddress("127.0.0.1", local.port());
            UpstreamConfig upstream = new UpstreamConfig("warm-up", List.of(address), Balance.ROUND_ROBIN,
                    UpstreamTlsConfig.DISABLED, PoolConfig.DEFAULTS,
                    new HealthCheckConfig("/healthz", LIMIT, LIMIT, 1, 1), null);
            CheckLimits limits = new CheckLimits(new ConnectSettings(LIMIT, "warm-up", LIMIT, "warm-up", 64 * 1024,
                    Integer.MAX_VALUE, "warm-up"), LIMIT, "warm-up");
            TargetCheck.run(loop, pools, upstream, new Target(address), limits)
                    .awaitUninterruptibly(LIMIT.multipliedBy(3).toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // Only the timings of the first target suffer: the checks themselves need no warm-up.
        }
    }
}
