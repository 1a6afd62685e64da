package dev.telltale.proxy;

import dev.telltale.accesslog.AccessLogEntry;
import dev.telltale.diagnostics.ErrorReport;
import dev.telltale.diagnostics.GrpcStatus;
import dev.telltale.failure.ExchangeFailure;
import dev.telltale.upstream.ExchangeListeners;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;

import java.net.InetAddress;

/**
 * The proxy's answer to a request that never became an exchange (refused at admission, a head
 * that timed out, a bug before the exchange began): its log line and incident, then the page,
 * then the connection kept or closed.
 */
final class EarlyAnswers {

    private final Channel channel;
    private final ReadGate gate;

    EarlyAnswers(Channel channel, ReadGate gate) {
        this.channel = channel;
        this.gate = gate;
    }

    /**
     * @param grpc          the request is gRPC's: the answer is a trailers-only gRPC status, not a page
     * @param headRequest   the answer is to a HEAD request: its head alone goes out
     * @param bodyMayFollow the client may still be sending a body the decoder has not read: a close lingers
     */
    void send(ProxyRuntime runtime, AccessLogEntry.Builder log, Admission.Refused refusal, InetAddress client,
              String accept, boolean grpc, boolean headRequest, boolean bodyMayFollow) {
        ExchangeFailure answered = new ExchangeFailure(refusal.failure(), refusal.phase(), refusal.detail(), false);
        log.status(refusal.failure().status()).failure(refusal.failure().wireName()).failureDetail(refusal.detail())
                .attempts(0).grpcStatus(grpc ? GrpcStatus.of(refusal.failure(), refusal.phase()).code() : null);
        // Logged and kept before the page leaves, so the ID on the page is already findable.
        AccessLogEntry entry = log.build();
        runtime.accessLog().write(entry);
        IncidentRecorder incident = new IncidentRecorder(runtime.incidents(), null);
        new ExchangeListeners(incident, runtime.listeners()).exchangeEnded(entry, answered);
        ErrorReport report = incident.report(entry, answered);
        ChannelFuture sent = ErrorResponses.write(channel, runtime, report, client, accept, grpc,
                refusal.keepAlive(), headRequest, channel.newPromise());
        if (refusal.keepAlive()) {
            sent.addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
        } else {
            LingeringClose.closeAfter(sent, bodyMayFollow, gate);
        }
    }
}
