package dev.telltale.config;

/** How requests are spread over an upstream's targets. */
public enum Balance {
    ROUND_ROBIN("round_robin"),
    LEAST_REQUEST("least_request");

    private final String yamlName;

    Balance(String yamlName) {
        this.yamlName = yamlName;
    }

    public String yamlName() {
        return yamlName;
    }
}
