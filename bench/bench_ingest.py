"""Ingest speed: fetch and parse 1,000 feed items and their pages from a loopback server.

Usage:
    .venv/bin/python bench/bench_ingest.py [--feeds 10] [--items 100] [--rounds 2]

A server in a separate process serves ``--feeds`` RSS feeds of ``--items`` items each and
one page per item (the article-extraction-benchmark's real pages, cycled). Two systems
read the same URLs with the same per-host concurrency, alternating in rounds:

* newsdesk: ``ingest.collect`` over the feed sources: robots.txt, conditional GET state,
  feed parsing, every response stored in a fresh SQLite store;
* bare httpx: one AsyncClient GETting the feed URLs and then every page URL, nothing else.

Prints items per second for both, the ratio (newsdesk time / bare time), the peak of
Python allocations during one newsdesk pass (tracemalloc) and the process's peak RSS.
"""

from __future__ import annotations

import argparse
import asyncio
import gzip
import json
import multiprocessing
import resource
import tempfile
import time
import tracemalloc
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx

from newsdesk import ingest
from newsdesk.ingest.http import FetchOptions
from newsdesk.models import RunReport, Source, SourceKind
from newsdesk.store import SQLiteStore

PAGES = (
    Path(__file__).resolve().parents[1].parent
    / "shared"
    / "data"
    / "article-extraction-benchmark"
    / "html"
)
CONCURRENCY = 10


def feed_xml(base: str, feed: int, items: int) -> bytes:
    now = datetime.now(UTC)
    entries = []
    for n in range(items):
        stamp = (now - timedelta(minutes=n)).strftime("%a, %d %b %Y %H:%M:%S +0000")
        url = f"{base}/p/{feed}/{n}.html"
        entries.append(
            f"<item><title>Story {feed}-{n}</title><link>{url}</link><guid>{url}</guid>"
            f"<pubDate>{stamp}</pubDate>"
            f"<description>Summary of story {feed}-{n}.</description></item>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        f"<title>Bench feed {feed}</title><link>{base}/</link>{''.join(entries)}</channel></rss>"
    ).encode()


def serve(port_out: multiprocessing.Queue, feeds: int, items: int, limit_pages: int) -> None:  # type: ignore[type-arg]
    pages = [gzip.decompress(p.read_bytes()) for p in sorted(PAGES.glob("*.html.gz"))[:limit_pages]]
    routes: dict[str, bytes] = {}

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            body, ctype = routes.get(self.path), "application/rss+xml"
            if body is None and self.path.startswith("/p/"):
                feed, n = self.path[3:].removesuffix(".html").split("/")
                body, ctype = (
                    pages[(int(feed) * items + int(n)) % len(pages)],
                    "text/html; charset=utf-8",
                )
            if body is None:
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    for f in range(feeds):
        routes[f"/feed/{f}.xml"] = feed_xml(base, f, items)
    port_out.put(base)
    httpd.serve_forever()


def run_newsdesk(base: str, feeds: int) -> tuple[float, int]:
    options = FetchOptions(
        contact="bench@example.org",
        allow_private_addresses=True,
        delay_per_host=0.0,
        concurrency_per_host=CONCURRENCY,
        max_items_per_feed=10_000,
    )
    with tempfile.TemporaryDirectory() as folder:
        store = SQLiteStore(Path(folder) / "bench.db")
        sources = [Source(f"{base}/feed/{f}.xml", SourceKind.FEED) for f in range(feeds)]
        report = RunReport(started_at=datetime.now(UTC))
        store.start_run(report)
        start = time.perf_counter()
        ingest.collect(ingest.sources_to_read(sources, store), store, report, options)
        elapsed = time.perf_counter() - start
        store.close()
    if report.errors:
        raise SystemExit(f"newsdesk pass had errors: {report.errors}")
    return elapsed, report.counts.get("ingest.new", 0)


async def _bare(base: str, feeds: int, items: int) -> int:
    slots = asyncio.Semaphore(CONCURRENCY)
    async with httpx.AsyncClient(limits=httpx.Limits(max_connections=100)) as client:

        async def get(url: str) -> int:
            async with slots:
                response = await client.get(url)
                return len(response.content)

        await asyncio.gather(*(get(f"{base}/feed/{f}.xml") for f in range(feeds)))
        urls = [f"{base}/p/{f}/{n}.html" for f in range(feeds) for n in range(items)]
        sizes = await asyncio.gather(*(get(u) for u in urls))
    return len(sizes)


def run_bare(base: str, feeds: int, items: int) -> tuple[float, int]:
    start = time.perf_counter()
    n = asyncio.run(_bare(base, feeds, items))
    return time.perf_counter() - start, n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--feeds", type=int, default=10)
    parser.add_argument("--items", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--pages", type=int, default=123, help="distinct real pages to cycle")
    args = parser.parse_args()
    queue: multiprocessing.Queue = multiprocessing.Queue()  # type: ignore[type-arg]
    server = multiprocessing.Process(
        target=serve, args=(queue, args.feeds, args.items, args.pages), daemon=True
    )
    server.start()
    base = queue.get(timeout=60)
    try:
        ours = bare = 0.0
        stored = 0
        for _ in range(args.rounds):
            t, _n = run_bare(base, args.feeds, args.items)
            bare += t
            t, stored = run_newsdesk(base, args.feeds)
            ours += t
        tracemalloc.start()
        run_newsdesk(base, args.feeds)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    finally:
        server.terminate()
    n = args.feeds * args.items * args.rounds
    print(json.dumps({
        "feeds": args.feeds, "items": args.feeds * args.items, "rounds": args.rounds,
        "distinct_pages": args.pages, "concurrency_per_host": CONCURRENCY,
        "items_stored_per_pass": stored,
        "newsdesk_items_per_second": round(n / ours, 1),
        "bare_httpx_items_per_second": round(n / bare, 1),
        "ratio_newsdesk_over_bare_time": round(ours / bare, 3),
        "newsdesk_peak_python_alloc_mb": round(peak / 1e6, 1),
        "process_peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }))  # fmt: skip


if __name__ == "__main__":
    main()
