package dev.telltale.admin;

import dev.telltale.diagnostics.Html;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * An upstream's timeline as inline SVG: failures per minute stacked by class, and a line for each
 * mark (a target down or up, a reload, a container event) at its time on the same axis, with its
 * words in a {@code <title>} to hover. No script and no external asset; colours come from the
 * page's stylesheet (classes), so that its dark scheme applies.
 */
final class TimelineSvg {

    static final int WIDTH = 900;
    static final int HEIGHT = 180;
    /** The plot area inside the drawing: room above for the marks' words, below for the minutes. */
    static final int LEFT = 40;
    static final int RIGHT = 870;
    static final int TOP = 34;
    static final int BOTTOM = 150;
    /** One colour per class, in the order classes first appear; more than these repeat. */
    private static final int PALETTE = 8;
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private TimelineSvg() {
    }

    /** The SVG, then a legend of the classes drawn. */
    static String of(String upstream, TimelineRow timeline) {
        Set<String> classes = new LinkedHashSet<>();
        long max = 1;
        for (TimelineRow.MinuteRow minute : timeline.minutes()) {
            classes.addAll(minute.byFailure().keySet());
            max = Math.max(max, minute.total());
        }
        List<String> palette = List.copyOf(classes);
        StringBuilder svg = new StringBuilder(4096)
                .append("<svg class=timeline role=img viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT)
                .append("\" width=\"").append(WIDTH).append("\" height=\"").append(HEIGHT)
                .append("\" data-from=\"").append(timeline.from()).append("\" data-to=\"").append(timeline.to())
                .append("\" xmlns=\"http://www.w3.org/2000/svg\"><title>").append(Html.escape(upstream))
                .append(": failures per minute by class over the last 15 minutes, UTC, with health changes, reloads"
                        + " and container events</title>");
        axes(svg, timeline, max);
        double minuteWidth = x(timeline, timeline.from().plusSeconds(60)) - LEFT;
        for (TimelineRow.MinuteRow minute : timeline.minutes()) {
            double y = BOTTOM;
            for (Map.Entry<String, Long> count : minute.byFailure().entrySet()) {
                double height = (BOTTOM - TOP) * (double) count.getValue() / max;
                y -= height;
                svg.append("<rect class=\"bar c").append(palette.indexOf(count.getKey()) % PALETTE)
                        .append("\" data-minute=\"").append(minute.start()).append("\" data-failure=\"")
                        .append(Html.escape(count.getKey())).append("\" x=\"").append(fmt(x(timeline, minute.start()) + 1))
                        .append("\" y=\"").append(fmt(y)).append("\" width=\"").append(fmt(minuteWidth - 2))
                        .append("\" height=\"").append(fmt(height)).append("\"><title>")
                        .append(MINUTE.format(minute.start())).append(" UTC: ").append(count.getValue()).append(' ')
                        .append(Html.escape(count.getKey())).append("</title></rect>");
            }
        }
        int row = 0;
        for (TimelineRow.MarkRow mark : timeline.marks()) {
            double x = x(timeline, mark.at());
            // Words to the left of a line near the right edge, so that they stay inside the drawing.
            boolean nearTheEnd = x > RIGHT - 100;
            String words = mark.label() + (mark.of() == null ? "" : " " + mark.of());
            String css = "mark " + mark.kind() + ("down".equals(mark.label()) ? " down" : "")
                    + (mark.label().startsWith("reload rejected") ? " rejected" : "");
            svg.append("<g class=\"").append(css).append("\" data-mark=\"").append(mark.kind()).append("\" data-at=\"")
                    .append(mark.at()).append("\"><title>").append(Html.escape(mark.at() + " " + words
                            + (mark.detail() == null ? "" : ": " + mark.detail()))).append("</title><line x1=\"")
                    .append(fmt(x)).append("\" x2=\"").append(fmt(x)).append("\" y1=\"").append(TOP - 4)
                    .append("\" y2=\"").append(BOTTOM).append("\"/><text x=\"").append(fmt(nearTheEnd ? x - 3 : x + 3)).append("\" y=\"")
                    .append(12 + 10 * (row++ % 3)).append(nearTheEnd ? "\" text-anchor=\"end\">" : "\">")
                    .append(Html.escape(mark.label())).append("</text></g>");
        }
        svg.append("</svg>");
        return svg.append(legend(palette, timeline.marks().isEmpty())).toString();
    }

    private static void axes(StringBuilder svg, TimelineRow timeline, long max) {
        svg.append("<line class=axis x1=\"").append(LEFT).append("\" x2=\"").append(RIGHT).append("\" y1=\"")
                .append(BOTTOM).append("\" y2=\"").append(BOTTOM).append("\"/><line class=axis x1=\"").append(LEFT)
                .append("\" x2=\"").append(LEFT).append("\" y1=\"").append(TOP).append("\" y2=\"").append(BOTTOM)
                .append("\"/><text class=label x=\"").append(LEFT - 4).append("\" y=\"").append(TOP + 4)
                .append("\" text-anchor=end>").append(max).append("</text><text class=label x=\"").append(LEFT - 4)
                .append("\" y=\"").append(BOTTOM).append("\" text-anchor=end>0</text>");
        for (Instant tick = timeline.from(); !tick.isAfter(timeline.to()); tick = tick.plusSeconds(300)) {
            svg.append("<text class=label x=\"").append(fmt(x(timeline, tick))).append("\" y=\"").append(BOTTOM + 16)
                    .append("\" text-anchor=middle>").append(MINUTE.format(tick)).append("</text>");
        }
    }

    private static String legend(List<String> classes, boolean noMarks) {
        StringBuilder legend = new StringBuilder("<p class=legend>");
        if (classes.isEmpty()) {
            legend.append("no failures in the last 15 minutes");
        }
        for (int i = 0; i < classes.size(); i++) {
            legend.append(i == 0 ? "" : " ").append("<span class=\"key c").append(i % PALETTE).append("\"></span>")
                    .append(Html.escape(classes.get(i)));
        }
        if (!noMarks) {
            legend.append(" · lines: <span class=\"kw health\">up</span> / <span class=\"kw health down\">down</span>,"
                    + " <span class=\"kw reload\">reload</span>, <span class=\"kw container\">container event</span>");
        }
        return legend.append("</p>").toString();
    }

    /** Where {@code at} falls on the axis, clamped to the plot. */
    static double x(TimelineRow timeline, Instant at) {
        double span = Duration.between(timeline.from(), timeline.to()).toMillis();
        double offset = Duration.between(timeline.from(), at).toMillis();
        return LEFT + (RIGHT - LEFT) * Math.max(0, Math.min(1, offset / span));
    }

    private static String fmt(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }
}
