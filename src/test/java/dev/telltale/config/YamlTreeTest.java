package dev.telltale.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class YamlTreeTest {

    @TempDir
    Path dir;

    private final ConfigErrors errors = new ConfigErrors("test.yaml");

    @Test
    void keepsOneBasedLinesAndColumnsOfKeysAndValues() {
        YamlNode root = YamlTree.parse("""
                listen:
                  port: 8080
                routes:
                  - name: web
                """, errors);

        YamlNode.Mapping listen = (YamlNode.Mapping) ((YamlNode.Mapping) root).entries().get("listen").value();
        YamlNode.Entry port = listen.entries().get("port");
        assertThat(port.line()).isEqualTo(2);
        assertThat(port.column()).isEqualTo(3);
        assertThat(port.value()).isEqualTo(new YamlNode.Scalar("8080", false, 2, 9));
        YamlNode.Sequence routes = (YamlNode.Sequence) ((YamlNode.Mapping) root).entries().get("routes").value();
        assertThat(routes.items().get(0).line()).isEqualTo(4);
        assertThat(routes.items().get(0).column()).isEqualTo(5);
        assertThat(errors.isEmpty()).isTrue();
    }

    @Test
    void nullTildeAndNothingAreNull() {
        YamlNode.Mapping root = (YamlNode.Mapping) YamlTree.parse("a: null\nb: ~\nc:\nd: 'null'\n", errors);

        assertThat(root.entries().values()).extracting(e -> ((YamlNode.Scalar) e.value()).isNull())
                .containsExactly(true, true, true, false);
    }

    @Test
    void aliasesStandForTheirAnchoredValue() {
        YamlNode.Mapping root = (YamlNode.Mapping) YamlTree.parse("""
                base: &short { connect: 1s }
                copy: *short
                """, errors);

        assertThat(root.entries().get("copy").value()).isSameAs(root.entries().get("base").value());
        assertThat(errors.isEmpty()).isTrue();
    }

    @Test
    void anAliasWithoutAnchorIsAnError() {
        assertThat(YamlTree.parse("a: *nowhere\n", errors)).isNotNull();
        assertThat(errors.inFileOrder()).extracting(ConfigError::toString)
                .containsExactly("test.yaml:1:4: a: alias *nowhere refers to no anchor &nowhere above it");
    }

    @Test
    void everyDuplicateKeyIsReportedAtTheRepeatedKey() {
        YamlTree.parse("""
                listen:
                  port: 1
                  port: 2
                admin: {}
                admin: {}
                """, errors);

        assertThat(errors.inFileOrder()).extracting(ConfigError::toString).containsExactly(
                "test.yaml:3:3: listen.port: duplicate key `port` (first set at line 2)",
                "test.yaml:5:1: admin: duplicate key `admin` (first set at line 4)");
    }

    @Test
    void aSyntaxErrorIsAnErrorAtTheProblemNotAnException() {
        assertThat(new ConfigFiles(dir).errors("""
                listen:
                  port: 8080
                   address: 0.0.0.0
                """)).containsExactly("3:11: YAML syntax error: mapping values are not allowed here");
    }

    @Test
    void anUnclosedQuoteNamesWhereTheValueStarted() {
        assertThat(new ConfigFiles(dir).errors("a: 1\nb: \"open\nc: 2\n")).containsExactly(
                "4:1: YAML syntax error: found unexpected end of stream"
                        + " (while scanning a quoted scalar started at line 2, column 4)");
    }

    @Test
    void aTabIndentIsPointedAt() {
        assertThat(new ConfigFiles(dir).errors("routes:\n\t- name: web\n")).containsExactly(
                "2:1: YAML syntax error: found character 'tab' that cannot start any token."
                        + " (Do not use tab for indentation)");
    }

    @Test
    void anUnquotedIpv6InAFlowListGetsAHint() {
        assertThat(new ConfigFiles(dir).errors("error_pages:\n  trusted_networks: [ 10.0.0.0/8, ::1/128 ]\n"))
                .containsExactly("2:35: YAML syntax error: expected the node content, but found ':';"
                        + " quote values that start with ':', e.g. \"::1/128\""
                        + " (while parsing a flow node started at line 2, column 35)");
    }

    @Test
    void emptyFilesAndSecondDocumentsAreErrors() {
        assertThat(new ConfigFiles(dir).errors("# nothing yet\n")).containsExactly(
                "1:1: the file is empty; expected a mapping with at least `upstreams` and `routes`");
        assertThat(new ConfigFiles(dir).errors(ConfigFiles.MINIMAL + "---\nwatch: true\n")).containsExactly(
                "8:1: a second YAML document starts here; a config file holds exactly one");
    }
}
