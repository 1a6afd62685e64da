package dev.telltale.proxy;

/** The {@code grpc-status} an app sent, for the log line: in a trailers-only head, or in the trailers. */
final class GrpcStatusField {

    private static final String NAME = "grpc-status:";

    private GrpcStatusField() {
    }

    /** The status in a field value, or null when it is not a small number. */
    static Integer parse(String value) {
        if (value == null) {
            return null;
        }
        String text = value.trim();
        if (text.isEmpty() || text.length() > 3) {
            return null;
        }
        int status = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return null;
            }
            status = status * 10 + (c - '0');
        }
        return status;
    }

    /** The status among a trailer section's lines (each with its CR LF), or null. */
    static Integer inTrailers(String section) {
        if (section == null) {
            return null;
        }
        for (String line : section.split("\r\n")) {
            if (line.regionMatches(true, 0, NAME, 0, NAME.length())) {
                return parse(line.substring(NAME.length()));
            }
        }
        return null;
    }
}
