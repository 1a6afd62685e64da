"""A small app that stops the way a deployed one does: on SIGTERM it stops accepting at once,
finishes the requests it has, and exits. It closes each connection after its response, as
gunicorn's sync workers do. GET answers "ok"; POST echoes its body.

Usage: python3 restarting_app.py PORT
"""
import signal
import socket
import sys
import threading

port = int(sys.argv[1])
listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
listener.bind(("127.0.0.1", port))
listener.listen(128)
workers = []


def stop(signum, frame):
    # Stop accepting first: the kernel refuses new connections from here on.
    listener.close()


def read_request(conn):
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(4096)
        if not chunk:
            return None, None
        data += chunk
    head, _, rest = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(rest) < length:
        chunk = conn.recv(4096)
        if not chunk:
            return None, None
        rest += chunk
    return head.split(b" ")[0], rest[:length]


def serve(conn):
    with conn:
        method, body = read_request(conn)
        if method is None:
            return
        answer = body if method == b"POST" else b"ok"
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\nConnection: close\r\n\r\n" % len(answer) + answer)


signal.signal(signal.SIGTERM, stop)
print("listening", flush=True)
while True:
    try:
        conn, _ = listener.accept()
    except OSError:
        break
    worker = threading.Thread(target=serve, args=(conn,))
    worker.start()
    workers.append(worker)
for worker in workers:
    worker.join()
