package dev.telltale.diagnostics;

/** A finished error body and the {@code Content-Type} to send it with; the body is UTF-8. */
public record RenderedError(String contentType, byte[] body) {
}
