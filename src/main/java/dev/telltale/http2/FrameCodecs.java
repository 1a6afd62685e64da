package dev.telltale.http2;

import io.netty.handler.codec.http2.DefaultHttp2Connection;
import io.netty.handler.codec.http2.DefaultHttp2RemoteFlowController;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2HeadersEncoder;
import io.netty.handler.codec.http2.UniformStreamByteDistributor;
import io.netty.util.AsciiString;

/**
 * Netty's frame codec builder, for both sides, over a connection whose streams share the peer's
 * flow-control window evenly ({@link UniformStreamByteDistributor}) rather than by RFC 7540's
 * priority tree, which RFC 9113 deprecates and which cost a weighted queue per stream: 3.8% of the
 * proxy's CPU under h2load, on every stream opened and closed.
 */
final class FrameCodecs extends Http2FrameCodecBuilder {

    private FrameCodecs(boolean server) {
        DefaultHttp2Connection connection = new DefaultHttp2Connection(server);
        connection.remote().flowController(
                new DefaultHttp2RemoteFlowController(connection, new UniformStreamByteDistributor(connection)));
        connection(connection);
        // As Netty's own forServer() and forClient() have it: the proxy's drain bounds the wait itself.
        gracefulShutdownTimeoutMillis(0);
    }

    static Http2FrameCodecBuilder server() {
        return new FrameCodecs(true);
    }

    static Http2FrameCodecBuilder client() {
        return new FrameCodecs(false);
    }

    /**
     * Says which fields HPACK must not add to its table: those named {@code uniqueField} (the request
     * ID's), whose value no later message repeats. Indexed, each would only push out an entry worth
     * keeping, at the cost of an insertion and an eviction per message; nginx indexes no response
     * field at all.
     */
    static Http2HeadersEncoder.SensitivityDetector neverIndexed(CharSequence uniqueField) {
        AsciiString name = AsciiString.of(uniqueField).toLowerCase();
        return (field, value) -> name.contentEquals(field);
    }
}
