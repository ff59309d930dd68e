"""The audit benchmark's HTTP server: many loopback hosts, canned pages, its own counters."""

from __future__ import annotations

import asyncio
import json
import multiprocessing
import signal
import socket
import time
from typing import Any

import requests

STATS_PATH = "/__bench__/stats"  # the server's own counters; never in a URL list


def listening_sockets(hosts: int) -> tuple[list[socket.socket], str]:
    """``hosts`` listening sockets: 127.0.0.2... (distinct host names) if they bind, else ports of 127.0.0.1."""

    def listen(address: str) -> socket.socket:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((address, 0))
        sock.listen(1024)
        return sock

    socks: list[socket.socket] = []
    try:
        for i in range(hosts):
            socks.append(listen(f"127.0.0.{2 + i}"))
        return socks, "addresses"
    except OSError:
        for sock in socks:
            sock.close()
    return [listen("127.0.0.1") for _ in range(hosts)], "ports"


def http_response(status: str, body: bytes, content_type: str = "text/html") -> tuple[bytes, bytes]:
    head = (
        f"HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {len(body)}\r\n"
        "Connection: keep-alive\r\n\r\n"
    ).encode("ascii")
    return head, body


def serve(socks: list[socket.socket], routes: dict[str, bytes], default: bytes | None, latency: float = 0.0) -> None:
    """The server process: answer GET/HEAD from ``routes`` (path -> body), else ``default``, else 404; each
    answer ``latency`` seconds after its request (a network's round trip; the server stays free meanwhile)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's; it stops us with SIGTERM
    prepared = {path: http_response("200 OK", body) for path, body in routes.items()}
    fallback = http_response("200 OK", default) if default is not None else None
    missing = http_response("404 Not Found", b"not found\n", "text/plain")
    stats: dict[str, Any] = {}
    open_now: dict[str, int] = {}  # connections open, per host

    def reset() -> None:
        stats.update(
            requests=0, robots=0, not_found=0, connections=0, peak_open_total=0, peak_open_per_host={}, bad_requests=0
        )

    reset()

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        address, port = writer.get_extra_info("sockname")[:2]
        host = f"{address}:{port}"
        stats["connections"] += 1
        open_now[host] = open_now.get(host, 0) + 1
        peaks = stats["peak_open_per_host"]
        peaks[host] = max(peaks.get(host, 0), open_now[host])
        stats["peak_open_total"] = max(stats["peak_open_total"], sum(open_now.values()))
        served = 0
        try:
            while True:
                try:
                    head = await reader.readuntil(b"\r\n\r\n")
                except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError):
                    return
                request_line, _, headers = head.partition(b"\r\n")
                parts = request_line.split()
                if len(parts) < 2 or parts[0] not in (b"GET", b"HEAD"):
                    stats["bad_requests"] += 1
                    return
                path = parts[1].decode("latin-1")
                if path.startswith("http://"):  # absolute form (a proxy-style request)
                    pieces = path.split("/", 3)
                    path = "/" + (pieces[3] if len(pieces) > 3 else "")
                served += 1
                if path == STATS_PATH:  # not counted, nor its connection when it was opened for it
                    stats["connections"] -= served == 1
                    payload = json.dumps(stats).encode()
                    reset()
                    response = http_response("200 OK", payload, "application/json")
                    writer.write(response[0] + response[1])
                    await writer.drain()
                    continue
                stats["requests"] += 1
                found = (
                    None
                    if path == "/robots.txt"
                    else (prepared.get(path) or prepared.get(path.split("?", 1)[0]) or fallback)
                )
                if found is not None:
                    response = found
                else:
                    stats["robots" if path == "/robots.txt" else "not_found"] += 1
                    response = missing
                if latency:
                    await asyncio.sleep(latency)
                # One write: a head sent apart from its body waits for the client's delayed ACK (~40 ms) on a
                # kept-alive connection.
                writer.write(response[0] + response[1] if parts[0] == b"GET" else response[0])
                await writer.drain()
                if b"connection: close" in headers.lower():
                    return
        except ConnectionError:
            return
        finally:
            open_now[host] -= 1
            writer.close()

    async def main() -> None:
        servers = [await asyncio.start_server(handle, sock=sock, limit=1 << 16) for sock in socks]
        await asyncio.gather(*(server.serve_forever() for server in servers))

    asyncio.run(main())


class Server:
    """The server in a forked process (pages are inherited, not pickled); stopped and reaped by ``stop``."""

    def __init__(
        self, hosts: int, routes: dict[str, bytes], default: bytes | None = None, latency: float = 0.0
    ) -> None:
        self.socks, self.mode = listening_sockets(hosts)
        self.bases = [f"http://{s.getsockname()[0]}:{s.getsockname()[1]}" for s in self.socks]
        self.process = multiprocessing.get_context("fork").Process(
            target=serve, args=(self.socks, routes, default, latency), daemon=True
        )

    def start(self) -> Server:
        self.process.start()
        for sock in self.socks:  # the child has its own copies
            sock.close()
        deadline = time.monotonic() + 30
        for base in self.bases:
            while True:
                try:
                    if requests.get(base + "/robots.txt", timeout=2).status_code == 404:
                        break
                except requests.RequestException:
                    pass
                if time.monotonic() > deadline or not self.process.is_alive():
                    raise RuntimeError(f"the benchmark server does not answer at {base}")
                time.sleep(0.05)
        self.stats()  # reset the counters after our own readiness probes
        return self

    def stats(self) -> dict[str, Any]:
        """The server's counters since the last call (and reset them)."""
        with requests.get(self.bases[0] + STATS_PATH, timeout=10) as response:
            return response.json()

    def stop(self) -> None:
        if self.process.pid is not None and self.process.is_alive():
            self.process.terminate()
            self.process.join(5)
            if self.process.is_alive():
                self.process.kill()
                self.process.join(5)
        for sock in self.socks:
            sock.close()


def slug(name: str) -> str:
    stem = name.rsplit("/", 1)[-1].split(".", 1)[0]
    return "".join(c if (c.isascii() and c.isalnum()) or c in "-_" else "-" for c in stem)[:60] or "page"


def url_paths(names: list[str]) -> list[str]:
    return [f"/news/{i:06d}-{slug(name)}.html" for i, name in enumerate(names)]


def spread(bases: list[str], paths: list[str]) -> list[str]:
    return [bases[i % len(bases)] + path for i, path in enumerate(paths)]
