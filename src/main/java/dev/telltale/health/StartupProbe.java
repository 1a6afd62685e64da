package dev.telltale.health;

import dev.telltale.failure.ExchangeFailureException;
import dev.telltale.upstream.ConnectSettings;
import dev.telltale.upstream.ConnectionPools;
import dev.telltale.upstream.Target;
import dev.telltale.upstream.Upstream;
import dev.telltale.upstream.UpstreamConnection;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Collection;

/**
 * At start-up, one connection to each target (off the request path), so that a wrong port or
 * a name that does not resolve shows up in the log before the first user meets it.
 */
public final class StartupProbe {

    private static final Logger LOG = LoggerFactory.getLogger("telltale.startup");
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private StartupProbe() {
    }

    public static void run(Collection<Upstream> upstreams, ConnectionPools pools, EventLoopGroup loops) {
        for (Upstream upstream : upstreams) {
            for (Target target : upstream.targets()) {
                EventLoop loop = (EventLoop) loops.next();
                String key = "startup probe";
                ConnectSettings settings = new ConnectSettings(TIMEOUT, key, TIMEOUT, key, 64 * 1024,
                        Integer.MAX_VALUE, key);
                loop.execute(() -> pools.acquire(loop, target, settings, false)
                        .addListener((Future<UpstreamConnection> done) -> report(upstream, target, done)));
            }
        }
    }

    private static void report(Upstream upstream, Target target, Future<UpstreamConnection> done) {
        if (done.isSuccess()) {
            LOG.info("upstream {}: target {} accepts connections ({})", upstream.name(), target,
                    done.getNow().remoteAddress());
            done.getNow().discard();
        } else if (done.cause() instanceof ExchangeFailureException failed) {
            LOG.warn("upstream {}: target {} is not reachable yet: {}: {}", upstream.name(), target,
                    failed.failure().failure().wireName(), failed.failure().detail());
        } else {
            LOG.warn("upstream {}: target {} is not reachable yet: {}", upstream.name(), target, done.cause().toString());
        }
    }
}
