"""A loopback HTTP server for the test suite: real sockets on 127.0.0.1, no internet, no mocks.

Register canned responses by path, start the server, point the code under test at
``server.url("/path")``, then assert on what came back and on ``requests_seen``::

    server = LoopbackServer().start()
    url = server.add("/page", "<html>...</html>")
    server.redirect("/old", "/page", status=301)
    ...
    server.stop()

Tests normally get a started one from the ``server`` fixture in ``conftest.py``.
Slow responses (``delay``, ``trickle``, ``stall``) and custom handlers that use
:meth:`LoopbackServer.pause` end promptly when the server stops.
"""

from __future__ import annotations

import gzip as gzip_codec
import http.client
import http.server
import socket
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple
from urllib.parse import urlsplit

Handler = Callable[[http.server.BaseHTTPRequestHandler], None]


class SeenRequest(NamedTuple):
    """One request the server received. ``headers`` looks names up case-insensitively."""

    method: str
    path: str
    headers: http.client.HTTPMessage


@dataclass(frozen=True)
class _Response:
    """A canned response (see :meth:`LoopbackServer.add`)."""

    body: bytes
    status: int
    headers: tuple[tuple[str, str], ...]
    delay: float
    trickle: float | None
    chunked: bool
    stall: bool


def unused_port(host: str = "127.0.0.1") -> int:
    """A TCP port on ``host`` that nothing listens on (connecting to it is refused)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


class LoopbackServer:
    """A threaded HTTP/1.1 server on a free loopback port, serving canned or custom responses."""

    def __init__(self, host: str = "127.0.0.1"):
        self.host = host
        self.requests_seen: list[SeenRequest] = []
        self.errors: list[BaseException] = []  # handler exceptions other than clients hanging up
        # Requests being worked on now, and the most ever at once. A canned response counts until it starts to be
        # sent: a client may read the whole of it and send its next request before this thread gets to count it
        # finished, so counting to the end would see overlaps that the client never made.
        self.in_flight = 0
        self.peak_in_flight = 0
        self._routes: dict[str, _Response | Handler] = {}
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._httpd: _HTTPServer | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> LoopbackServer:
        """Bind a free port and serve on a daemon thread; returns ``self``."""
        self._httpd = _HTTPServer((self.host, 0), self)
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.01}, name="loopback-server", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and close the listening socket. Slow responses in progress end promptly."""
        self._stopping.set()
        if self._httpd is not None and self._thread is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._thread.join()
        self._httpd = self._thread = None

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:PORT``"""
        assert self._httpd is not None, "server not started"
        return f"http://{self.host}:{self._httpd.server_address[1]}"

    def url(self, path: str) -> str:
        """The full URL of ``path`` (which starts with ``/``) on this server."""
        return self.base_url + path

    def add(
        self,
        path: str,
        body: bytes | str = b"",
        *,
        status: int = 200,
        headers: dict[str, str] | None = None,
        content_type: str | None = "text/html; charset=utf-8",
        gzip: bool = False,
        delay: float = 0.0,
        trickle: float | None = None,
        chunked: bool = False,
        stall: bool = False,
    ) -> str:
        """Serve a canned response at ``path`` (matched with its query string first, then without).

        ``body`` given as ``str`` is encoded as UTF-8. ``content_type=None`` sends no
        Content-Type; a ``Content-Type`` in ``headers`` wins over ``content_type``, and a
        ``Content-Length`` there is sent as given instead of the real one. ``gzip``
        compresses the body and says so. ``delay`` waits that long before answering;
        ``trickle`` sends the body one byte at a time, that many seconds apart;
        ``chunked`` uses chunked transfer encoding. ``stall`` sends the headers and body
        but never finishes the response (one byte short of the Content-Length, or no
        last chunk) and holds the connection open until the server stops. Returns the
        full URL.
        """
        data = body.encode("utf-8") if isinstance(body, str) else body
        extra = dict(headers or {})
        names = {name.lower() for name in extra}
        pairs = [] if content_type is None or "content-type" in names else [("Content-Type", content_type)]
        if gzip:
            data = gzip_codec.compress(data)
            pairs.append(("Content-Encoding", "gzip"))
        if chunked:
            pairs.append(("Transfer-Encoding", "chunked"))
        elif "content-length" not in names:
            pairs.append(("Content-Length", str(len(data) + (1 if stall else 0))))
        if trickle is not None or stall:
            pairs.append(("Connection", "close"))
        pairs.extend(extra.items())
        self._routes[path] = _Response(data, status, tuple(pairs), delay, trickle, chunked, stall)
        return self.url(path)

    def redirect(self, path: str, to: str, status: int = 302) -> str:
        """Answer ``path`` with a redirect to ``to`` (sent as given, so it may be relative). Returns the full URL."""
        return self.add(path, b"", status=status, headers={"Location": to}, content_type=None)

    def add_handler(self, path: str, fn: Handler) -> str:
        """Serve ``path`` with ``fn(request_handler)``, which writes the whole response itself. Returns the full URL."""
        self._routes[path] = fn
        return self.url(path)

    def pause(self, seconds: float) -> bool:
        """Sleep up to ``seconds`` in a handler; False (at once) if the server is stopping."""
        return not self._stopping.wait(seconds)

    def _serve(self, handler: http.server.BaseHTTPRequestHandler) -> None:
        """Answer one request (called on the request's thread)."""
        with self._lock:
            self.requests_seen.append(SeenRequest(handler.command, handler.path, handler.headers))
            self.in_flight += 1
            handler._counted_out = False  # type: ignore[attr-defined] # one handler serves a whole keep-alive connection
            self.peak_in_flight = max(self.peak_in_flight, self.in_flight)
        try:
            route = self._routes.get(handler.path) or self._routes.get(urlsplit(handler.path).path)
            if route is None:
                route = _NOT_FOUND
            if callable(route):
                route(handler)
            else:
                self._send(handler, route)
        finally:
            self._finished(handler)

    def _finished(self, handler: http.server.BaseHTTPRequestHandler) -> None:
        with self._lock:
            if not getattr(handler, "_counted_out", False):
                handler._counted_out = True  # type: ignore[attr-defined]
                self.in_flight -= 1

    def paths_seen(self) -> list[str]:
        """The paths requested so far, in order."""
        with self._lock:
            return [seen.path for seen in self.requests_seen]

    def _send(self, handler: http.server.BaseHTTPRequestHandler, response: _Response) -> None:
        if not self.pause(response.delay):
            return
        self._finished(handler)
        handler.send_response(response.status)
        for name, value in response.headers:
            handler.send_header(name, value)
        handler.end_headers()
        if handler.command == "HEAD":
            return
        body = response.body
        step = 1 if response.trickle is not None else 16_384
        for start in range(0, len(body), step):
            piece = body[start : start + step]
            handler.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece) if response.chunked else piece)
            if response.trickle is not None and not self.pause(response.trickle):
                return
        if response.stall:
            self._stopping.wait()
        elif response.chunked:
            handler.wfile.write(b"0\r\n\r\n")


