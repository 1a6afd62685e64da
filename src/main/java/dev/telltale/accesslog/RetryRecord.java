package dev.telltale.accesslog;

/** An earlier attempt of a request that failed and was retried: where it went and how it failed. */
public record RetryRecord(String target, String failure) {
}
