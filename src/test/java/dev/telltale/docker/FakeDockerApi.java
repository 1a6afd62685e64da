package dev.telltale.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.nio.NioServerDomainSocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.GlobalEventExecutor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for the Docker Engine API on a real unix socket (and on 127.0.0.1 when asked): it
 * serves recorded inspections, streams events chunked and newline-delimited as the daemon does,
 * and misbehaves on request: a status or body of the test's choice for any path, an old
 * version, a stop and a start again mid-test.
 */
final class FakeDockerApi implements AutoCloseable {

    static final String FORBIDDEN_PAGE = "<html><body><h1>403 Forbidden</h1>\n"
            + "Request forbidden by administrative rules.\n</body></html>\n";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Path socket;
    private final DockerTransport transport;
    private final EventLoopGroup group;
    private final ChannelGroup accepted = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final List<Channel> streams = new CopyOnWriteArrayList<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final Map<String, ObjectNode> containers = new ConcurrentHashMap<>();
    /** Path (without the version) → the answer given instead of the normal one. */
    private final Map<String, FullAnswer> overrides = new ConcurrentHashMap<>();
    private volatile String version = Recorded.text("version.json");
    private final AtomicInteger mostConnections = new AtomicInteger();
    private Channel unixServer;
    private Channel tcpServer;
    private int tcpPort;

    private record FullAnswer(int status, String contentType, String body) {
    }

    FakeDockerApi(Path dir, DockerTransport transport) {
        this.socket = dir.resolve("docker.sock");
        this.transport = transport;
        this.group = transport.newGroup();
        start();
    }

    String endpoint() {
        return "unix://" + socket;
    }

    /** Also listens on 127.0.0.1, as a socket proxy would; the endpoint to reach it there. */
    String tcpEndpoint() {
        if (tcpServer == null) {
            tcpServer = bootstrap(transport.name().equals("epoll") ? EpollServerSocketChannel.class
                    : NioServerSocketChannel.class).bind("127.0.0.1", tcpPort).syncUninterruptibly().channel();
            tcpPort = ((InetSocketAddress) tcpServer.localAddress()).getPort();
        }
        return "tcp://127.0.0.1:" + tcpPort;
    }

    void put(JsonNode inspection) {
        containers.put(inspection.get("Id").asText(), (ObjectNode) inspection.deepCopy());
    }

    void remove(String id) {
        containers.remove(id);
    }

    void version(String apiVersion, String minApiVersion) {
        version = MAPPER.createObjectNode().put("Version", "1.0").put("ApiVersion", apiVersion)
                .put("MinAPIVersion", minApiVersion).toString();
    }

    /** From now on {@code path} (e.g. {@code /events}, {@code /containers/json}) gets this answer. */
    void answer(String path, int status, String body) {
        overrides.put(path, new FullAnswer(status, body.startsWith("<") ? "text/html" : "application/json", body));
    }

    /** As a socket proxy that does not allow {@code path}. */
    void forbid(String path) {
        answer(path, 403, FORBIDDEN_PAGE);
    }

    /** Writes one event line, as one chunk, to every open events stream. */
    void emit(String line) {
        emitRaw(line + "\n");
    }

    void emitRaw(String bytes) {
        for (Channel stream : streams) {
            stream.writeAndFlush(new DefaultHttpContent(Unpooled.copiedBuffer(bytes, StandardCharsets.UTF_8)));
        }
    }

    /** The most connections that were open at once. */
    int mostConnections() {
        return mostConnections.get();
    }

    int openStreams() {
        return streams.size();
    }

    /** The request targets seen so far, e.g. {@code /v1.44/containers/json?all=1}. */
    List<String> requests() {
        return List.copyOf(requests);
    }

    long requestsTo(String path) {
        return requests.stream().filter(r -> withoutVersion(r).startsWith(path)).count();
    }

    /** As the daemon going away: every connection closed, the socket file gone. */
    void stop() {
        if (unixServer != null) {
            unixServer.close().syncUninterruptibly();
            unixServer = null;
        }
        deleteSocket(); // before the connections close: a client that reconnects at once finds no file
        accepted.close().syncUninterruptibly();
        streams.clear();
    }

    void start() {
        deleteSocket();
        unixServer = bootstrap(transport.name().equals("epoll") ? EpollServerDomainSocketChannel.class
                : NioServerDomainSocketChannel.class).bind(transport.domainAddress(socket.toString()))
                .syncUninterruptibly().channel();
    }

    @Override
    public void close() {
        stop();
        if (tcpServer != null) {
            tcpServer.close().syncUninterruptibly();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private ServerBootstrap bootstrap(Class<? extends ServerChannel> channel) {
        return new ServerBootstrap().group(group).channel(channel).childHandler(new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                accepted.add(ch);
                mostConnections.accumulateAndGet(accepted.size(), Math::max);
                ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(64 * 1024), new Api());
            }
        });
    }

    private void deleteSocket() {
        try {
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String withoutVersion(String uri) {
        return uri.matches("/v[0-9.]+/.*") ? uri.substring(uri.indexOf('/', 1)) : uri;
    }

    /** The routes of the read-only API the source uses. */
    private final class Api extends SimpleChannelInboundHandler<FullHttpRequest> {

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            requests.add(request.uri());
            String path = withoutVersion(request.uri());
            String bare = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
            FullAnswer override = overrides.get(bare);
            if (override != null) {
                respond(ctx, override);
            } else if (bare.equals("/_ping")) {
                respond(ctx, new FullAnswer(200, "text/plain; charset=utf-8", "OK"));
            } else if (bare.equals("/version")) {
                respond(ctx, new FullAnswer(200, "application/json", version));
            } else if (bare.equals("/containers/json")) {
                respond(ctx, new FullAnswer(200, "application/json", list()));
            } else if (bare.startsWith("/containers/") && bare.endsWith("/json")) {
                String id = bare.substring("/containers/".length(), bare.length() - "/json".length());
                ObjectNode inspection = containers.get(id);
                respond(ctx, inspection != null ? new FullAnswer(200, "application/json", inspection.toString())
                        : new FullAnswer(404, "application/json", "{\"message\":\"No such container: " + id + "\"}"));
            } else if (bare.equals("/events")) {
                HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
                head.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                        .set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED)
                        .set("Api-Version", "1.47").set(HttpHeaderNames.SERVER, "Docker/27.4.1 (linux)");
                ctx.writeAndFlush(head);
                streams.add(ctx.channel());
                ctx.channel().closeFuture().addListener(closed -> streams.remove(ctx.channel()));
            } else {
                respond(ctx, new FullAnswer(404, "application/json", "{\"message\":\"page not found\"}"));
            }
        }

        private String list() {
            ArrayNode list = MAPPER.createArrayNode();
            for (ObjectNode c : containers.values()) {
                ObjectNode entry = list.addObject();
                entry.put("Id", c.get("Id").asText());
                entry.putArray("Names").add(c.get("Name").asText());
                entry.put("Image", c.path("Config").path("Image").asText());
                JsonNode labels = c.path("Config").path("Labels");
                if (labels.isObject()) {
                    entry.set("Labels", labels.deepCopy());
                }
                entry.put("State", c.path("State").path("Status").asText());
            }
            return list.toString();
        }

        private void respond(ChannelHandlerContext ctx, FullAnswer answer) {
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                    HttpResponseStatus.valueOf(answer.status()),
                    Unpooled.copiedBuffer(answer.body(), StandardCharsets.UTF_8));
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, answer.contentType())
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
            ctx.writeAndFlush(response);
        }
    }
}
