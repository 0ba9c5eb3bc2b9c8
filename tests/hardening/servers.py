"""Hostile HTTP servers on 127.0.0.1 for the fetch tests: each answers every request with raw bytes it controls."""

from __future__ import annotations

import contextlib
import gzip
import socket
import socketserver
import threading
import time
from collections.abc import Callable, Iterator

Script = Callable[[socket.socket], None]


@contextlib.contextmanager
def serve(script: Script) -> Iterator[str]:
    """A threaded server running `script(connection)` per request; yields its base URL."""

    class Handler(socketserver.BaseRequestHandler):
        def handle(self) -> None:
            self.request.recv(65536)  # the request; its content does not matter here
            with contextlib.suppress(OSError):
                script(self.request)

    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/x"
    finally:
        server.shutdown()
        server.server_close()


def drip_headers(interval: float = 0.2, lines: int = 1000) -> Script:
    """Status line, then one header line every `interval` seconds: never a complete response."""

    def script(conn: socket.socket) -> None:
        conn.sendall(b"HTTP/1.1 200 OK\r\n")
        for n in range(lines):
            time.sleep(interval)
            conn.sendall(b"X-A-%d: a\r\n" % n)

    return script


def double_gzip_bomb(size: int = 256 * 1024 * 1024) -> tuple[Script, int]:
    """A body of `size` zero bytes gzipped twice (a few KB on the wire), sent with Content-Encoding: gzip, gzip."""
    inner = gzip.compress(b"\0" * size, compresslevel=9)
    body = gzip.compress(inner, compresslevel=9)

    def script(conn: socket.socket) -> None:
        head = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Encoding: gzip, gzip\r\n"
        conn.sendall(head + b"Content-Length: %d\r\nConnection: close\r\n\r\n" % len(body) + body)

    return script, len(body)


def json_body(body: bytes, encoding: str = "") -> Script:
    def script(conn: socket.socket) -> None:
        extra = f"Content-Encoding: {encoding}\r\n".encode() if encoding else b""
        head = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n" + extra
        conn.sendall(head + b"Content-Length: %d\r\nConnection: close\r\n\r\n" % len(body) + body)

    return script
