package dev.telltale.cli;

import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** One run of the real command line in this JVM, with what it printed and its exit code. */
record CommandRun(int exitCode, String out, String err) {

    static CommandRun of(String... args) {
        return of(true, args);
    }

    /** {@code unicodeMarks}: whether doctor may print ✓ ✗ –, whatever the charset of the machine running the tests. */
    static CommandRun of(boolean unicodeMarks, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        ((DoctorCommand) cli.getSubcommands().get("doctor").getCommand()).unicodeMarks = unicodeMarks;
        int exitCode = cli.execute(args);
        return new CommandRun(exitCode, out.toString(), err.toString());
    }

    /** Writes {@code yaml} (after a loopback listen section) to a file in {@code dir}. */
    static Path config(Path dir, String yaml) throws IOException {
        Path file = Files.createTempFile(dir, "proxy", ".yaml");
        Files.writeString(file, "listen: { address: 127.0.0.1, port: 0 }\n" + yaml, StandardCharsets.UTF_8);
        return file;
    }

    /** A loopback port that nothing listens on. */
    static int closedPort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }
}
