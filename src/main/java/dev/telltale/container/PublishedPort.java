package dev.telltale.container;

/**
 * A container port published on the host: {@code hostIp:hostPort} → {@code containerPort}.
 * {@code hostIp} is {@code 0.0.0.0} or {@code ::} when published on every address.
 */
public record PublishedPort(String hostIp, int hostPort, int containerPort) {
}
