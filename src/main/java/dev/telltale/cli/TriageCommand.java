package dev.telltale.cli;

import dev.telltale.triage.Summary;
import dev.telltale.triage.SummaryJson;
import dev.telltale.triage.SummaryText;
import dev.telltale.triage.Triage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** Reads access-log lines and prints what failed, where, when, and the most likely failing layer. */
@Command(name = "triage", mixinStandardHelpOptions = true,
        description = "Summarise access-log lines during an incident: failures by class, route and target, "
                + "first and last seen, failures per minute, and the most likely failing layer. "
                + "Exit 0 when the input was read (failures or not), 1 when it cannot be read.")
final class TriageCommand implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", defaultValue = "-",
            description = "access log to read; - (the default) reads standard input")
    String file;

    @Option(names = "--json", description = "print the summary as one JSON object, for scripts")
    boolean json;

    @Spec
    CommandSpec spec;

    /** Standard input; a field so that tests can feed it without touching System.in. */
    InputStream stdin = System.in;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Summary summary;
        try {
            if (file.equals("-")) {
                if (stdin == System.in && System.console() != null) {
                    // Someone typed `triage` alone: say why nothing happens instead of hanging silently.
                    err.println("triage: reading access-log lines from standard input (end with Ctrl-D)");
                    err.flush();
                }
                summary = read(stdin);
            } else {
                try (InputStream in = Files.newInputStream(Path.of(file))) {
                    summary = read(in);
                }
            }
        } catch (NoSuchFileException e) {
            return cannotRead(err, "no such file");
        } catch (AccessDeniedException e) {
            return cannotRead(err, "permission denied");
        } catch (IOException | InvalidPathException e) {
            return cannotRead(err, e.getMessage());
        }
        if (json) {
            try {
                SummaryJson.write(summary, out);
            } catch (IOException e) {
                // A PrintWriter swallows write errors; this would be a generator bug.
                throw new UncheckedIOException(e);
            }
        } else {
            SummaryText.print(summary, out);
        }
        out.flush();
        return Main.OK;
    }

    /** Invalid UTF-8 becomes U+FFFD instead of stopping the read: a damaged line is then just malformed. */
    private static Summary read(InputStream in) throws IOException {
        return Triage.read(new InputStreamReader(in, StandardCharsets.UTF_8));
    }

    private int cannotRead(PrintWriter err, String why) {
        err.println(file + ": cannot read: " + why);
        err.flush();
        return Main.FAILED;
    }
}