_NOT_FOUND_BODY = b"<html><body>not found</body></html>"
_NOT_FOUND = _Response(
    _NOT_FOUND_BODY,
    404,
    (("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(_NOT_FOUND_BODY)))),
    0.0,
    None,
    False,
    False,
)


class _HTTPServer(http.server.ThreadingHTTPServer):
    """ThreadingHTTPServer that routes to a :class:`LoopbackServer` and ignores clients hanging up."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], owner: LoopbackServer):
        super().__init__(address, _RequestHandler)
        self.owner = owner

    def handle_error(self, request: object, client_address: object) -> None:
        error = sys.exc_info()[1]
        if isinstance(error, (ConnectionError, TimeoutError)):
            return  # the client went away or idled out: normal in tests of timeouts and size caps
        if error is not None:
            self.owner.errors.append(error)
        super().handle_error(request, client_address)  # type: ignore[arg-type]


class _RequestHandler(http.server.BaseHTTPRequestHandler):
    """Hands every GET and HEAD to the owning :class:`LoopbackServer`; logs nothing."""

    protocol_version = "HTTP/1.1"
    timeout = 10  # seconds an idle keep-alive connection holds its thread
    server: _HTTPServer

    def do_GET(self) -> None:
        self.server.owner._serve(self)

    def do_HEAD(self) -> None:
        self.server.owner._serve(self)

    def log_message(self, format: str, *args: object) -> None:
        """Silence the per-request log lines."""
