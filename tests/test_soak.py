"""Soak: `newsdesk watch` against 200 feeds on a loopback HTTP server, some failing.

Run with ``pytest -m slow tests/test_soak.py -s``. NEWSDESK_SOAK_MINUTES sets how long
(default 10) and NEWSDESK_SOAK_INTERVAL how many minutes between two reads of a source
(default 1). Every feed gains one new item per interval, an article page of real NeuS
text (the whole dataset, through ``data_dir``; three feeds share each event, as three
outlets would); 40 of the 200 feeds fail: server errors, answers slower than the fetch
timeout, or a body that is no feed.

The test checks, and prints, that every healthy feed was read on schedule (no gap
between two reads longer than the interval, its jitter and one run's length), that
the memory of the watch process stays flat once warm, that watch stops cleanly on
SIGTERM, and that the store is consistent at the end.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from datetime import UTC, datetime
from email.utils import format_datetime
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest

from newsdesk.evaluate.data import iter_records
from newsdesk.store import SQLiteStore

FEEDS = 200
ITEMS_IN_FEED = 5


def failure_of(n: int) -> str | None:
    """What a feed does wrong: 20 answer 500, 10 answer too slowly, 10 send no feed."""
    if n % 10 == 0:
        return "error"
    if n % 20 == 1:
        return "slow"
    if n % 20 == 3:
        return "garbage"
    return None


class FeedServer:
    """200 feeds and their article pages; records when each feed was read."""

    def __init__(self, interval: float, events: list[dict[str, Any]]) -> None:
        self.interval = interval
        self.events = events
        self.started = time.time()
        self.reads: dict[int, list[float]] = defaultdict(list)
        self.lock = threading.Lock()
        soak = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:
                pass

            def handle(self) -> None:  # the fetcher hangs up on slow feeds
                with contextlib.suppress(ConnectionResetError, BrokenPipeError):
                    super().handle()

            def do_GET(self) -> None:
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    status, ctype, body, delay = soak.answer(self.path)
                    time.sleep(delay)
                    self.send_response(status)
                    self.send_header("Content-Type", ctype)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def answer(self, path: str) -> tuple[int, str, bytes, float]:
        if path == "/robots.txt":
            return 200, "text/plain", b"User-agent: *\nAllow: /\n", 0.0
        parts = path.strip("/").split("/")
        if parts[0] == "feed":
            n = int(parts[1].removesuffix(".xml"))
            with self.lock:
                self.reads[n].append(time.time())
            failure = failure_of(n)
            if failure == "error":
                return 500, "text/plain", b"internal error", 0.0
            if failure == "slow":
                return 200, "application/rss+xml", self.feed(n), 8.0
            if failure == "garbage":
                return 200, "application/rss+xml", b"\x00\x01 not a feed at all", 0.0
            return 200, "application/rss+xml", self.feed(n), 0.0
        if parts[0] == "article" and len(parts) == 3:
            return 200, "text/html; charset=utf-8", self.page(int(parts[1]), int(parts[2])), 0.0
        return 404, "text/plain", b"not found", 0.0

    def event_of(self, n: int, k: int) -> tuple[dict[str, Any], dict[str, Any]]:
        """Three neighbouring feeds carry one event each round, each its own outlet's text."""
        event = self.events[(k * (FEEDS // 3) + n // 3) % len(self.events)]
        return event, event["articles"][n % 3 % len(event["articles"])]

    def feed(self, n: int) -> bytes:
        newest = int((time.time() - self.started) / self.interval)
        items = []
        for k in range(max(0, newest - ITEMS_IN_FEED + 1), newest + 1):
            _, article = self.event_of(n, k)
            url = f"{self.base}/article/{n}/{k}"
            published = format_datetime(
                datetime.fromtimestamp(self.started + k * self.interval, UTC)
            )
            items.append(
                f"<item><title>{escape(article['title'])}</title><link>{url}</link>"
                f"<guid>{url}</guid><pubDate>{published}</pubDate></item>"
            )
        return (
            '<?xml version="1.0"?><rss version="2.0"><channel>'
            f"<title>Outlet {n}</title><link>{self.base}/</link>"
            f"<description>Feed {n}</description>{''.join(items)}</channel></rss>"
        ).encode()

    def page(self, n: int, k: int) -> bytes:
        event, article = self.event_of(n, k)
        return (
            f"<!doctype html><html lang=en><head><title>{escape(article['title'])}</title>"
            f'<meta property="og:site_name" content="Outlet {n}"></head><body><article>'
            f"<h1>{escape(article['title'])}</h1><p>{escape(article['text'])}</p>"
            f"<p>Reported for Outlet {n} about {escape(event['id'])}.</p></article></body></html>"
        ).encode()


def rss_of(pid: int) -> int:
    """Resident memory of ``pid`` in bytes."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    return 0


@pytest.mark.slow
def test_watch_soak(tmp_path: Path, data_dir: Callable[[str], Path]) -> None:
    minutes = float(os.environ.get("NEWSDESK_SOAK_MINUTES", "10"))
    interval = float(os.environ.get("NEWSDESK_SOAK_INTERVAL", "1")) * 60
    events = [e for e in iter_records(data_dir("neus-allsides")) if len(e["articles"]) >= 3]
    server = FeedServer(interval, events)
    config = tmp_path / "newsdesk.toml"
    sources = "".join(
        f'[[sources]]\nurl = "{server.base}/feed/{n}.xml"\nkind = "feed"\n' for n in range(FEEDS)
    )
    config.write_text(
        f"[watch]\ninterval_minutes = {interval / 60}\n[extract]\nmin_words = 15\n"
        "[fetch]\nallow_private_addresses = true\ndelay_per_host = 0.0\n"
        "concurrency_per_host = 32\ntimeout = 3.0\nread_timeout = 3.0\n"
        'contact = "soak@example.org"\n' + sources,
        encoding="utf-8",
    )
    log = (tmp_path / "watch.log").open("wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "newsdesk", "watch", "--config", str(config)],
        cwd=tmp_path,
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )
    memory: list[tuple[float, int]] = []
    began = time.time()
    try:
        while time.time() - began < minutes * 60:
            assert proc.poll() is None, (tmp_path / "watch.log").read_text()[-3000:]
            memory.append((time.time() - began, rss_of(proc.pid)))
            time.sleep(5)
        proc.send_signal(signal.SIGTERM)
        code = proc.wait(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
        log.close()
        server.close()
    assert code == 0, (tmp_path / "watch.log").read_text()[-3000:]

    # Schedule: every healthy feed read again within interval + jitter + one run's length.
    healthy = [n for n in range(FEEDS) if failure_of(n) is None]
    assert len(healthy) == 160
    runs = _run_seconds(tmp_path)
    longest_run = max(runs, default=0.0)
    allowed = interval * 1.1 + longest_run + 5
    gaps = {n: _gaps(server.reads[n]) for n in healthy}
    worst = max(max(g, default=0.0) for g in gaps.values())
    expected_reads = int(minutes * 60 / (interval * 1.1 + longest_run))
    reads = [len(server.reads[n]) for n in healthy]

    # Memory: after the first third (imports, caches), the peak grows by under a quarter.
    warm = [rss for at, rss in memory if at >= minutes * 20]
    half = len(warm) // 2
    early, late = max(warm[:half]), max(warm[half:])
    store = SQLiteStore(tmp_path / "newsdesk.db")
    counts, problems = store.counts(), store.integrity_problems()
    store.close()
    print(
        f"\nsoak {minutes:g} min, interval {interval:g} s, {len(runs)} runs "
        f"(longest {longest_run:.1f} s); healthy feeds read {min(reads)}-{max(reads)} times "
        f"(expected >= {expected_reads}), worst gap {worst:.1f} s (allowed {allowed:.1f} s); "
        f"RSS {memory[0][1] / 2**20:.0f} MiB at start, peak {early / 2**20:.0f} MiB in the "
        f"first warm half, {late / 2**20:.0f} MiB in the second; store {counts}"
    )
    assert min(reads) >= expected_reads
    assert worst <= allowed, sorted(gaps.items(), key=lambda g: -max(g[1], default=0))[:5]
    assert late <= early * 1.25
    assert problems == []
    assert counts["story_versions"] > 0


def _gaps(times: list[float]) -> list[float]:
    return [b - a for a, b in pairwise(times)]


def _run_seconds(folder: Path) -> list[float]:
    """How long each finished run took, from the run history in the store."""
    store = SQLiteStore(folder / "newsdesk.db")
    try:
        return [
            (r.finished_at - r.started_at).total_seconds()
            for r in store.runs(limit=10_000)
            if r.finished_at is not None
        ]
    finally:
        store.close()
