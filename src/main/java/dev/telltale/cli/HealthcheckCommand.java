package dev.telltale.cli;

import dev.telltale.config.AdminConfig;
import dev.telltale.config.ConfigError;
import dev.telltale.config.ConfigException;
import dev.telltale.config.ConfigLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * {@code GET /healthz} on the local admin listener, for a Docker {@code HEALTHCHECK} in an image
 * that has no curl. Uses the JDK's own HTTP client; nothing else is started.
 */
@Command(name = "healthcheck", mixinStandardHelpOptions = true,
        description = {"Ask the running proxy's admin listener for /healthz (address and port from the config).",
                "Exit 0 when it answers 200, 1 otherwise, with the reason on stderr."})
final class HealthcheckCommand implements Callable<Integer> {

    static final Duration TIMEOUT = Duration.ofSeconds(2);

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "config file (default: ${DEFAULT-VALUE})",
            defaultValue = "config/proxy.yaml")
    Path config;

    @Option(names = "--url", paramLabel = "URL", description = "ask this URL instead; the config is not read")
    URI url;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        URI target = url;
        if (target == null) {
            try {
                target = healthz(ConfigLoader.fromSystemEnvironment().load(config).admin());
            } catch (ConfigException e) {
                for (ConfigError error : e.errors()) {
                    err.println(error);
                }
                err.printf("healthcheck: %s has errors, cannot tell where the admin listener is%n", config);
                err.flush();
                return Main.FAILED;
            }
        }
        String failure = failureOf(target);
        if (failure != null) {
            err.println("healthcheck: " + target + " " + failure);
            err.flush();
            return Main.FAILED;
        }
        out.println("healthcheck: " + target + " answered 200");
        out.flush();
        return Main.OK;
    }

    /** A wildcard admin address listens on loopback too, and loopback is what a container can always reach. */
    static URI healthz(AdminConfig admin) {
        String host = admin.address();
        if (host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) {
            host = "127.0.0.1";
        } else if (host.indexOf(':') >= 0 && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        return URI.create("http://" + host + ":" + admin.port() + "/healthz");
    }

    /** Null when {@code target} answered 200; else why not, in a few words. */
    private static String failureOf(URI target) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).version(HttpClient.Version.HTTP_1_1)
                .build();
        try {
            HttpRequest request = HttpRequest.newBuilder(target).timeout(TIMEOUT)
                    .header("User-Agent", "telltale-healthcheck").GET().build();
            int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            return status == 200 ? null : "answered " + status + ", not 200";
        } catch (HttpTimeoutException e) {
            return "did not answer within " + TIMEOUT.toSeconds() + "s";
        } catch (ConnectException e) {
            return "refused the connection: is the proxy running, with its admin listener on that port?";
        } catch (IOException e) {
            return "could not be asked: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "was not asked: interrupted";
        } catch (IllegalArgumentException e) {
            return "is not an http URL: " + e.getMessage();
        }
    }
}
