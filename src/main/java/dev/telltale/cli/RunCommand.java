package dev.telltale.cli;

import dev.telltale.config.ConfigError;
import dev.telltale.config.ConfigException;
import dev.telltale.config.ConfigLoader;
import dev.telltale.config.ProxyConfig;
import dev.telltale.proxy.ProxyServer;
import dev.telltale.upstream.Transport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** Serves in the foreground until SIGTERM or SIGINT, then drains and exits 0. SIGHUP reloads. */
@Command(name = "run", mixinStandardHelpOptions = true, description = "Run the proxy in the foreground.")
final class RunCommand implements java.util.concurrent.Callable<Integer> {

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "config file (default: ${DEFAULT-VALUE})",
            defaultValue = "config/proxy.yaml")
    Path config = Path.of("config/proxy.yaml");

    @Option(names = "--transport", paramLabel = "NAME", defaultValue = "auto",
            description = "network I/O: auto (native epoll where it loads, else nio), epoll, io_uring or nio "
                    + "(default: ${DEFAULT-VALUE})")
    String transport = "auto";

    @Override
    public Integer call() {
        ProxyConfig loaded;
        try {
            loaded = ConfigLoader.fromSystemEnvironment().load(config);
        } catch (ConfigException e) {
            for (ConfigError error : e.errors()) {
                System.err.println(error);
            }
            System.err.println(config + ": not started, the config has errors");
            return Main.FAILED;
        }
        Transport chosen;
        try {
            chosen = Transport.named(transport);
        } catch (IllegalArgumentException e) {
            System.err.println("--transport: " + e.getMessage());
            return Main.USAGE;
        }
        Running running = Foreground.start(config, loaded, ProxyServer.Options.defaults().withTransport(chosen));
        if (running == null) {
            return Main.FAILED;
        }
        Foreground.serve(running, config, loaded.watch(), () -> { });
        return Main.OK;
    }
}
