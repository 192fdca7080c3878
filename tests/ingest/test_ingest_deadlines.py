"""No source holds another, every wait has a deadline, and the address checked is the
address connected to.

Each case was reproduced against newsdesk before its fix (issue 19): a 429 with
Retry-After held its host's other sources for the whole wait, a source waiting for its
host's turn had no deadline, the stage had none, a stop request was not heard while
fetching, a hung resolver held the process, and a name that resolved once for the check
and again for the connection (DNS rebinding) reached the private address. A run that
hangs is a failure here, not a stuck test: runs that could hang go through ``within``.
"""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

import pytest
from ingest_loopback import PAGES, LoopbackServer, Reply, run_collect

from newsdesk import ingest
from newsdesk.errors import FetchError
from newsdesk.ingest import addresses
from newsdesk.ingest.http import Fetcher, FetchOptions
from newsdesk.models import RunReport, Source, SourceKind
from newsdesk.store import SQLiteStore

T = TypeVar("T")
HTML = {"Content-Type": "text/html; charset=utf-8"}
ARTICLE = b"<html><head><title>T</title></head><body><article><p>Words.</p></article></body></html>"
RSS = {"Content-Type": "application/rss+xml"}


def within(seconds: float, work: Callable[[], T]) -> T:
    """``work()`` in a thread; fails the test if it is not done in ``seconds``."""
    outcome: dict[str, Any] = {}

    def target() -> None:
        try:
            outcome["value"] = work()
        except BaseException as exc:
            outcome["error"] = exc

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"still running after {seconds}s"
    if "error" in outcome:
        raise outcome["error"]
    value: T = outcome["value"]
    return value


def collect_at(
    path: Path,
    sources: list[Source],
    options: FetchOptions,
    should_stop: Callable[[], bool] | None = None,
) -> RunReport:
    """One ingest pass on the store at ``path``, opened in the calling thread."""
    store = SQLiteStore(path)
    try:
        if should_stop is None:
            return run_collect(sources, store, options)
        report = RunReport(started_at=datetime.now(UTC))
        store.start_run(report)
        ingest.collect(ingest.sources_to_read(sources, store), store, report, options, should_stop)
        return report
    finally:
        store.close()


def health_of(path: Path, url: str) -> Any:
    store = SQLiteStore(path)
    try:
        [source] = [s for s in store.list_sources() if s.url == url]
        assert source.id is not None
        return store.source_health(source.id)
    finally:
        store.close()


def test_a_429_defers_its_source_and_never_holds_its_host(
    server: LoopbackServer, tmp_path: Path, options: FetchOptions
) -> None:
    server.routes["/limited"] = Reply(429, b"", {"Retry-After": "3600"})
    server.routes["/p1"] = Reply(200, ARTICLE, HTML)
    server.routes["/p2"] = Reply(200, ARTICLE, HTML)
    sources = [Source(server.url(p), SourceKind.PAGE) for p in ("/limited", "/p1", "/p2")]
    # One request at a time, spaced: the two pages queue behind the 429 on the host.
    polite = replace(options, concurrency_per_host=1, delay_per_host=0.2)
    started = time.monotonic()
    report = within(20, lambda: collect_at(tmp_path / "s.db", sources, polite))
    assert time.monotonic() - started < 5
    assert report.errors == {"ingest.rate_limited": 1}
    assert report.counts["ingest.new"] == 2
    health = health_of(tmp_path / "s.db", server.url("/limited"))
    assert health.last_error == "rate_limited" and "Retry-After 3600s" in health.last_error_detail
    assert health.next_attempt - health.last_attempt == timedelta(hours=1)


