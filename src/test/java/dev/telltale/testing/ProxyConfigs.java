package dev.telltale.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Config files for a proxy started as a process, for tests that need no more than one app behind it. */
public final class ProxyConfigs {

    private ProxyConfigs() {
    }

    /**
     * Writes {@code dir/proxy.yaml}: both listeners on loopback on free ports, the upstream
     * {@code app} with {@code appTarget}, the route {@code web} for every path to it, then
     * {@code extra} (top-level YAML, may be empty).
     */
    public static Path oneApp(Path dir, String appTarget, String extra) throws IOException {
        return Files.writeString(dir.resolve("proxy.yaml"), """
                listen: { address: 127.0.0.1, port: 0 }
                admin: { address: 127.0.0.1, port: 0 }
                upstreams:
                  app: { targets: ["%s"] }
                routes:
                  - { name: web, match: { path_prefix: / }, upstream: app }
                %s
                """.formatted(appTarget, extra));
    }
}
