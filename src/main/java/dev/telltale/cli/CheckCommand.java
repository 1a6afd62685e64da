package dev.telltale.cli;

import dev.telltale.config.ConfigError;
import dev.telltale.config.ConfigException;
import dev.telltale.config.ConfigLoader;
import dev.telltale.config.ProxyConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** Loads and validates a config and prints every error in it. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Validate the config: print every error as FILE:LINE:COL: key: message. "
                + "Exit 0 when valid, 1 when not.")
final class CheckCommand implements Callable<Integer> {

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "config file (default: ${DEFAULT-VALUE})",
            defaultValue = "config/proxy.yaml")
    Path config;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            ProxyConfig loaded = ConfigLoader.fromSystemEnvironment().load(config);
            out.printf("%s: valid (%s, %s)%n", config, Plural.of(loaded.routes().size(), "route"),
                    Plural.of(loaded.upstreams().size(), "upstream"));
            out.flush();
            return Main.OK;
        } catch (ConfigException e) {
            for (ConfigError error : e.errors()) {
                err.println(error);
            }
            err.printf("%s: %d error%s%n", config, e.errors().size(), e.errors().size() == 1 ? "" : "s");
            err.flush();
            return Main.FAILED;
        }
    }
}
