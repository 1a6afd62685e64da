package dev.telltale;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code docs/architecture.md} names classes; a class renamed or removed must take the document
 * with it, so every backticked class name there must still be a source file.
 */
class ArchitectureDocumentTest {

    private static final Path DOCUMENT = Path.of("docs/architecture.md");
    /** {@code `Exchange`}, {@code `Failure.Side`}, {@code `Exchange.fail()`}: the class is the first word. */
    private static final Pattern CLASS_NAME =
            Pattern.compile("`([A-Z][A-Za-z0-9]*[a-z][A-Za-z0-9]*)(?:\\.[A-Za-z_][A-Za-z0-9_]*)*(?:\\(\\))?`");

    @Test
    void everyClassTheArchitectureDocumentNamesExists() throws IOException {
        Set<String> main = classNames(Path.of("src/main/java"));
        Set<String> test = classNames(Path.of("src/test/java"));
        Set<String> named = new TreeSet<>();
        Matcher matcher = CLASS_NAME.matcher(Files.readString(DOCUMENT));
        while (matcher.find()) {
            named.add(matcher.group(1));
        }

        // The contributor notes name tests and their fixtures; a name ending in Test must be a test.
        Set<String> missing = named.stream()
                .filter(name -> name.endsWith("Test") ? !test.contains(name)
                        : !main.contains(name) && !test.contains(name))
                .collect(Collectors.toCollection(TreeSet::new));

        assertThat(named).as("class names in %s", DOCUMENT).isNotEmpty();
        assertThat(missing).as("classes named in %s that have no source file (renamed or removed?): update the"
                + " document", DOCUMENT).isEmpty();
    }

    private static Set<String> classNames(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".java"))
                    .map(n -> n.substring(0, n.length() - ".java".length())).collect(Collectors.toSet());
        }
    }
}
