package dev.telltale.proxy;

import dev.telltale.accesslog.Origin;
import dev.telltale.diagnostics.GrpcStatus;
import dev.telltale.failure.ExchangeFailure;
import dev.telltale.failure.Failure;
import dev.telltale.upstream.UpstreamConnection;
import io.netty.channel.Channel;

/**
 * How an exchange ends, once: with the proxy's error answer when it failed before the response
 * head went out (a truncated response after), then the upstream connection freed, the client
 * connection settled and the log line written.
 */
final class ExchangeEnd {

    // Holds nothing: every part is the exchange's, so ending one allocates no object of its own.
    private ExchangeEnd() {
    }

    /** No more tries (the connection already let go): the client gets the error, or a truncated response. */
    static void giveUp(Exchange exchange, ExchangeFailure failure) {
        failure = exchange.attempts().gaveUp(failure);
        exchange.record().log().origin(Origin.PROXY);
        if (exchange.timeline().state().headForwarded()) {
            if (exchange.request().grpc() && exchange.response().chunksForClient()) {
                // gRPC reads its status from the trailers: the proxy's ends the response in good form.
                endWithGrpcStatus(exchange, failure);
            }
            // The head is gone: otherwise only a truncated response can tell the client something broke.
            end(exchange, null, false, false);
            return;
        }
        respondWithError(exchange, failure);
    }

    private static void endWithGrpcStatus(Exchange exchange, ExchangeFailure failure) {
        RequestFacts request = exchange.request();
        Channel client = exchange.client().channel();
        exchange.record().log().grpcStatus(GrpcStatus.of(failure.failure(), failure.phase()).code());
        String trailers = ErrorResponses.grpcTrailers(exchange.runtime(), exchange.record().reportForTrailers(failure),
                request.client().inet());
        ChunkedWrites.lastChunk(client, trailers);
        client.flush();
    }

    /** The client's request was refused mid-body (the connection already let go). */
    static void abortByClient(Exchange exchange, ExchangeFailure rejection) {
        exchange.record().failed(rejection, null);
        if (exchange.timeline().state().headForwarded()) {
            end(exchange, null, false, false);
        } else {
            respondWithError(exchange, rejection);
        }
    }

    private static void respondWithError(Exchange exchange, ExchangeFailure failure) {
        RequestFacts request = exchange.request();
        ClientConnectionHandler client = exchange.client();
        Channel clientChannel = client.channel();
        // The decoder knows where the request ends, so a bodiless request leaves the connection usable.
        boolean keepAlive = request.keepAlive() && (exchange.body().complete() || !request.hasBody())
                && !client.draining();
        if (request.grpc()) {
            exchange.record().log().grpcStatus(GrpcStatus.of(failure.failure(), failure.phase()).code());
        }
        ErrorResponses.write(clientChannel, exchange.runtime(), exchange.record().reportForPage(failure),
                request.client().inet(), request.head().value("accept"), request.grpc(), keepAlive,
                request.headMethod(), clientChannel.voidPromise());
        end(exchange, null, false, keepAlive);
    }

    /** The client went before the exchange ended ({@code cause} says how when it failed): logged, nobody to answer. */
    static void clientGone(Exchange exchange, UpstreamConnection connection, Throwable cause) {
        String phase = exchange.timeline().phase().wireName();
        String detail = cause == null ? "client closed the connection during " + phase
                : "client connection failed during " + phase + ": "
                + (cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage());
        exchange.record().log().status(499).failure(Failure.CLIENT_CLOSED.wireName()).failureDetail(detail);
        end(exchange, connection, false, false);
    }

    /** The tunnel closed: the exchange ends with it; its client connection is the tunnel's to close. */
    static void tunnelClosed(Exchange exchange) {
        if (!exchange.timeline().ended()) {
            exchange.to(ExchangeState.ENDED);
            exchange.record().write();
            exchange.client().tunnelEnded(exchange);
        }
    }

    /** Ends the exchange once: frees {@code connection} (may be null), settles the client connection, logs. */
    static void end(Exchange exchange, UpstreamConnection connection, boolean reuseUpstream, boolean keepClient) {
        if (exchange.timeline().ended()) {
            return;
        }
        exchange.to(ExchangeState.ENDED);
        exchange.body().releaseHeld();
        exchange.attempts().ended();
        if (connection != null) {
            if (reuseUpstream) {
                connection.channel().config().setAutoRead(true);
                connection.release(exchange.upstream().config().pool().idleTimeout().toNanos(),
                        exchange.response().keepAliveHintNanos());
            } else {
                connection.discard();
            }
        }
        exchange.record().write();
        exchange.client().exchangeEnded(exchange, keepClient);
    }
}
