package dev.telltale.http2;

import dev.telltale.config.ListenHttp2Config;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.timeout.IdleStateHandler;

import java.util.concurrent.TimeUnit;

/**
 * The stages of a client connection that speaks HTTP/2: Netty's frame codec (HPACK, flow control,
 * the protocol's own checks), then one child channel per stream, laid out by {@code streamStages}
 * as an HTTP/1.1 connection is, then {@link Http2ConnectionStage} for the connection as a whole.
 */
public final class ClientHttp2 {

    /** RST_STREAM frames a client may send in a window before the connection is closed (CVE-2023-44487). */
    public static final int MAX_RESETS_PER_WINDOW = 200;
    static final int RESET_WINDOW_SECONDS = 30;

    private ClientHttp2() {
    }

    /**
     * Puts the HTTP/2 stages after {@code after} in {@code pipeline}. {@code maxHeaderBytes} is
     * {@code listen.max_request_header_bytes}: the proxy's reader answers a head over it with its 431
     * page, and the codec refuses one over twice that before decoding it all. {@code drainStarted} is
     * the event that starts a graceful shutdown; {@code streamStages} adds each stream to {@code streams},
     * which passes that event on to them. {@code requestIdHeader}'s values are never added to HPACK's table.
     */
    public static void install(ChannelPipeline pipeline, String after, ListenHttp2Config config, long maxHeaderBytes,
                               long keepaliveMillis, ChannelHandler streamStages, OpenStreams streams,
                               Object drainStarted, CharSequence requestIdHeader) {
        Http2Settings settings = new Http2Settings()
                .maxConcurrentStreams(config.maxConcurrentStreams())
                .initialWindowSize(config.initialStreamWindowBytes())
                .maxHeaderListSize(Math.min(2 * maxHeaderBytes, Integer.MAX_VALUE));
        Http2FrameCodec codec = FrameCodecs.server()
                .initialSettings(settings)
                .validateHeaders(true)
                .headerSensitivityDetector(FrameCodecs.neverIndexed(requestIdHeader))
                .decoderEnforceMaxRstFramesPerWindow(MAX_RESETS_PER_WINDOW, RESET_WINDOW_SECONDS)
                .build();
        pipeline.addAfter(after, "h2-idle", new IdleStateHandler(keepaliveMillis, 0, 0, TimeUnit.MILLISECONDS))
                .addAfter("h2-idle", "h2-codec", codec)
                .addAfter("h2-codec", "h2-streams", new Http2MultiplexHandler(streamStages))
                .addAfter("h2-streams", "h2-connection", new Http2ConnectionStage(codec,
                        config.connectionWindowBytes(), drainStarted, streams));
    }
}
