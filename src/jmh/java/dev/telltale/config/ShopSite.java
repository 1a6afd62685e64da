package dev.telltale.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The config the benchmarks run against: a shop with an API, an admin app, static files and
 * tenant sites behind ten routes that mix host and path-prefix matches, loaded the way the
 * proxy loads its file. No route matches everything, so a request can miss.
 */
public final class ShopSite {

    static final String YAML = """
            upstreams:
              shop-app:
                targets: [ "10.0.0.1:8080", "10.0.0.2:8080", "10.0.0.3:8080" ]
              api-app:
                targets: [ "10.0.1.1:9000", "10.0.1.2:9000" ]
              static-files:
                targets: [ "10.0.2.1:8080" ]
              admin-app:
                targets: [ "10.0.3.1:3000" ]
            routes:
              - { name: api, match: { host: api.shop.example }, upstream: api-app, timeouts: { response_header: 5s } }
              - { name: admin, match: { host: admin.shop.example }, upstream: admin-app }
              - { name: tenants, match: { host: "*.tenants.shop.example" }, upstream: shop-app }
              - { name: docs, match: { host: docs.shop.example, path_prefix: /v2 }, upstream: static-files }
              - { name: assets, match: { host: shop.example, path_prefix: /assets }, upstream: static-files }
              - { name: images, match: { host: shop.example, path_prefix: /images }, upstream: static-files }
              - name: shop-api-v2
                match: { host: shop.example, path_prefix: /api/v2 }
                upstream: api-app
                strip_prefix: true
              - name: shop-api
                match: { host: shop.example, path_prefix: /api }
                upstream: api-app
                strip_prefix: true
              - name: checkout
                match: { host: shop.example, path_prefix: /checkout }
                upstream: shop-app
                timeouts: { response_header: 10s }
              - name: shop
                match: { host: shop.example }
                upstream: shop-app
                retry: { attempts: 3 }
            """;

    private ShopSite() {
    }

    /** The route named {@code name} in {@code config}. */
    public static RouteConfig route(ProxyConfig config, String name) {
        return config.routes().stream().filter(r -> r.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no route " + name));
    }

    /** Written to a temporary file and read by {@link ConfigLoader}, as {@code telltale run} reads its config. */
    public static ProxyConfig load() {
        try {
            Path file = Files.createTempFile("shop-site", ".yaml");
            try {
                Files.writeString(file, YAML);
                return new ConfigLoader(Map.of()).load(file);
            } finally {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ConfigException e) {
            throw new IllegalStateException("the benchmark config is invalid: " + e.getMessage(), e);
        }
    }
}