def test_a_429_on_one_page_defers_the_feed_and_its_other_pages_only(
    server: LoopbackServer, tmp_path: Path, options: FetchOptions
) -> None:
    server.serve_feed("/rss20.xml", "rss20.xml", "application/rss+xml")
    server.serve_pages()
    first_page = next(iter(PAGES))
    server.routes[first_page] = Reply(429, b"", {"Retry-After": "600"})
    server.routes["/other"] = Reply(200, ARTICLE, HTML)
    feed = Source(server.url("/rss20.xml"), SourceKind.FEED)
    other = Source(server.url("/other"), SourceKind.PAGE)
    polite = replace(options, concurrency_per_host=1, delay_per_host=0.1)
    report = within(20, lambda: collect_at(tmp_path / "s.db", [feed, other], polite))
    assert report.errors == {"ingest.rate_limited": 1}
    # The other source on the host is read; the feed's pages not fetched yet are deferred.
    assert report.counts["ingest.new"] + report.counts.get("ingest.deferred", 0) == 3
    assert len(server.hits("/other")) == 1
    health = health_of(tmp_path / "s.db", feed.url)
    assert health.last_error == "rate_limited" and first_page in health.last_error_detail
    assert health.next_attempt - health.last_attempt == timedelta(minutes=10)
    # Deferred: the next run does not ask, and the feed is read whole once it is due.
    again = within(20, lambda: collect_at(tmp_path / "s.db", [feed], polite))
    assert again.counts == {"ingest.skipped_backing_off": 1}


def test_a_source_waiting_for_its_host_is_cut_at_its_budget(
    server: LoopbackServer, tmp_path: Path, options: FetchOptions
) -> None:
    server.serve_feed("/rss20.xml", "rss20.xml", "application/rss+xml")
    server.serve_feed("/atom.xml", "atom.xml", "application/atom+xml")
    sources = [
        Source(server.url("/rss20.xml"), SourceKind.FEED),
        Source(server.url("/atom.xml"), SourceKind.FEED),
    ]
    # robots.txt takes the host's first turn; the feeds' turns would come 5 and 10 s later.
    slow_host = replace(options, delay_per_host=5.0, source_budget=1.0)
    started = time.monotonic()
    report = within(20, lambda: collect_at(tmp_path / "s.db", sources, slow_host))
    assert time.monotonic() - started < 3
    assert report.errors == {"ingest.source_deadline": 2}
    health = health_of(tmp_path / "s.db", server.url("/atom.xml"))
    assert health.last_error == "source_deadline" and health.failures == 1
    assert "fetch.source_budget" in health.last_error_detail


def test_the_stage_deadline_cancels_what_is_left_and_records_it(
    server: LoopbackServer, tmp_path: Path, options: FetchOptions
) -> None:
    server.routes["/slow"] = Reply(200, ARTICLE, HTML, delay=4)
    server.routes["/fast"] = Reply(200, ARTICLE, HTML)
    sources = [Source(server.url(p), SourceKind.PAGE) for p in ("/slow", "/fast")]
    patient = replace(options, read_timeout=10.0, timeout=10.0, ingest_budget=1.0)
    started = time.monotonic()
    report = within(20, lambda: collect_at(tmp_path / "s.db", sources, patient))
    assert time.monotonic() - started < 3
    assert report.errors == {"ingest.ingest_deadline": 1}
    assert report.counts["ingest.new"] == 1
    # The run's budget was spent, not the source's fault: no backoff.
    health = health_of(tmp_path / "s.db", server.url("/slow"))
    assert health.failures == 0 and health.next_attempt is None
    store = SQLiteStore(tmp_path / "s.db")
    rows = store.conn.execute("SELECT item, reason FROM item_errors").fetchall()
    store.close()
    assert [(r["item"], r["reason"]) for r in rows] == [(server.url("/slow"), "ingest_deadline")]


