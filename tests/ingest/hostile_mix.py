"""One loopback host serving a healthy news feed and nine misbehaving ones.

The same ten behaviours as the team's probe (``tools/hostile_server.py`` in the shared
folder), written here so that a clone of the project can run them: ``/feed.xml`` (RSS
2.0, four items, pages ``/a1.html`` to ``/a4.html``), ``/broken.xml`` (cut in half),
``/slow.xml`` (answers after 40 s), ``/trickle.xml`` (a valid feed, one byte a second),
``/500.xml``, ``/429.xml`` (Retry-After: 3600), ``/bomb.xml`` (a gzip bomb of 1 GiB),
``/loop.xml`` (a redirect to itself), ``/latin1.xml`` (latin-1 bytes declared as UTF-8)
and ``/notfeed.xml`` (an HTML page). The articles' text is the bundled sample's.
"""

from __future__ import annotations

import contextlib
import html
import json
import struct
import threading
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources

FEEDS = (
    "feed",
    "broken",
    "slow",
    "trickle",
    "500",
    "429",
    "bomb",
    "loop",
    "latin1",
    "notfeed",
)
TITLES = (
    "Mexico denies landing to US military deportation flight",
    "US military flights carry migrants to Guatemala",
    "Mexico says it welcomes returning nationals",
    "Sheinbaum says Remain in Mexico needs consent",
)


def _sample_paragraphs() -> list[str]:
    sample = resources.files("newsdesk") / "sample" / "articles.jsonl"
    lines = sample.read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["text"] for line in lines if line.strip()]


def _gzip_bomb(mebibytes: int) -> bytes:
    """A valid gzip member of ``mebibytes`` MiB of zeros, built in well under a second.

    Once deflate's window is all zeros, every fully flushed MiB of zeros compresses to the
    same bytes, so the middle is one block repeated.
    """
    zeros = bytes(1 << 20)
    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    first = packer.compress(zeros) + packer.flush(zlib.Z_FULL_FLUSH)
    middle = packer.compress(zeros) + packer.flush(zlib.Z_FULL_FLUSH)
    crc = 0
    for _ in range(mebibytes):
        crc = zlib.crc32(zeros, crc)
    last_empty_block = b"\x03\x00"  # BFINAL, fixed Huffman codes, end of block
    trailer = struct.pack("<II", crc, (mebibytes << 20) & 0xFFFFFFFF)
    return first + middle * (mebibytes - 1) + last_empty_block + trailer


class HostileServer:
    """The server on 127.0.0.1 and a free port; ``url("feed")`` is ``.../feed.xml``."""

    def __init__(self) -> None:
        self.closing = threading.Event()  # ends the slow and trickling answers at shutdown
        paragraphs = _sample_paragraphs()
        self.bomb = _gzip_bomb(1024)
        hostile = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: object) -> None:
                pass

            def send(
                self, code: int, body: bytes, ctype: str, headers: tuple[tuple[str, str], ...] = ()
            ) -> None:
                self.send_response(code)
                self.send_header("Content-Type", ctype)
                for name, value in headers:
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self) -> None:
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self.answer(self.path.split("?")[0])

            def answer(self, path: str) -> None:
                rss = hostile.rss()
                if path == "/robots.txt":
                    self.send(200, b"User-agent: *\nDisallow: /private/\n", "text/plain")
                elif path == "/feed.xml":
                    self.send(200, rss, "application/rss+xml; charset=utf-8")
                elif path in {f"/a{n}.html" for n in range(1, 5)}:
                    n = int(path[2])
                    self.send(200, hostile.article(n, paragraphs), "text/html; charset=utf-8")
                elif path == "/broken.xml":
                    self.send(200, rss[: len(rss) // 2], "application/xml")
                elif path == "/slow.xml":
                    if not hostile.closing.wait(40):
                        self.send(200, rss, "application/xml")
                elif path == "/trickle.xml":
                    self.send_response(200)
                    self.send_header("Content-Type", "application/rss+xml")
                    self.send_header("Content-Length", str(len(rss)))
                    self.end_headers()
                    for byte in rss:
                        self.wfile.write(bytes([byte]))
                        self.wfile.flush()
                        if hostile.closing.wait(1):
                            return
                elif path == "/500.xml":
                    self.send(500, b"oops", "text/plain")
                elif path == "/429.xml":
                    self.send(429, b"slow down", "text/plain", (("Retry-After", "3600"),))
                elif path == "/bomb.xml":
                    encoding = (("Content-Encoding", "gzip"),)
                    self.send(200, hostile.bomb, "application/xml", encoding)
                elif path == "/loop.xml":
                    self.send(302, b"", "text/plain", (("Location", "/loop.xml"),))
                elif path == "/latin1.xml":
                    body = rss.replace(b"Example Wire", "Exemple Réseau".encode("latin-1"))
                    self.send(200, body, "application/rss+xml; charset=utf-8")
                elif path == "/notfeed.xml":
                    self.send(200, b"<html><body><p>not a feed</p></body></html>", "text/html")
                else:
                    self.send(404, b"not found", "text/plain")

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def url(self, name: str) -> str:
        return f"{self.base}/{name}.xml"

    def rss(self) -> bytes:
        items = "".join(
            f"<item><title>{title}</title><link>{self.base}/a{n}.html</link>"
            f"<guid>{self.base}/a{n}.html</guid>"
            f"<pubDate>Fri, 24 Jan 2025 1{n}:00:00 GMT</pubDate>"
            f"<description>{title}.</description></item>"
            for n, title in enumerate(TITLES, 1)
        )
        return (
            "<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel>"
            f"<title>Example Wire</title><link>{self.base}/</link><description>x</description>"
            f"{items}</channel></rss>"
        ).encode()

    def article(self, n: int, paragraphs: list[str]) -> bytes:
        title = html.escape(TITLES[n - 1])
        body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs[3 * n : 3 * n + 3])
        return (
            "<!doctype html><html lang=en><head><meta charset=utf-8>"
            f"<title>{title} - Example Wire</title><meta property='og:title' content='{title}'>"
            f"<meta name='date' content='2025-01-2{n}T10:00:00Z'></head><body>"
            "<nav><a href='/'>Home</a> | <a href='/world'>World</a></nav>"
            f"<article><h1>{title}</h1><p class=byline>By A. Reporter</p>{body}</article>"
            "<footer>Copyright Example Wire. All rights reserved.</footer></body></html>"
        ).encode()

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        self.closing.set()
        self.httpd.shutdown()
        self.httpd.server_close()
