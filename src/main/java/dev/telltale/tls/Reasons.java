package dev.telltale.tls;

/** An exception's message with its root cause's, for a log line or a start error. */
final class Reasons {

    private Reasons() {
    }

    static String of(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = text(root);
        return root == e ? message : text(e) + " (" + message + ")";
    }

    private static String text(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
