package dev.telltale.admin;

import dev.telltale.diagnostics.IncidentStore;

import java.util.function.Supplier;

/** Where the admin endpoints read from; suppliers, because a reload swaps what is behind them. */
public record AdminSources(
        IncidentStore incidents,
        Supplier<Readiness> readiness,
        Supplier<String> metrics,
        Supplier<StatusReport> status) {
}
