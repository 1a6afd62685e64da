package dev.telltale.cli;

import dev.telltale.config.DockerConfig;
import dev.telltale.docker.DockerSource;
import dev.telltale.health.TargetCheck;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** {@code doctor}'s view of Docker: read once before the checks, when {@code runtime.docker} is set. */
final class DoctorDocker implements AutoCloseable {

    /** Long enough to list and inspect a host's containers, short enough for a command run by hand. */
    private static final Duration SYNC = Duration.ofSeconds(5);

    private final DockerSource source;

    private DoctorDocker(DockerSource source) {
        this.source = source;
    }

    static DoctorDocker start(DockerConfig config) {
        if (!config.enabled()) {
            return new DoctorDocker(null);
        }
        DockerSource source = DockerSource.start(config, event -> { });
        // Until it is read, or the first try has said why it cannot be: a missing socket need not cost 5 s.
        long deadline = System.nanoTime() + SYNC.toNanos();
        try {
            while (!source.awaitSynced(Duration.ofMillis(50)) && source.problem() == null
                    && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new DoctorDocker(source);
    }

    /** The container step's lines for one target; empty when Docker is not configured. */
    Optional<List<DoctorContainers.Line>> lines(TargetCheck.Report report) {
        if (source == null) {
            return Optional.empty();
        }
        String problem = source.current().connected() ? null
                : source.problem() != null ? source.problem() : "no answer from the Docker API within " + SYNC.toSeconds() + " s";
        return Optional.of(DoctorContainers.of(source.current(), problem, report));
    }

    @Override
    public void close() {
        if (source != null) {
            source.close();
        }
    }
}
