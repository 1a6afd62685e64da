package dev.telltale.upstream;

import io.netty.channel.epoll.Epoll;
import io.netty.channel.unix.Errors;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class SocketErrorTest {

    @Test
    void nativeErrnoIsReadFromTheException() {
        // The native library must be loaded before Errors is initialised, or the class breaks for the JVM.
        assumeTrue(Epoll.isAvailable(), "native epoll is not available here");
        assertThat(ExceptionText.socketError(new Errors.NativeIoException("read", -104))).isEqualTo(SocketError.RESET);
        assertThat(ExceptionText.socketError(new Errors.NativeIoException("connect", -111))).isEqualTo(SocketError.REFUSED);
    }

    @Test
    void epollConnectMessageCarriesTheErrno() {
        // A reset can come back from connect() itself: the errno decides, not the phase.
        assertThat(ExceptionText.socketError(new ConnectException("connect(..) failed with error(-104): Connection reset by peer")))
                .isEqualTo(SocketError.RESET);
        assertThat(ExceptionText.socketError(new ConnectException("finishConnect(..) failed with error(-113): No route to host")))
                .isEqualTo(SocketError.HOST_UNREACHABLE);
    }

    @Test
    void theErrnoIsReadOnlyFromAWellFormedErrorParenthesis() {
        assertThat(ExceptionText.nativeErrno("finishConnect(..) failed with error(-111): Connection refused")).isEqualTo(111);
        assertThat(ExceptionText.nativeErrno("error(104)")).isEqualTo(104);
        // The first "error(" is not followed by a number: the next one is read.
        assertThat(ExceptionText.nativeErrno("error(x) then error(-32)")).isEqualTo(32);
        assertThat(ExceptionText.nativeErrno("error(-)")).isEqualTo(-1);
        assertThat(ExceptionText.nativeErrno("error(-111")).isEqualTo(-1);
        assertThat(ExceptionText.nativeErrno("no errno here")).isEqualTo(-1);
        // Too long to be an errno: not read (the regular expression before this threw on it).
        assertThat(ExceptionText.nativeErrno("error(-99999999999999999999)")).isEqualTo(-1);
    }

    @Test
    void jdkExceptionsAreReadByType() {
        assertThat(ExceptionText.socketError(new ConnectException("Connection refused"))).isEqualTo(SocketError.REFUSED);
        assertThat(ExceptionText.socketError(new NoRouteToHostException("whatever"))).isEqualTo(SocketError.HOST_UNREACHABLE);
        assertThat(ExceptionText.socketError(new SocketException("Connection reset"))).isEqualTo(SocketError.RESET);
        assertThat(ExceptionText.socketError(new IOException("wrapped", new SocketException("Broken pipe"))))
                .isEqualTo(SocketError.BROKEN_PIPE);
        assertThat(ExceptionText.socketError(new IOException("something else"))).isNull();
    }
}
