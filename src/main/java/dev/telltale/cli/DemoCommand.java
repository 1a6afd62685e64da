package dev.telltale.cli;

import dev.telltale.config.ConfigError;
import dev.telltale.config.ConfigException;
import dev.telltale.config.ConfigLoader;
import dev.telltale.config.ProxyConfig;
import dev.telltale.demo.Demo;
import dev.telltale.proxy.ProxyServer;
import dev.telltale.upstream.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The proxy in front of built-in upstreams that fail on purpose, one route per failure class,
 * so that every diagnostic page can be seen without an app of one's own.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Start the proxy with built-in upstreams, a healthy one and one per failure class, "
                + "and print the URL of each. Serves until Ctrl-C or SIGTERM.")
final class DemoCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger("telltale");
    private static final Duration READY_WITHIN = Duration.ofSeconds(10);

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8080",
            description = "proxy port (default: ${DEFAULT-VALUE}; 0 = any free port)")
    int port;

    @Option(names = "--admin-port", paramLabel = "PORT", defaultValue = "9901",
            description = "admin port (default: ${DEFAULT-VALUE}; 0 = any free port)")
    int adminPort;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Transport transport = Transport.best();
        Demo demo;
        try {
            demo = Demo.start(transport);
        } catch (IOException | InterruptedException e) {
            LOG.error("demo not started: its upstreams could not start: {}", e.toString());
            return Main.FAILED;
        }
        Path file;
        ProxyConfig config;
        try {
            file = writeConfig(demo.config(port, adminPort));
            config = new ConfigLoader(Map.of()).load(file);
        } catch (IOException | ConfigException e) {
            report(e);
            demo.close();
            return Main.FAILED;
        }
        Running running = Foreground.start(file, config, new ProxyServer.Options(transport, 0, demo.nameServers()));
        if (running == null) {
            demo.close();
            return Main.FAILED;
        }
        try {
            demo.awaitReady(running.server(), READY_WITHIN);
        } catch (IOException e) {
            LOG.warn("demo: not every URL is ready yet: {}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        demo.serveIndex(running.admin().port());
        PrintWriter out = spec.commandLine().getOut();
        out.print(demo.table(running.server().port(), running.admin().port()));
        out.flush();
        Foreground.serve(running, file, false, demo::close);
        return Main.OK;
    }

    /** A file rather than a string, so that the newcomer can read the config behind each URL. */
    private static Path writeConfig(String yaml) throws IOException {
        Path file = Files.createTempFile("telltale-demo-", ".yaml");
        file.toFile().deleteOnExit();
        Files.writeString(file, yaml, StandardCharsets.UTF_8);
        return file;
    }

    /** The generated config always loads; if it ever does not, that is a bug worth showing whole. */
    private static void report(Exception e) {
        if (e instanceof ConfigException invalid) {
            for (ConfigError error : invalid.errors()) {
                LOG.error("{}", error);
            }
        }
        LOG.error("demo not started: {}", e.toString());
    }
}
