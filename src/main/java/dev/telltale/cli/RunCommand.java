package dev.telltale.cli;

import dev.telltale.config.ConfigError;
import dev.telltale.config.ConfigException;
import dev.telltale.config.ConfigLoader;
import dev.telltale.config.ProxyConfig;
import dev.telltale.proxy.ProxyServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** Serves in the foreground until SIGTERM or SIGINT, then drains and exits 0. SIGHUP reloads. */
@Command(name = "run", mixinStandardHelpOptions = true, description = "Run the proxy in the foreground.")
final class RunCommand implements java.util.concurrent.Callable<Integer> {

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "config file (default: ${DEFAULT-VALUE})",
            defaultValue = "config/proxy.yaml")
    Path config = Path.of("config/proxy.yaml");

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
        Running running = Foreground.start(config, loaded, ProxyServer.Options.defaults());
        if (running == null) {
            return Main.FAILED;
        }
        Foreground.serve(running, config, loaded.watch(), () -> { });
        return Main.OK;
    }
}
