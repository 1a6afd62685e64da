package dev.telltale.proxy;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The corpus of the peer differential test: requests and responses that are malformed, or that
 * two parsers could frame two ways (the ways request smuggling and response splitting begin),
 * with a few well-formed controls. Each is complete, so a proxy that accepts it can answer at once.
 */
final class HostileMessages {

    private static final String POST = "POST /p HTTP/1.1\r\nHost: a\r\n";
    private static final String CHUNKED = "Transfer-Encoding: chunked\r\n";
    private static final String NEXT = "GET /smuggled HTTP/1.1\r\nHost: a\r\n\r\n";

    private HostileMessages() {
    }

    static Map<String, String> requests() {
        Map<String, String> c = new LinkedHashMap<>();
        // controls
        c.put("control GET", "GET /ok HTTP/1.1\r\nHost: a\r\n\r\n");
        c.put("control POST length", POST + "Content-Length: 5\r\n\r\nhello");
        c.put("control POST chunked", POST + CHUNKED + "\r\n5\r\nhello\r\n0\r\n\r\n");
        c.put("control HTTP/1.0", "GET /ok HTTP/1.0\r\n\r\n");
        c.put("control pipelined", "GET /1 HTTP/1.1\r\nHost: a\r\n\r\nGET /2 HTTP/1.1\r\nHost: a\r\n\r\n");
        // Content-Length with Transfer-Encoding
        c.put("CL then TE", POST + "Content-Length: 4\r\n" + CHUNKED + "\r\n0\r\n\r\n" + NEXT);
        c.put("TE then CL", POST + CHUNKED + "Content-Length: 4\r\n\r\n0\r\n\r\n" + NEXT);
        c.put("TE and CL 0", POST + CHUNKED + "Content-Length: 0\r\n\r\n5\r\nhello\r\n0\r\n\r\n");
        c.put("CL.TE smuggle", POST + "Content-Length: 6\r\n" + CHUNKED + "\r\n0\r\n\r\nG");
        c.put("TE.CL smuggle", POST + "Content-Length: 3\r\n" + CHUNKED + "\r\n8\r\nSMUGGLED\r\n0\r\n\r\n");
        // Transfer-Encoding values
        c.put("TE leading space", POST + "Transfer-Encoding:  chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n");
        c.put("TE trailing space", POST + "Transfer-Encoding: chunked \r\n\r\n5\r\nhello\r\n0\r\n\r\n");
        c.put("TE upper case", POST + "Transfer-Encoding: CHUNKED\r\n\r\n5\r\nhello\r\n0\r\n\r\n");
        c.put("TE no space", POST + "Transfer-Encoding:chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n");
        c.put("TE tab", POST + "Transfer-Encoding:\tchunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n");
        c.put("TE chunked twice in a list", POST + "Transfer-Encoding: chunked, chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n");
        c.put("TE two headers", POST + CHUNKED + CHUNKED + "\r\n5\r\nhello\r\n0\r\n\r\n");
        c.put("TE gzip, chunked", POST + "Transfer-Encoding: gzip, chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n");
        c.put("TE chunked, gzip", POST + "Transfer-Encoding: chunked, gzip\r\n\r\n5\r\nhello\r\n0\r\n\r\n");
        c.put("TE identity", POST + "Transfer-Encoding: identity\r\n\r\n");
        c.put("TE identity, chunked", POST + "Transfer-Encoding: identity, chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n");
        c.put("TE chunked then identity", POST + CHUNKED + "Transfer-Encoding: identity\r\n\r\n5\r\nhello\r\n0\r\n\r\n");
        c.put("TE xchunked", POST + "Transfer-Encoding: xchunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n");
        c.put("TE chunked with parameter", POST + "Transfer-Encoding: chunked;q=1\r\n\r\n5\r\nhello\r\n0\r\n\r\n");
        c.put("TE empty", POST + "Transfer-Encoding: \r\nContent-Length: 5\r\n\r\nhello");
        c.put("TE in HTTP/1.0", "POST /p HTTP/1.0\r\n" + CHUNKED + "\r\n5\r\nhello\r\n0\r\n\r\n");
        c.put("TE space before colon", POST + "Transfer-Encoding : chunked\r\nContent-Length: 5\r\n\r\nhello");
        c.put("TE underscore name", POST + "Transfer_Encoding: chunked\r\nContent-Length: 5\r\n\r\nhello");
        c.put("TE folded", POST + "X-A: 1\r\n Transfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\nhello");
        c.put("TE value folded", POST + "Transfer-Encoding:\r\n chunked\r\nContent-Length: 5\r\n\r\nhello");
        c.put("TE vertical tab", POST + "Transfer-Encoding:\u000bchunked\r\nContent-Length: 5\r\n\r\nhello");
        c.put("TE NUL", POST + "Transfer-Encoding: chunked\u0000\r\nContent-Length: 5\r\n\r\nhello");
        // Content-Length values
        c.put("CL plus sign", POST + "Content-Length: +5\r\n\r\nhello");
        c.put("CL minus", POST + "Content-Length: -5\r\n\r\nhello");
        c.put("CL list same", POST + "Content-Length: 5, 5\r\n\r\nhello");
        c.put("CL list different", POST + "Content-Length: 5, 6\r\n\r\nhello");
        c.put("CL two headers same", POST + "Content-Length: 5\r\nContent-Length: 5\r\n\r\nhello");
        c.put("CL two headers different", POST + "Content-Length: 0\r\nContent-Length: 5\r\n\r\nhello");
        c.put("CL hex", POST + "Content-Length: 0x5\r\n\r\nhello");
        c.put("CL spaces around", POST + "Content-Length:  5  \r\n\r\nhello");
        c.put("CL space inside", POST + "Content-Length: 5 5\r\n\r\nhello");
        c.put("CL letters", POST + "Content-Length: 5a\r\n\r\nhello");
        c.put("CL leading zeros", POST + "Content-Length: 005\r\n\r\nhello");
        c.put("CL huge", POST + "Content-Length: 99999999999999999999\r\n\r\nhello");
        c.put("CL empty", POST + "Content-Length: \r\n\r\n");
        c.put("CL space before colon", POST + "Content-Length : 5\r\n\r\nhello");
        c.put("CL folded", POST + "Content-Length:\r\n 5\r\n\r\nhello");
        c.put("CL on GET", "GET /g HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello");
        c.put("CL 0 then a request", POST + "Content-Length: 0\r\n\r\n" + NEXT);
        // chunk lines and chunk data
        c.put("chunk size leading space", POST + CHUNKED + "\r\n 5\r\nhello\r\n0\r\n\r\n");
        c.put("chunk size trailing space", POST + CHUNKED + "\r\n5 \r\nhello\r\n0\r\n\r\n");
        c.put("chunk size plus", POST + CHUNKED + "\r\n+5\r\nhello\r\n0\r\n\r\n");
        c.put("chunk size minus", POST + CHUNKED + "\r\n-5\r\nhello\r\n0\r\n\r\n");
        c.put("chunk size 0x", POST + CHUNKED + "\r\n0x5\r\nhello\r\n0\r\n\r\n");
        c.put("chunk size underscore", POST + CHUNKED + "\r\n0_5\r\nhello\r\n0\r\n\r\n");
        c.put("chunk size upper hex", POST + CHUNKED + "\r\nA\r\n0123456789\r\n0\r\n\r\n");
        c.put("chunk size huge", POST + CHUNKED + "\r\nfffffffffffffffff5\r\nhello\r\n0\r\n\r\n");
        c.put("chunk size empty", POST + CHUNKED + "\r\n\r\nhello\r\n0\r\n\r\n");
        c.put("chunk extension", POST + CHUNKED + "\r\n5;name=value\r\nhello\r\n0\r\n\r\n");
        c.put("chunk extension quoted", POST + CHUNKED + "\r\n5;name=\"v a\"\r\nhello\r\n0\r\n\r\n");
        c.put("chunk extension space", POST + CHUNKED + "\r\n5 ; name\r\nhello\r\n0\r\n\r\n");
        c.put("chunk extension no name", POST + CHUNKED + "\r\n5;\r\nhello\r\n0\r\n\r\n");
        c.put("chunk extension bare LF", POST + CHUNKED + "\r\n5;a\nhello\r\n0\r\n\r\n");
        c.put("chunk extension NUL", POST + CHUNKED + "\r\n5;a\u0000b\r\nhello\r\n0\r\n\r\n");
        c.put("chunk line bare LF", POST + CHUNKED + "\r\n5\nhello\r\n0\r\n\r\n");
        c.put("chunk data too long", POST + CHUNKED + "\r\n3\r\nhello\r\n0\r\n\r\n");
        c.put("chunk data too short", POST + CHUNKED + "\r\n6\r\nhello\r\n0\r\n\r\n\r\n0\r\n\r\n");
        c.put("chunk data bare LF end", POST + CHUNKED + "\r\n5\r\nhello\n0\r\n\r\n");
        c.put("chunk last 00", POST + CHUNKED + "\r\n5\r\nhello\r\n00\r\n\r\n");
        c.put("chunk trailer", POST + CHUNKED + "\r\n5\r\nhello\r\n0\r\nX-T: 1\r\n\r\n");
        c.put("chunk trailer bad name", POST + CHUNKED + "\r\n5\r\nhello\r\n0\r\nX T: 1\r\n\r\n");
        c.put("chunk trailer folded", POST + CHUNKED + "\r\n5\r\nhello\r\n0\r\nX-T: 1\r\n 2\r\n\r\n");
        c.put("chunked then a request", POST + CHUNKED + "\r\n0\r\n\r\n" + NEXT);
        // header syntax
        c.put("obs-fold", "GET /h HTTP/1.1\r\nHost: a\r\nX-A: 1\r\n 2\r\n\r\n");
        c.put("obs-fold tab", "GET /h HTTP/1.1\r\nHost: a\r\nX-A: 1\r\n\t2\r\n\r\n");
        c.put("first header folded", "GET /h HTTP/1.1\r\n Host: a\r\n\r\n");
        c.put("space before colon", "GET /h HTTP/1.1\r\nHost : a\r\n\r\n");
        c.put("tab before colon", "GET /h HTTP/1.1\r\nHost\t: a\r\n\r\n");
        c.put("space in name", "GET /h HTTP/1.1\r\nHost: a\r\nX A: 1\r\n\r\n");
        c.put("no colon", "GET /h HTTP/1.1\r\nHost: a\r\nnocolon\r\n\r\n");
        c.put("empty name", "GET /h HTTP/1.1\r\nHost: a\r\n: v\r\n\r\n");
        c.put("name with parenthesis", "GET /h HTTP/1.1\r\nHost: a\r\nX(: 1\r\n\r\n");
        c.put("control byte in name", "GET /h HTTP/1.1\r\nHost: a\r\nX\u0001: 1\r\n\r\n");
        c.put("NUL in value", "GET /h HTTP/1.1\r\nHost: a\r\nX-A: 1\u00002\r\n\r\n");
        c.put("bare CR in value", "GET /h HTTP/1.1\r\nHost: a\r\nX-A: 1\r2\r\n\r\n");
        c.put("DEL in value", "GET /h HTTP/1.1\r\nHost: a\r\nX-A: 1\u007f2\r\n\r\n");
        c.put("obs-text in value", "GET /h HTTP/1.1\r\nHost: a\r\nX-A: caf\u00e9\r\n\r\n");
        c.put("bare LF line ends", "GET /h HTTP/1.1\nHost: a\n\n");
        c.put("bare LF in one header", "GET /h HTTP/1.1\r\nHost: a\nX-A: 1\r\n\r\n");
        c.put("header end LF CR LF", "GET /h HTTP/1.1\r\nHost: a\n\r\n");
        c.put("long header value", "GET /h HTTP/1.1\r\nHost: a\r\nX-A: " + "v".repeat(4000) + "\r\n\r\n");
        // Host
        c.put("no Host in HTTP/1.1", "GET /h HTTP/1.1\r\n\r\n");
        c.put("two Host headers", "GET /h HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n");
        c.put("Host list", "GET /h HTTP/1.1\r\nHost: a, b\r\n\r\n");
        c.put("Host with space", "GET /h HTTP/1.1\r\nHost: a b\r\n\r\n");
        c.put("Host with userinfo", "GET /h HTTP/1.1\r\nHost: u@a\r\n\r\n");
        c.put("Host with slash", "GET /h HTTP/1.1\r\nHost: a/b\r\n\r\n");
        c.put("Host bad port", "GET /h HTTP/1.1\r\nHost: a:8x\r\n\r\n");
        c.put("Host empty", "GET /h HTTP/1.1\r\nHost:\r\n\r\n");
        // request line
        c.put("lower-case method", "get /m HTTP/1.1\r\nHost: a\r\n\r\n");
        c.put("extension method", "PURGE /m HTTP/1.1\r\nHost: a\r\n\r\n");
        c.put("method with parenthesis", "G(ET /m HTTP/1.1\r\nHost: a\r\n\r\n");
        c.put("two spaces after method", "GET  /m HTTP/1.1\r\nHost: a\r\n\r\n");
        c.put("tab separator", "GET\t/m HTTP/1.1\r\nHost: a\r\n\r\n");
        c.put("space in target", "GET /a b HTTP/1.1\r\nHost: a\r\n\r\n");
        c.put("UTF-8 in target", "GET /caf\u00c3\u00a9 HTTP/1.1\r\nHost: a\r\n\r\n");
        c.put("NUL in target", "GET /a\u0000b HTTP/1.1\r\nHost: a\r\n\r\n");
        c.put("fragment in target", "GET /a#frag HTTP/1.1\r\nHost: a\r\n\r\n");
        c.put("target without slash", "GET a HTTP/1.1\r\nHost: a\r\n\r\n");
        c.put("asterisk with GET", "GET * HTTP/1.1\r\nHost: a\r\n\r\n");
        c.put("absolute form", "GET http://a/abs?x=1 HTTP/1.1\r\nHost: a\r\n\r\n");
        c.put("absolute form other host", "GET http://b/abs HTTP/1.1\r\nHost: a\r\n\r\n");
        c.put("authority form with GET", "GET a:80 HTTP/1.1\r\nHost: a\r\n\r\n");
        c.put("HTTP/1.2", "GET /v HTTP/1.2\r\nHost: a\r\n\r\n");
        c.put("HTTP/2.0", "GET /v HTTP/2.0\r\nHost: a\r\n\r\n");
        c.put("lower-case version", "GET /v http/1.1\r\nHost: a\r\n\r\n");
        c.put("version trailing space", "GET /v HTTP/1.1 \r\nHost: a\r\n\r\n");
        c.put("HTTP/0.9 line", "GET /v\r\n\r\n");
        c.put("leading empty line", "\r\nGET /v HTTP/1.1\r\nHost: a\r\n\r\n");
        c.put("leading space", " GET /v HTTP/1.1\r\nHost: a\r\n\r\n");
        c.put("TLS hello", "\u0016\u0003\u0001\u0000\u00a5\u0001\u0000\u0000\u00a1\u0003\u0003");
        return c;
    }

