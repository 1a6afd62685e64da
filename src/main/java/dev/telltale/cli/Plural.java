package dev.telltale.cli;

/** "1 route", "2 routes". */
final class Plural {

    private Plural() {
    }

    static String of(int count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }
}
