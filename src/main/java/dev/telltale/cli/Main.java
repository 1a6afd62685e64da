package dev.telltale.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code proxy [run|check|doctor|demo|triage|healthcheck] ...}: with no subcommand it runs the proxy. */
@Command(name = "proxy",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "Telltale: a reverse proxy that explains every failed hop.",
        subcommands = {RunCommand.class, CheckCommand.class, DoctorCommand.class, DemoCommand.class,
                TriageCommand.class, HealthcheckCommand.class, CommandLine.HelpCommand.class})
public final class Main implements java.util.concurrent.Callable<Integer> {

    /** Exit codes: 0 success, 1 bad config, start failure, failed check or unreadable input, 2 usage. */
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;

    public static void main(String[] args) {
        String logFormat = LogFormat.problem();
        if (logFormat != null) {
            System.err.println("proxy: " + logFormat);
            System.exit(USAGE);
        }
        int code = execute(args);
        LogFormat.flush();
        System.exit(code);
    }

    public static int execute(String... args) {
        return commandLine().execute(args);
    }

    static CommandLine commandLine() {
        return new CommandLine(new Main())
                .setExitCodeExceptionMapper(e -> e instanceof CommandLine.ParameterException ? USAGE : FAILED)
                .setCaseInsensitiveEnumValuesAllowed(true);
    }

    @Override
    public Integer call() {
        return new RunCommand().call();
    }
}
