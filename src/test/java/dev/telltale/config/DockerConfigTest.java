package dev.telltale.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code runtime.docker.socket}: off unless set, a path, unix:// or tcp:// endpoint, anything else an error. */
class DockerConfigTest {

    @TempDir
    Path dir;

    private DockerConfig docker(String yaml) throws ConfigException {
        return new ConfigFiles(dir).load(ConfigFiles.MINIMAL + yaml).docker();
    }

    @Test
    void offUnlessSet() throws Exception {
        assertThat(new ConfigFiles(dir).load(ConfigFiles.MINIMAL).docker().enabled()).isFalse();
        assertThat(docker("runtime: { docker: { socket: null } }\n").enabled()).isFalse();
        // The shipped config writes ${DOCKER_SOCKET:-}: unset in the environment is off.
        assertThat(new ConfigFiles(dir, Map.of()).load(ConfigFiles.MINIMAL
                + "runtime: { docker: { socket: \"${DOCKER_SOCKET:-}\" } }\n").docker().enabled()).isFalse();
    }

    @Test
    void aPathOrUnixOrTcpEndpoint() throws Exception {
        assertThat(docker("runtime: { docker: { socket: /var/run/docker.sock } }\n").endpoint())
                .isEqualTo("unix:///var/run/docker.sock");
        assertThat(docker("runtime: { docker: { socket: /var/run/docker.sock } }\n").socketPath())
                .isEqualTo("/var/run/docker.sock");
        assertThat(docker("runtime: { docker: { socket: \"unix:///run/user/1000/docker.sock\" } }\n").socketPath())
                .isEqualTo("/run/user/1000/docker.sock");
        DockerConfig tcp = docker("runtime: { docker: { socket: \"tcp://docker-socket-proxy:2375\" } }\n");
        assertThat(tcp.endpoint()).isEqualTo("tcp://docker-socket-proxy:2375");
        assertThat(tcp.socketPath()).isNull();
        assertThat(docker("runtime: { docker: { socket: \"http://127.0.0.1:2375\" } }\n").endpoint())
                .isEqualTo("tcp://127.0.0.1:2375");
    }

    @Test
    void anythingElseIsAnErrorThatSaysWhatIsExpected() {
        assertThat(new ConfigFiles(dir).errorsAfterMinimal("runtime: { docker: { socket: docker.sock } }\n"))
                .singleElement().asString().contains("runtime.docker.socket")
                .contains("expected an absolute socket path (/var/run/docker.sock), unix:///PATH or tcp://HOST:PORT");
        assertThat(new ConfigFiles(dir).errorsAfterMinimal("runtime: { docker: { socket: \"tcp://proxy\" } }\n"))
                .singleElement().asString().contains("expected tcp://HOST:PORT");
        assertThat(new ConfigFiles(dir).errorsAfterMinimal("runtime: { docker: { sock: /x } }\n"))
                .singleElement().asString().contains("runtime.docker.sock");
    }
}
