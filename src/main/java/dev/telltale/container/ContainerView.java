package dev.telltale.container;

/** Where the proxy reads container state from; {@link #NONE} when no runtime source is configured. */
@FunctionalInterface
public interface ContainerView {

    ContainerView NONE = () -> Containers.NONE;

    /** The latest snapshot; cheap, never blocks. */
    Containers current();
}
