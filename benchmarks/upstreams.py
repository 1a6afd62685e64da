#!/usr/bin/env python3
"""Upstreams for benchmarks/run that nginx cannot play, each named by its behaviour.

  refuse PORT  binds 127.0.0.1:PORT and never listens, so every connection is refused. Holding
               the port also keeps the kernel from handing it out as a source port, which
               could otherwise make a proxy's connect() meet itself.
  silent PORT  accepts connections and reads whatever arrives, but never answers.
  sink PORT    reads each request and its body (Content-Length or chunked), discards the body
               and answers 200 with "received N" (N = body bytes), keeping the connection.

Each prints "ready" once its port is bound, then runs until it is killed.
"""
import selectors
import signal
import socket
import sys
import threading


def bound(port, listen):
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", port))
    if listen:
        s.listen(4096)
    print("ready", flush=True)
    return s


def refuse(port):
    s = bound(port, listen=False)
    signal.pause()
    s.close()


def silent(port):
    server = bound(port, listen=True)
    server.setblocking(False)
    sel = selectors.DefaultSelector()
    sel.register(server, selectors.EVENT_READ)
    while True:
        for key, _ in sel.select():
            if key.fileobj is server:
                try:
                    conn, _ = server.accept()
                except BlockingIOError:
                    continue
                conn.setblocking(False)
                sel.register(conn, selectors.EVENT_READ)
                continue
            try:
                data = key.fileobj.recv(65536)
            except (BlockingIOError, InterruptedError):
                continue
            except OSError:
                data = b""
            if not data:  # the proxy gave up on us: let the socket go
                sel.unregister(key.fileobj)
                key.fileobj.close()


class Reader:
    """Buffered reads from a blocking socket: lines for heads and chunk sizes, counts for bodies."""

    def __init__(self, conn):
        self.conn = conn
        self.buf = bytearray()
        self.chunk = bytearray(1 << 20)

    def line(self):
        while b"\n" not in self.buf:
            data = self.conn.recv(65536)
            if not data:
                raise EOFError
            self.buf += data
        i = self.buf.index(b"\n") + 1
        out = bytes(self.buf[:i])
        del self.buf[:i]
        return out

    def discard(self, n):
        take = min(n, len(self.buf))
        del self.buf[:take]
        n -= take
        view = memoryview(self.chunk)
        while n > 0:
            got = self.conn.recv_into(view, min(n, len(self.chunk)))
            if not got:
                raise EOFError
            n -= got


def sink_one(conn):
    r = Reader(conn)
    try:
        while True:
            head = [r.line()]
            while head[-1] not in (b"\r\n", b"\n"):
                head.append(r.line())
            fields = {}
            for raw in head[1:-1]:
                name, _, value = raw.decode("latin-1").partition(":")
                fields[name.strip().lower()] = value.strip()
            received = 0
            if "chunked" in fields.get("transfer-encoding", "").lower():
                while True:
                    size = int(r.line().split(b";")[0].strip(), 16)
                    if size == 0:
                        while r.line() not in (b"\r\n", b"\n"):  # trailers
                            pass
                        break
                    r.discard(size)
                    r.line()
                    received += size
            else:
                received = int(fields.get("content-length", "0"))
                r.discard(received)
            body = f"received {received}\n".encode()
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n"
                         b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
    except (EOFError, OSError, ValueError):
        pass
    finally:
        conn.close()


def sink(port):
    server = bound(port, listen=True)
    while True:
        conn, _ = server.accept()
        threading.Thread(target=sink_one, args=(conn,), daemon=True).start()


def main():
    behaviours = {"refuse": refuse, "silent": silent, "sink": sink}
    if len(sys.argv) != 3 or sys.argv[1] not in behaviours:
        sys.exit(f"usage: {sys.argv[0]} refuse|silent|sink PORT")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    behaviours[sys.argv[1]](int(sys.argv[2]))


if __name__ == "__main__":
    main()
