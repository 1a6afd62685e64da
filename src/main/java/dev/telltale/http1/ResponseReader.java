package dev.telltale.http1;

import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;

/**
 * Reads the responses of one upstream connection off its raw bytes, one step at a time: a head
 * (judged by {@link ResponseHeadCheck}, then read into a {@link ResponseHead}), then the body as
 * pieces of the bytes themselves, then the end. A chunked body is walked ({@link ChunkWalk}) and
 * passed on as it came, chunk lines and all, unless {@linkplain #expect dechunking} was asked for;
 * a body without a length runs to the close. Nothing is decoded into objects and re-encoded.
 * <p>
 * The caller owns the buffer it reads from and keeps what {@link #next} leaves unread for the next
 * read (an unfinished head or chunk line). Pure of Netty's pipeline, so one state machine is tested
 * on its own and fuzzed.
 */
public final class ResponseReader {

    /** What one step found. */
    public enum Step {
        /** More bytes are needed; keep what is left unread. */
        MORE,
        /** A head: see {@link #head()}. An interim one (1xx) is followed by another head. */
        HEAD,
        /** A piece of the body: take it with {@link #piece()}. */
        BODY,
        /** The response has ended; bytes after it are not its own. */
        END,
        /** Bytes came when no response was expected. */
        UNSOLICITED,
        /** The head or the body is refused: see {@link #verdict()}. Nothing more can be read. */
        REFUSED,
        /** After a protocol switch (101), the bytes are no longer HTTP: pass them on raw. */
        SWITCHED
    }

    private enum State { IDLE, HEAD, LENGTH, CHUNKED, UNTIL_CLOSE, ENDING, SWITCHED, BROKEN }

    /** Trailers are rare and short; this bounds what a hostile one may make the walk read. */
    private static final int MAX_TRAILER_BYTES = 64 * 1024;

    private final int maxHeaderBytes;
    /** Made at the first head: a connection whose connect fails (a 502 storm's) never needs one. */
    private ResponseHead head;
    private State state = State.IDLE;
    private boolean headRequest;
    private boolean dechunk;
    private long remaining;
    private ChunkWalk chunks;
    private ByteBuf piece;
    private long pieceBodyBytes;
    private Verdict verdict = Verdict.OK;
    /** The trailer section's lines, kept while de-chunking; null until one comes. */
    private StringBuilder trailers;

    /** {@code maxHeaderBytes} bounds the header section; the status line has its own bound. */
    public ResponseReader(int maxHeaderBytes) {
        this.maxHeaderBytes = maxHeaderBytes;
    }

    /**
     * As above, reading each head into {@code shared}, which readers of one thread may share when
     * each takes what it needs of a head at once, in the step that read it: the many short-lived
     * readers of HTTP/2 streams then need no head of their own.
     */
    public ResponseReader(int maxHeaderBytes, ResponseHead shared) {
        this.maxHeaderBytes = maxHeaderBytes;
        this.head = shared;
    }

    /**
     * The next bytes start the response to a request; a HEAD request's has no body whatever its head
     * says, and {@code dechunk} passes on only the data of a chunked body (for an HTTP/1.0 client).
     */
    public void expect(boolean headRequest, boolean dechunk) {
        this.headRequest = headRequest;
        this.dechunk = dechunk;
        state = State.HEAD;
        chunks = null;
        trailers = null;
    }

    /** True when no response is expected: bytes now are unsolicited. */
    public boolean idle() {
        return state == State.IDLE;
    }

    /** True while the body runs to the close of the connection, where the close is its end. */
    public boolean untilClose() {
        return state == State.UNTIL_CLOSE;
    }

    /** True while a head is awaited (after an interim one too). */
    public boolean awaitingHead() {
        return state == State.HEAD;
    }

    /** The head just read; good until the next head. */
    public ResponseHead head() {
        return head;
    }

    /** The piece of body just read; the caller owns it. */
    public ByteBuf piece() {
        ByteBuf taken = piece;
        piece = null;
        return taken;
    }

    /** The body bytes in the piece just read (without chunk lines). */
    public long pieceBodyBytes() {
        return pieceBodyBytes;
    }

    /** Why the response was refused. */
    public Verdict verdict() {
        return verdict;
    }

    /** One step over {@code buf} from its reader index, which it moves past what it has read. */
    public Step next(ByteBuf buf) {
        return switch (state) {
            case HEAD -> head(buf);
            case LENGTH -> length(buf);
            case CHUNKED -> chunked(buf);
            case UNTIL_CLOSE -> untilClose(buf);
            case ENDING -> {
                state = State.IDLE;
                yield Step.END;
            }
            case SWITCHED -> Step.SWITCHED;
            case BROKEN -> Step.REFUSED;
            case IDLE -> buf.isReadable() ? Step.UNSOLICITED : Step.MORE;
        };
    }

