package dev.telltale.proxy;

import dev.telltale.http1.RequestHead;
import dev.telltale.http1.RequestHeadCheck;

import java.nio.charset.StandardCharsets;

/**
 * A browser's page load of the shop as message heads: the bytes as they come, and the request
 * read as the proxy reads it.
 */
final class BrowserTraffic {

    /** What Chrome sends for a page. */
    static final String BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,"
            + "image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7";

    private static final String REQUEST = """
            GET /cart/items?ref=nav HTTP/1.1\r
            Host: shop.example\r
            Connection: keep-alive\r
            Upgrade-Insecure-Requests: 1\r
            User-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36\r
            Accept: %s\r
            Sec-Fetch-Site: same-origin\r
            Sec-Fetch-Mode: navigate\r
            Sec-Fetch-Dest: document\r
            Referer: https://shop.example/\r
            Accept-Encoding: gzip, deflate, br, zstd\r
            Accept-Language: en-GB,en;q=0.9\r
            Cookie: sid=3f9a1c7e5b2d4a68; cart=7; consent=analytics:0|ads:0\r
            \r
            """;

    private static final String RESPONSE = """
            HTTP/1.1 200 OK\r
            Date: Mon, 23 Nov 2026 14:02:11 GMT\r
            Content-Type: text/html; charset=utf-8\r
            Content-Length: 5120\r
            Connection: keep-alive\r
            Keep-Alive: timeout=5\r
            Cache-Control: private, no-cache\r
            ETag: W/"1400-5d1c2e8f"\r
            Vary: Accept-Encoding, Cookie\r
            Set-Cookie: sid=3f9a1c7e5b2d4a68; Path=/; HttpOnly; Secure; SameSite=Lax\r
            X-Content-Type-Options: nosniff\r
            \r
            """;

    private BrowserTraffic() {
    }

    /** The app's answer as it sends it: keep-alive with a timeout hint, a length, a cookie. */
    static byte[] responseBytes() {
        return RESPONSE.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /** The page request's bytes, with the browser's {@code Accept} or another one. */
    static byte[] requestBytes(String accept) {
        return REQUEST.formatted(accept).getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The page request as the proxy reads it. */
    static RequestHead request(String accept) {
        byte[] bytes = requestBytes(accept);
        RequestHead head = RequestHeadCheck.check(bytes, bytes.length);
        if (!head.isOk()) {
            throw new IllegalStateException("the sample head is refused: " + head.verdict().detail());
        }
        return head;
    }
}