def test_a_stop_request_cancels_a_trickling_fetch_and_the_next_run_reads_it(
    server: LoopbackServer, tmp_path: Path, options: FetchOptions
) -> None:
    body = server.fixture("rss20.xml")
    server.routes["/rss20.xml"] = Reply(200, body, RSS, drip=1.0)  # 1 KiB a second
    server.serve_pages()
    feed = Source(server.url("/rss20.xml"), SourceKind.FEED)
    patient = replace(options, read_timeout=10.0, timeout=60.0)
    stop = threading.Event()
    threading.Timer(1.0, stop.set).start()
    started = time.monotonic()
    report = within(20, lambda: collect_at(tmp_path / "s.db", [feed], patient, stop.is_set))
    assert time.monotonic() - started < 2.5
    assert report.counts == {"ingest.stopped": 1}
    assert report.errors == {}
    assert health_of(tmp_path / "s.db", feed.url).failures == 0
    server.routes["/rss20.xml"] = Reply(200, body, RSS)
    healed = within(20, lambda: collect_at(tmp_path / "s.db", [feed], patient, lambda: False))
    assert healed.counts["ingest.new"] == 3


def test_a_stop_request_between_local_documents(tmp_path: Path, options: FetchOptions) -> None:
    dump = tmp_path / "dump.jsonl"
    dump.write_text(
        "\n".join(f'{{"url": "https://a.example/{n}", "text": "words"}}' for n in range(50))
    )
    local = Source(str(dump), SourceKind.JSONL)
    remote = Source("https://never.example/feed.xml", SourceKind.FEED)
    seen = {"asked": 0}

    def after_three() -> bool:
        seen["asked"] += 1
        return seen["asked"] > 3

    report = collect_at(tmp_path / "s.db", [local, remote], options, after_three)
    assert report.counts["ingest.new"] <= 4
    assert report.counts["ingest.stopped"] == 2  # the dump and the feed never started


def test_a_resolver_that_never_answers_is_cut_at_the_connect_timeout(
    options: FetchOptions, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = socket.getaddrinfo
    release = threading.Event()

    def hung(host: str, *args: Any, **kwargs: Any) -> Any:
        if host == "hung.test":
            release.wait(30)
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", hung)

    def fetch() -> str:
        async def go() -> str:
            async with Fetcher(replace(options, connect_timeout=0.5)) as fetcher:
                try:
                    await fetcher.get("http://hung.test/feed.xml")
                except FetchError as exc:
                    return exc.reason
            return "fetched"

        return asyncio.run(go())

    started = time.monotonic()
    try:
        # asyncio.run returns only once the lookup is given up, and the loop closed.
        assert within(20, fetch) == "timeout"
    finally:
        release.set()
    assert time.monotonic() - started < 3


def test_dns_rebinding_never_reaches_the_private_address(
    server: LoopbackServer, options: FetchOptions, monkeypatch: pytest.MonkeyPatch
) -> None:
    # "rebind.test" answers 127.0.0.2 first (counted as public for this test; nothing
    # listens there), then 127.0.0.1, where the server is. Only the checked one may be used.
    monkeypatch.setattr(addresses, "is_public", lambda address: address != "127.0.0.1")
    real = socket.getaddrinfo
    answers = iter(["127.0.0.2"])
    asked: list[str] = []

    def rebinding(host: str, port: Any, *args: Any, **kwargs: Any) -> Any:
        if host != "rebind.test":
            return real(host, port, *args, **kwargs)
        asked.append(host)
        address = next(answers, "127.0.0.1")
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, int(port)))]

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    server.routes["/robots.txt"] = Reply(200, b"User-agent: *\nAllow: /\n")
    server.routes["/page"] = Reply(200, ARTICLE, HTML)
    url = server.url("/page").replace("127.0.0.1", "rebind.test")
    strict = replace(options, allow_private_addresses=False)

    async def go() -> str:
        async with Fetcher(strict) as fetcher:
            try:
                await fetcher.get(url)
            except FetchError as exc:
                return exc.reason
        return "fetched"

    assert asyncio.run(go()) == "robots_unreadable"  # robots.txt: connection refused
    assert server.requests == [] and server.connections == 0
    assert asked == ["rebind.test"]  # resolved once, for robots.txt and the page alike