    static Map<String, String> responses() {
        String ok = "HTTP/1.1 200 OK\r\n";
        Map<String, String> c = new LinkedHashMap<>();
        c.put("control length", ok + "Content-Length: 5\r\n\r\nhello");
        c.put("control chunked", ok + "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n");
        c.put("CL and TE", ok + "Content-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n");
        c.put("two CL different", ok + "Content-Length: 3\r\nContent-Length: 5\r\n\r\nhello");
        c.put("CL list different", ok + "Content-Length: 3, 5\r\n\r\nhello");
        c.put("CL minus", ok + "Content-Length: -5\r\n\r\nhello");
        c.put("CL letters", ok + "Content-Length: 5a\r\n\r\nhello");
        c.put("TE gzip, chunked", ok + "Transfer-Encoding: gzip, chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n");
        c.put("obs-fold", ok + "Content-Length: 5\r\nX-A: 1\r\n 2\r\n\r\nhello");
        c.put("space before colon", ok + "Content-Length : 5\r\n\r\nhello");
        c.put("no colon", ok + "Content-Length: 5\r\nnocolon\r\n\r\nhello");
        c.put("NUL in value", ok + "Content-Length: 5\r\nX-A: 1\u00002\r\n\r\nhello");
        c.put("bare CR in value", ok + "Content-Length: 5\r\nX-A: 1\r2\r\n\r\nhello");
        c.put("bare LF line ends", "HTTP/1.1 200 OK\nContent-Length: 5\n\nhello");
        c.put("status 2 digits", "HTTP/1.1 20 OK\r\nContent-Length: 5\r\n\r\nhello");
        c.put("status letters", "HTTP/1.1 2OO OK\r\nContent-Length: 5\r\n\r\nhello");
        c.put("no reason", "HTTP/1.1 200\r\nContent-Length: 5\r\n\r\nhello");
        c.put("HTTP/2.0 status line", "HTTP/2.0 200 OK\r\nContent-Length: 5\r\n\r\nhello");
        c.put("lower-case version", "http/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello");
        c.put("garbage", "this is not http\r\n\r\n");
        c.put("empty", "");
        c.put("head cut off", ok + "Content-Len");
        c.put("chunk size minus", ok + "Transfer-Encoding: chunked\r\n\r\n-5\r\nhello\r\n0\r\n\r\n");
        c.put("chunk size 0x", ok + "Transfer-Encoding: chunked\r\n\r\n0x5\r\nhello\r\n0\r\n\r\n");
        c.put("chunk data too long", ok + "Transfer-Encoding: chunked\r\n\r\n3\r\nhello\r\n0\r\n\r\n");
        c.put("space in name", ok + "Content-Length: 5\r\nX A: 1\r\n\r\nhello");
        c.put("control byte in name", ok + "Content-Length: 5\r\nX\u0001: 1\r\n\r\nhello");
        c.put("TLS alert", "\u0015\u0003\u0003\u0000\u0002\u0002\u0028");
        c.put("header block huge", ok + "X-A: " + "v".repeat(70_000) + "\r\nContent-Length: 5\r\n\r\nhello");
        c.put("response splitting in value", ok + "Content-Length: 5\r\nX-A: 1\r\nHTTP/1.1 200 OK\r\n\r\nhello");
        c.put("1xx then 200", "HTTP/1.1 100 Continue\r\n\r\n" + ok + "Content-Length: 5\r\n\r\nhello");
        return c;
    }
}
