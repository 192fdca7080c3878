"""A real HTTP server on loopback for the ingest tests, misbehaving on request.

Each test gets its own ThreadingHTTPServer on 127.0.0.1 and a free port. Routes map a
path to a Reply (or to a function of the request that returns one); every request is
recorded with its headers, and every connection counted, so that tests can check what
the fetcher sent and whether it connected at all. Fixture feeds are served with
``{base}`` replaced by the server's address.
"""

from __future__ import annotations

import asyncio
import contextlib
import gzip
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from newsdesk import ingest
from newsdesk.ingest.http import FetchOptions
from newsdesk.models import RunReport, Source
from newsdesk.store import SQLiteStore

DATA = Path(__file__).parent.parent / "fixtures" / "ingest"
PAGES = {
    "/news/la-auto-show.html": "aeb-05844573.html.gz",
    "/news/vw-space-vizzion.html": "aeb-06ee193d.html.gz",
    "/news/oxygen-bar.html": "aeb-076f4f33.html.gz",
}


@dataclass
class Reply:
    """What the server answers: status, headers, body, and how slowly."""

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds before the status line
    drip: float = 0.0  # seconds between 1 KiB chunks of the body
    length: bool = True  # send Content-Length


Route = Reply | Callable[["Request"], Reply]


@dataclass(frozen=True)
class Request:
    path: str
    headers: dict[str, str]
    at: float


class LoopbackServer:
    """The test server; ``url(path)`` gives an absolute URL on it."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[Request] = []
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:
                pass

            def handle(self) -> None:
                with contextlib.suppress(ConnectionResetError, BrokenPipeError):
                    super().handle()

            def do_GET(self) -> None:
                request = Request(
                    self.path, {k.lower(): v for k, v in self.headers.items()}, time.monotonic()
                )
                with server._lock:
                    server.requests.append(request)
                route = server.routes.get(self.path)
                if route is None:
                    reply = Reply(404, b"not found", {"Content-Type": "text/plain"})
                else:
                    reply = route(request) if callable(route) else route
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self._send(reply)

            def _send(self, reply: Reply) -> None:
                if reply.delay:
                    time.sleep(reply.delay)
                self.send_response(reply.status)
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                if reply.length:
                    self.send_header("Content-Length", str(len(reply.body)))
                else:
                    self.send_header("Connection", "close")
                self.end_headers()
                if not reply.drip:
                    self.wfile.write(reply.body)
                    return
                for start in range(0, len(reply.body), 1024):
                    self.wfile.write(reply.body[start : start + 1024])
                    self.wfile.flush()
                    time.sleep(reply.drip)

        class CountingServer(ThreadingHTTPServer):
            def verify_request(self, request: object, client_address: object) -> bool:
                with server._lock:
                    server.connections += 1
                return True

        self.connections = 0  # TCP connections accepted, whether or not a request followed
        self.httpd = CountingServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    def url(self, path: str) -> str:
        return self.base + path

    def hits(self, path: str) -> list[Request]:
        with self._lock:
            return [r for r in self.requests if r.path == path]

    def fixture(self, name: str) -> bytes:
        """A fixture feed with its placeholders filled in."""
        recent = (datetime.now(UTC) - timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M:%SZ")
        text = (DATA / "feeds" / name).read_text(encoding="utf-8")
        return text.replace("{base}", self.base).replace("{recent}", recent).encode("utf-8")

    def serve_pages(self) -> None:
        """The three real article pages, as text/html."""
        for path, name in PAGES.items():
            body = gzip.decompress((DATA / "pages" / name).read_bytes())
            self.routes[path] = Reply(200, body, {"Content-Type": "text/html; charset=utf-8"})

    def serve_feed(self, path: str, name: str, content_type: str) -> None:
        self.routes[path] = Reply(200, self.fixture(name), {"Content-Type": content_type})


def run_collect(sources: list[Source], store: SQLiteStore, options: FetchOptions) -> RunReport:
    """One ingest pass the way a pipeline run makes it: stored sources, a started run."""
    report = RunReport(started_at=datetime.now(UTC))
    store.start_run(report)
    ingest.collect(ingest.sources_to_read(sources, store), store, report, options)
    return report


def run_async(coroutine: object) -> object:
    return asyncio.run(coroutine)  # type: ignore[arg-type]
