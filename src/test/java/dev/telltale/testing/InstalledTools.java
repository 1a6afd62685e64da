package dev.telltale.testing;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The programs from the machine's packages that some tests drive (Chromium, h2load, nginx, HAProxy):
 * found on the PATH or in the system's binary directories. A test that needs one is skipped on a
 * workstation without it, and fails on CI ({@code CI=true}), where {@code .ci/run} installs it.
 */
public final class InstalledTools {

    private InstalledTools() {
    }

    /** The first of {@code names} installed here, if any. */
    public static Optional<Path> find(String... names) {
        Stream<String> dirs = Stream.concat(
                Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)),
                Stream.of("/usr/sbin", "/usr/bin", "/usr/local/sbin", "/usr/local/bin"));
        return dirs.filter(dir -> !dir.isEmpty())
                .flatMap(dir -> Stream.of(names).map(name -> Path.of(dir, name)))
                .filter(Files::isExecutable)
                .findFirst();
    }

    /** The first of {@code names}; the calling test is skipped without it, or failed on CI. {@code what} names it, with its package. */
    public static Path require(String what, String... names) {
        Optional<Path> found = find(names);
        if (found.isEmpty() && "true".equals(System.getenv("CI"))) {
            fail(what + " is not installed, and CI=true: .ci/run should have installed it");
        }
        assumeTrue(found.isPresent(), what + " is not installed; skipping");
        return found.get();
    }
}
