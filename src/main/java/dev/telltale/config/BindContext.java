package dev.telltale.config;

import java.nio.file.Path;

/** What every reader shares while one file is bound: the error list, the environment, the file's directory. */
record BindContext(ConfigErrors errors, Interpolation interpolation, Path configDirectory) {
}
