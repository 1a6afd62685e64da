package dev.telltale.config;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;

/** Reads a YAML config file into a validated {@link ProxyConfig}, or reports every error in it. */
public final class ConfigLoader {

    private final Map<String, String> environment;

    public ConfigLoader(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    public static ConfigLoader fromSystemEnvironment() {
        return new ConfigLoader(System.getenv());
    }

    /**
     * Loads {@code file}. Errors name the file as given here, so a relative path stays short in
     * messages; relative paths inside the file are resolved against the file's own directory.
     *
     * @throws ConfigException with every error found, in file order
     */
    public ProxyConfig load(Path file) throws ConfigException {
        ConfigErrors errors = new ConfigErrors(file.toString());
        String text = read(file, errors);
        YamlNode root = text == null ? null : YamlTree.parse(text, errors);
        if (root == null) {
            throw errors.toException();
        }
        Path directory = file.toAbsolutePath().normalize().getParent();
        BindContext context = new BindContext(errors, new Interpolation(environment), directory);
        ProxyConfig config = ProxyConfigBinder.bind(new NodeReader(root, "", context), file);
        if (config == null || !errors.isEmpty()) {
            throw errors.toException();
        }
        return config;
    }

    private static String read(Path file, ConfigErrors errors) {
        try {
            return Files.readString(file);
        } catch (NoSuchFileException e) {
            errors.add(1, 1, "", "no such file");
        } catch (CharacterCodingException e) {
            errors.add(1, 1, "", "the file is not UTF-8 text");
        } catch (IOException e) {
            errors.add(1, 1, "", "cannot read the file: " + e.getMessage());
        }
        return null;
    }
}
