package dev.telltale.proxy;

import dev.telltale.upstream.UpstreamConnection;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import dev.telltale.http1.ResponseHead;
import io.netty.util.ReferenceCountUtil;

/**
 * After the upstream accepted a WebSocket upgrade (101), both connections stop speaking HTTP:
 * the codecs leave the pipelines and raw bytes are relayed each way, with backpressure.
 */
final class Tunnel {

    private Tunnel() {
    }

    /** The upstream said 101: rewrite its head for the client, take the connection out of the pool, tunnel. */
    static void accept(ResponseHead switching, RequestFacts request, String requestIdHeader, Channel client,
                       UpstreamConnection connection, Runnable onClosed) {
        ByteBuf head = client.alloc().buffer(switching.length() + 128);
        ClientResponseHead.write(switching, ClientResponseHead.Kind.SWITCH, null, requestIdHeader,
                request.requestId(), head);
        connection.detach();
        open(client, connection.channel(), head, onClosed);
    }

    /** {@code switching} is the 101 head as the client gets it. */
    static void open(Channel client, Channel upstream, ByteBuf switching, Runnable onClosed) {
        client.writeAndFlush(switching, client.voidPromise());
        Runnable closedOnce = new Runnable() {
            private boolean ran;

            @Override
            public void run() {
                if (!ran) {
                    ran = true;
                    onClosed.run();
                }
            }
        };
        ChannelPipeline clientPipeline = client.pipeline();
        ReadGate gate = clientPipeline.get(ReadGate.class);
        Reading clientReading = on -> {
            if (on) {
                gate.resume(ReadGate.Reason.TUNNEL_BACKPRESSURE);
            } else {
                gate.pause(ReadGate.Reason.TUNNEL_BACKPRESSURE);
            }
        };
        Reading upstreamReading = on -> upstream.config().setAutoRead(on);
        clientPipeline.addLast("tunnel", new Relay(upstream, closedOnce, clientReading, upstreamReading));
        for (String stage : ClientChannelInitializer.HTTP_STAGES) {
            if (clientPipeline.get(stage) != null) {
                clientPipeline.remove(stage);
            }
        }
        ChannelPipeline upstreamPipeline = upstream.pipeline();
        upstreamPipeline.addLast("tunnel", new Relay(client, closedOnce, upstreamReading, clientReading));
        upstreamPipeline.remove("upstream");
        // The HTTP exchange is over: nothing it paused the client for holds in the tunnel.
        gate.resumeAll();
        upstreamReading.set(true);
    }

    /** Switches one side's reading: the client's through its {@link ReadGate}, the upstream's directly. */
    private interface Reading {
        void set(boolean on);
    }

    /** Relays bytes read on one channel to its peer; pauses reading while the peer cannot keep up. */
    private static final class Relay extends ChannelInboundHandlerAdapter {
        private final Channel peer;
        private final Runnable onClosed;
        private final Reading ownReading;
        private final Reading peerReading;

        Relay(Channel peer, Runnable onClosed, Reading ownReading, Reading peerReading) {
            this.peer = peer;
            this.onClosed = onClosed;
            this.ownReading = ownReading;
            this.peerReading = peerReading;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (!(msg instanceof ByteBuf)) {
                ReferenceCountUtil.release(msg);
                return;
            }
            peer.write(msg, peer.voidPromise());
            if (!peer.isWritable()) {
                ownReading.set(false);
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            peer.flush();
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            // This side drained: let the peer's relay read again.
            peerReading.set(ctx.channel().isWritable());
            ctx.fireChannelWritabilityChanged();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            peer.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
            onClosed.run();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
