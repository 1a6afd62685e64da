package dev.telltale.config;

/** {@code safe}: no internal names, addresses, ports or exception text. {@code full}: everything. */
public enum DetailLevel {
    SAFE, FULL
}