    private Step head(ByteBuf buf) {
        Verdict start = ResponseHeadCheck.ofStart(buf);
        if (!start.isOk()) {
            return refuse(start);
        }
        int end = HeadScan.headEnd(buf, buf.readerIndex(), buf.writerIndex());
        if (end < 0) {
            return buf.readableBytes() > maxHeaderBytes + DecoderLimits.MAX_START_LINE + 4
                    ? refuse(tooLarge()) : Step.MORE;
        }
        int length = end - buf.readerIndex();
        if (head == null) {
            head = new ResponseHead();
        }
        Verdict checked = ResponseHeadCheck.check(head.load(buf, buf.readerIndex(), length), length, head);
        if (!checked.isOk()) {
            return refuse(checked);
        }
        int lineEnd = head.statusTo();
        if (lineEnd > DecoderLimits.MAX_START_LINE || length - lineEnd - 2 > maxHeaderBytes + 2) {
            return refuse(tooLarge());
        }
        buf.skipBytes(length);
        frame();
        if (state == State.CHUNKED && buf.isReadable()) {
            // The body's first bytes came with the head: broken there, refuse it before the head goes on.
            chunks.walk(buf, buf.readerIndex(), buf.writerIndex());
            if (chunks.problem() != null) {
                return refuse(chunks.verdict());
            }
            chunks = new ChunkWalk("response", MAX_TRAILER_BYTES); // walked again as the body
        }
        return Step.HEAD;
    }

    /** How the body after the head just read is framed. */
    private void frame() {
        int status = head.status();
        if (status == 101) {
            state = State.SWITCHED;
        } else if (status < 200) {
            state = State.HEAD; // an interim answer: the final head follows
        } else if (headRequest || !FramingRules.responseHasBody(status) || head.contentLength() == 0) {
            state = State.ENDING;
        } else if (head.chunked()) {
            state = State.CHUNKED;
            chunks = new ChunkWalk("response", MAX_TRAILER_BYTES);
        } else if (head.contentLength() > 0) {
            remaining = head.contentLength();
            state = State.LENGTH;
        } else {
            state = State.UNTIL_CLOSE;
        }
    }

    private Step length(ByteBuf buf) {
        if (!buf.isReadable()) {
            return Step.MORE;
        }
        int n = (int) Math.min(remaining, buf.readableBytes());
        remaining -= n;
        take(buf, n, n);
        if (remaining == 0) {
            state = State.ENDING;
        }
        return Step.BODY;
    }

    private Step chunked(ByteBuf buf) {
        if (!buf.isReadable()) {
            return Step.MORE;
        }
        int from = buf.readerIndex();
        long before = chunks.dataBytes();
        boolean wasInTrailers = chunks.inTrailers();
        int stop = dechunk ? chunks.walkToData(buf, from, buf.writerIndex()) : chunks.walk(buf, from, buf.writerIndex());
        if (chunks.problem() != null) {
            return refuse(chunks.verdict());
        }
        if (dechunk && chunks.inTrailers()) {
            keepTrailers(buf, wasInTrailers ? from : chunks.trailerStart(), stop);
        }
        if (chunks.done()) {
            state = State.ENDING;
        }
        long body = chunks.dataBytes() - before;
        if (dechunk) {
            // The walk stopped after a run of data (or at a line to finish): pass on the data alone.
            buf.readerIndex(stop);
            if (body == 0) {
                return state == State.ENDING ? next(buf) : stop == from ? Step.MORE : chunked(buf);
            }
            piece = buf.retainedSlice(stop - (int) body, (int) body);
            pieceBodyBytes = body;
            return Step.BODY;
        }
        if (stop == from) {
            return state == State.ENDING ? next(buf) : Step.MORE;
        }
        take(buf, stop - from, body);
        return Step.BODY;
    }

    /** De-chunking drops the chunk lines but keeps the trailer section, for a client that takes it another way. */
    private void keepTrailers(ByteBuf buf, int from, int to) {
        if (to <= from) {
            return;
        }
        if (trailers == null) {
            trailers = new StringBuilder(to - from);
        }
        trailers.append(buf.toString(from, to - from, StandardCharsets.ISO_8859_1));
    }

    /**
     * When de-chunking: the trailer section of the response just ended, its field lines as they came
     * (each ending in CRLF, the blank line last), checked by the chunk walk; null when it had none.
     */
    public String trailerSection() {
        return trailers == null || trailers.length() <= 2 ? null : trailers.toString();
    }

    private Step untilClose(ByteBuf buf) {
        if (!buf.isReadable()) {
            return Step.MORE;
        }
        int n = buf.readableBytes();
        take(buf, n, n);
        return Step.BODY;
    }

    private void take(ByteBuf buf, int n, long bodyBytes) {
        piece = buf.readRetainedSlice(n);
        pieceBodyBytes = bodyBytes;
    }

    /** The connection closed: a body that runs to the close has ended; anything else expected is cut. */
    public boolean closedAtEnd() {
        if (state == State.UNTIL_CLOSE) {
            state = State.IDLE;
            return true;
        }
        return false;
    }

    private Step refuse(Verdict why) {
        verdict = why;
        state = State.BROKEN;
        return Step.REFUSED;
    }

    private Verdict tooLarge() {
        return Verdict.refused(Violation.HEAD_TOO_LARGE, "response head larger than " + maxHeaderBytes + " bytes");
    }
}
