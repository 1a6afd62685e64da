package dev.telltale.admin;

import dev.telltale.failure.Failure;
import dev.telltale.upstream.FailureHistory;
import dev.telltale.upstream.HealthChanges;
import dev.telltale.upstream.Target;
import dev.telltale.upstream.Upstream;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * One upstream's last 15 minutes on one time axis: its targets' failures per minute by class, and
 * the marks of what happened meanwhile (targets going down and up, config reloads, the events of
 * their containers).
 *
 * @param from    the start of the oldest minute shown
 * @param to      the end of the current minute
 * @param minutes every minute from {@code from}, oldest first, with its failures by class (empty when none)
 * @param marks   oldest first
 */
public record TimelineRow(Instant from, Instant to, List<MinuteRow> minutes, List<MarkRow> marks) {

    public record MinuteRow(Instant start, Map<String, Long> byFailure) {

        long total() {
            return byFailure.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /**
     * @param kind  {@code health}, {@code reload} or {@code container}
     * @param label what a person reads beside the mark: {@code down}, {@code up}, {@code reload},
     *              {@code reload rejected}, {@code die 137}
     * @param of    the target or container it is about; null for a reload
     */
    public record MarkRow(Instant at, String kind, String label, String of, String detail) {
    }

    static TimelineRow of(Upstream upstream, List<StatusReport.TargetRow> rows, List<ReloadMarks.Reload> reloads,
                          Instant now) {
        long currentMinute = now.getEpochSecond() / 60;
        long firstMinute = currentMinute - FailureHistory.MINUTES + 1;
        Instant from = Instant.ofEpochSecond(firstMinute * 60);
        List<MinuteRow> minutes = new ArrayList<>();
        for (long minute = firstMinute; minute <= currentMinute; minute++) {
            Map<String, Long> byFailure = new LinkedHashMap<>();
            for (Target target : upstream.targets()) {
                for (Map.Entry<Failure, Long> count : target.failures().inMinute(minute).entrySet()) {
                    byFailure.merge(count.getKey().wireName(), count.getValue(), Long::sum);
                }
            }
            minutes.add(new MinuteRow(Instant.ofEpochSecond(minute * 60), byFailure));
        }
        List<MarkRow> marks = new ArrayList<>();
        for (Target target : upstream.targets()) {
            for (HealthChanges.Change change : target.healthChanges().since(from)) {
                marks.add(new MarkRow(change.at().truncatedTo(ChronoUnit.MILLIS), "health", change.up() ? "up" : "down",
                        target.toString(), change.failure()));
            }
        }
        for (ReloadMarks.Reload reload : reloads) {
            if (!reload.at().isBefore(from)) {
                marks.add(new MarkRow(reload.at().truncatedTo(ChronoUnit.MILLIS), "reload",
                        reload.success() ? "reload" : "reload rejected", null, null));
            }
        }
        for (StatusReport.TargetRow row : rows) {
            if (row.containers() == null) {
                continue;
            }
            for (StatusReport.ContainerRow container : row.containers()) {
                for (StatusReport.EventRow event : container.events()) {
                    if (!event.ts().isBefore(from)) {
                        marks.add(new MarkRow(event.ts(), "container", event.action()
                                + (event.exitCode() == null ? "" : " " + event.exitCode())
                                + (event.health() == null ? "" : " " + event.health()), container.name(), null));
                    }
                }
            }
        }
        marks.sort(Comparator.comparing(MarkRow::at));
        // A container behind two targets is one container: its events once.
        return new TimelineRow(from, Instant.ofEpochSecond((currentMinute + 1) * 60), minutes,
                List.copyOf(new LinkedHashSet<>(marks)));
    }
}
