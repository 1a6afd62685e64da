package dev.telltale.triage;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Many requests of one client-side kind (malformed, oversized, slow) from few addresses: what a
 * scanner, a broken client or a slowloris looks like in the access log. Reported beside the
 * verdict, which is about the app: these are no fault of the app's.
 *
 * @param addresses      the few addresses that sent most of them, most first, at full detail
 * @param otherAddresses how many other addresses sent the rest ({@code otherRequests})
 */
public record ClientStorm(Kind kind, long requests, Instant first, Instant last, List<Source> addresses,
                          long otherAddresses, long otherRequests) {

    /** One address and how many of the storm's requests it sent. */
    public record Source(String client, long requests) {
    }

    /** The client-side classes a storm is made of, and what such a storm usually is. */
    public enum Kind {
        MALFORMED("malformed requests", "a scanner or a broken client"),
        OVERSIZED("oversized requests (head, target or body over the listener's limits)",
                "a client sending more than the limits allow, or a scanner probing them"),
        SLOW("requests whose head did not arrive within client_header_timeout",
                "a slow-request attack (slowloris) or a client on a very slow network");

        private final String what;
        private final String meaning;

        Kind(String what, String meaning) {
            this.what = what;
            this.meaning = meaning;
        }

        public String what() {
            return what;
        }

        public String meaning() {
            return meaning;
        }

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Null for a class that is no part of a storm (client_closed, and every other side's). */
        static Kind of(String failure) {
            if (failure == null) {
                return null;
            }
            return switch (failure) {
                case "http_request_error" -> MALFORMED;
                case "http_request_header_section_size", "http_request_target_size", "http_request_body_size" -> OVERSIZED;
                case "http_request_timeout" -> SLOW;
                default -> null;
            };
        }
    }
}
