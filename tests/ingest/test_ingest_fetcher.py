"""The fetcher against a misbehaving loopback server: every case checks store and report."""

from __future__ import annotations

import asyncio
import gzip
import itertools
import time
import zlib
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import brotli
import pytest
from ingest_loopback import PAGES, LoopbackServer, Reply, Request, run_collect

from newsdesk.errors import BlockedAddressError, FetchError
from newsdesk.ingest import addresses
from newsdesk.ingest import http as http_module
from newsdesk.ingest.health import BASE, backoff
from newsdesk.ingest.http import Fetcher, FetchOptions, parse_retry_after
from newsdesk.models import Source, SourceKind
from newsdesk.store import SQLiteStore

HTML = {"Content-Type": "text/html; charset=utf-8"}
ARTICLE = b"<html><head><title>T</title></head><body><article><p>Words.</p></article></body></html>"


def fetch(url: str, options: FetchOptions, store: SQLiteStore | None = None) -> object:
    async def go() -> object:
        async with Fetcher(options, store) as fetcher:
            return await fetcher.get(url)

    return asyncio.run(go())


def only_source(store: SQLiteStore) -> int:
    [source] = store.list_sources()
    assert source.id is not None
    return source.id


def item_errors(store: SQLiteStore) -> list[tuple[str, str]]:
    rows = store.conn.execute("SELECT item, reason FROM item_errors ORDER BY id")
    return [(r["item"], r["reason"]) for r in rows]


def test_slow_reply_times_out_and_the_source_backs_off(
    server: LoopbackServer, store: SQLiteStore, options: FetchOptions
) -> None:
    server.routes["/slow"] = Reply(200, ARTICLE, HTML, delay=1.5)
    server.routes["/fast"] = Reply(200, ARTICLE, HTML)
    started = time.monotonic()
    report = run_collect(
        [
            Source(server.url("/slow"), SourceKind.PAGE),
            Source(server.url("/fast"), SourceKind.PAGE),
        ],
        store,
        options,
    )
    assert time.monotonic() - started < 1.4  # the read timeout (0.5 s), not the slow reply
    assert report.errors == {"ingest.timeout": 1}
    assert report.counts["ingest.new"] == 1
    slow = next(s for s in store.list_sources() if s.url.endswith("/slow"))
    assert slow.id is not None
    health = store.source_health(slow.id)
    assert health.last_error == "timeout" and health.failures == 1
    assert health.next_attempt is not None and health.next_attempt > datetime.now(UTC)
    assert item_errors(store) == [(server.url("/slow"), "timeout")]


def test_a_body_that_drips_past_the_total_timeout_is_cut(
    server: LoopbackServer, options: FetchOptions
) -> None:
    server.routes["/drip"] = Reply(200, b"x" * 8192, HTML, drip=0.2)
    with pytest.raises(FetchError) as caught:
        fetch(server.url("/drip"), replace(options, timeout=0.6))
    assert caught.value.reason == "timeout"


def test_server_error_backs_off_exponentially_and_a_success_resets(
    server: LoopbackServer, store: SQLiteStore, options: FetchOptions
) -> None:
    server.routes["/page"] = Reply(500, b"oops", HTML)
    source = Source(server.url("/page"), SourceKind.PAGE)
    report = run_collect([source], store, options)
    assert report.errors == {"ingest.http_500": 1}
    source_id = only_source(store)
    first = store.source_health(source_id)
    assert first.failures == 1 and first.last_error == "http_500"
    # Backing off: the next run does not even ask.
    skipped = run_collect([source], store, options)
    assert skipped.counts == {"ingest.skipped_backing_off": 1}
    assert len(server.hits("/page")) == 1
    # When the wait is over and it fails again, the wait doubles.
    store.save_source_health(replace(first, next_attempt=datetime.now(UTC) - timedelta(seconds=1)))
    run_collect([source], store, options)
    second = store.source_health(source_id)
    assert second.failures == 2
    assert second.next_attempt is not None and second.last_attempt is not None
    assert second.next_attempt - second.last_attempt == backoff(2) == 2 * BASE
    store.save_source_health(replace(second, next_attempt=None))
    server.routes["/page"] = Reply(200, ARTICLE, HTML)
    healed = run_collect([source], store, options)
    assert healed.counts["ingest.new"] == 1
    after = store.source_health(source_id)
    assert after.failures == 0 and after.last_success is not None and after.next_attempt is None
    assert after.last_error == "http_500"  # the last error stays on record for `sources check`


def test_429_with_retry_after_defers_the_source(
    server: LoopbackServer, store: SQLiteStore, options: FetchOptions
) -> None:
    server.routes["/limited"] = Reply(429, b"", {"Retry-After": "3600"})
    report = run_collect([Source(server.url("/limited"), SourceKind.PAGE)], store, options)
    assert report.errors == {"ingest.rate_limited": 1}
    health = store.source_health(only_source(store))
    assert health.next_attempt is not None and health.last_attempt is not None
    assert health.next_attempt - health.last_attempt == timedelta(hours=1)


def test_after_429_the_same_host_is_still_asked_for_other_urls(
    server: LoopbackServer, options: FetchOptions
) -> None:
    # A 429 defers its source (test_ingest_deadlines), never the other sources of its host.
    server.routes["/a"] = Reply(429, b"", {"Retry-After": "3600"})
    server.routes["/b"] = Reply(200, ARTICLE, HTML)

    async def go() -> list[str]:
        async with Fetcher(options) as fetcher:
            reasons = []
            for path in ("/a", "/b"):
                try:
                    await fetcher.get(server.url(path))
                    reasons.append("ok")
                except FetchError as exc:
                    reasons.append(exc.reason)
            return reasons

    assert asyncio.run(go()) == ["rate_limited", "ok"]
    assert len(server.hits("/b")) == 1


def test_503_retry_after_as_an_http_date() -> None:
    now = datetime(2025, 1, 1, 12, 0, tzinfo=UTC)
    assert parse_retry_after("Wed, 01 Jan 2025 12:10:00 GMT", now) == timedelta(minutes=10)
    assert parse_retry_after("soon", now) is None
    assert parse_retry_after("99999999", now) == timedelta(days=1)


def test_redirect_loop_is_refused(
    server: LoopbackServer, store: SQLiteStore, options: FetchOptions
) -> None:
    server.routes["/a"] = Reply(302, b"", {"Location": "/b"})
    server.routes["/b"] = Reply(302, b"", {"Location": "/a"})
    report = run_collect([Source(server.url("/a"), SourceKind.PAGE)], store, options)
    assert report.errors == {"ingest.redirect_loop": 1}
    assert store.pending_raw() == []


def test_too_many_redirects(server: LoopbackServer, options: FetchOptions) -> None:
    for n in range(10):
        server.routes[f"/r{n}"] = Reply(307, b"", {"Location": f"/r{n + 1}"})
    with pytest.raises(FetchError) as caught:
        fetch(server.url("/r0"), replace(options, max_redirects=3))
    assert caught.value.reason == "too_many_redirects"


def test_permanent_redirect_updates_the_stored_url(
    server: LoopbackServer, store: SQLiteStore, options: FetchOptions
) -> None:
    server.routes["/old-feed"] = Reply(301, b"", {"Location": "/rss20.xml"})
    server.serve_feed("/rss20.xml", "rss20.xml", "application/rss+xml")
    server.serve_pages()
    source = Source(server.url("/old-feed"), SourceKind.FEED)
    run_collect([source], store, options)
    state = store.fetch_state(server.url("/old-feed"))
    assert state is not None and state.permanent_url == server.url("/rss20.xml")
    run_collect([source], store, options)
    assert len(server.hits("/old-feed")) == 1  # the second run went straight to the new URL
    assert len(server.hits("/rss20.xml")) == 2


def test_temporary_redirect_keeps_the_url(
    server: LoopbackServer, store: SQLiteStore, options: FetchOptions
) -> None:
    server.routes["/today"] = Reply(302, b"", {"Location": "/page"})
    server.routes["/page"] = Reply(200, ARTICLE, HTML)
    run_collect([Source(server.url("/today"), SourceKind.PAGE)], store, options)
    state = store.fetch_state(server.url("/today"))
    assert state is not None and state.permanent_url == ""
    [doc] = store.pending_raw()
    assert doc.url == server.url("/today") and doc.final_url == server.url("/page")


def test_410_retires_the_source(
    server: LoopbackServer, store: SQLiteStore, options: FetchOptions
) -> None:
    server.routes["/gone.xml"] = Reply(410, b"gone")
    source = Source(server.url("/gone.xml"), SourceKind.FEED)
    report = run_collect([source], store, options)
    assert report.errors == {"ingest.gone": 1}
    assert report.counts == {"ingest.sources_retired": 1}
    assert store.source_health(only_source(store)).retired_at is not None
    later = run_collect([source], store, options)
    assert later.counts == {"ingest.skipped_retired": 1}
    assert len(server.hits("/gone.xml")) == 1


def test_gzip_bomb_is_cut_at_the_limit(
    server: LoopbackServer, store: SQLiteStore, options: FetchOptions
) -> None:
    bomb = gzip.compress(b"\0" * 20_000_000, compresslevel=9)
    assert len(bomb) < 100_000
    server.routes["/bomb"] = Reply(200, bomb, {**HTML, "Content-Encoding": "gzip"})
    report = run_collect([Source(server.url("/bomb"), SourceKind.PAGE)], store, options)
    assert report.errors == {"ingest.too_large": 1}
    assert store.pending_raw() == []


def test_brotli_and_deflate_bodies_are_decoded(
    server: LoopbackServer, options: FetchOptions
) -> None:
    server.routes["/br"] = Reply(200, brotli.compress(ARTICLE), {**HTML, "Content-Encoding": "br"})
    server.routes["/deflate"] = Reply(
        200, zlib.compress(ARTICLE)[2:-4], {**HTML, "Content-Encoding": "deflate"}
    )
    assert fetch(server.url("/br"), options).body == ARTICLE  # type: ignore[attr-defined]
    assert fetch(server.url("/deflate"), options).body == ARTICLE  # type: ignore[attr-defined]
    bomb = brotli.compress(b"\0" * 5_000_000, quality=4)
    server.routes["/br-bomb"] = Reply(200, bomb, {**HTML, "Content-Encoding": "br"})
    with pytest.raises(FetchError) as caught:
        fetch(server.url("/br-bomb"), options)
    assert caught.value.reason == "too_large"


def test_huge_page_is_cut_while_streaming(server: LoopbackServer, options: FetchOptions) -> None:
    # No Content-Length: the limit must act on the stream itself.
    server.routes["/huge"] = Reply(200, b"<p>" + b"a" * 3_000_000, HTML, length=False)
    with pytest.raises(FetchError) as caught:
        fetch(server.url("/huge"), options)
    assert caught.value.reason == "too_large"
    server.routes["/declared"] = Reply(200, b"a" * 2_000_000, HTML)
    with pytest.raises(FetchError) as caught:
        fetch(server.url("/declared"), options)
    assert caught.value.reason == "too_large"


def test_private_addresses_are_refused_unless_allowed(
    server: LoopbackServer, store: SQLiteStore, options: FetchOptions
) -> None:
    server.routes["/page"] = Reply(200, ARTICLE, HTML)
    strict = replace(options, allow_private_addresses=False)
    with pytest.raises(BlockedAddressError):
        fetch(server.url("/page"), strict)
    with pytest.raises(BlockedAddressError):
        fetch(server.url("/page").replace("127.0.0.1", "localhost"), strict)
    report = run_collect([Source(server.url("/page"), SourceKind.PAGE)], store, strict)
    assert report.errors == {"ingest.blocked_address": 1}
    assert server.requests == []  # nothing, not even robots.txt, reached the server


def test_a_redirect_to_a_private_address_is_refused(options: FetchOptions) -> None:
    # A public-looking first hop cannot be served here, so check the hop rule directly:
    # every hop goes through the same address check as the first request.
    strict = replace(options, allow_private_addresses=False)
    for url in (
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]:8080/",
        "http://10.1.2.3/",
    ):
        with pytest.raises(BlockedAddressError):
            fetch(url, strict)


def test_robots_txt_is_honoured_and_its_crawl_delay_spaces_requests(
    server: LoopbackServer, store: SQLiteStore, options: FetchOptions
) -> None:
    server.routes["/robots.txt"] = Reply(
        200,
        b"User-agent: *\nDisallow: /private/\nCrawl-delay: 0.3\n",
        {"Content-Type": "text/plain"},
    )
    server.routes["/private/page"] = Reply(200, ARTICLE, HTML)
    server.serve_pages()
    sources = [Source(server.url("/private/page"), SourceKind.PAGE)] + [
        Source(server.url(path), SourceKind.PAGE) for path in PAGES
    ]
    report = run_collect(sources, store, options)
    assert report.errors == {"ingest.robots_disallowed": 1}
    assert report.counts["ingest.new"] == 3
    assert server.hits("/private/page") == []
    times = sorted(r.at for r in server.requests if r.path in PAGES)
    assert all(b - a >= 0.25 for a, b in itertools.pairwise(times))
    # Cached in the store: the next run does not ask for robots.txt again.
    run_collect(sources, store, options)
    assert len(server.hits("/robots.txt")) == 1


def test_unreadable_robots_txt_stops_fetching_from_that_site(
    server: LoopbackServer, store: SQLiteStore, options: FetchOptions
) -> None:
    server.routes["/robots.txt"] = Reply(503, b"")
    server.routes["/page"] = Reply(200, ARTICLE, HTML)
    report = run_collect([Source(server.url("/page"), SourceKind.PAGE)], store, options)
    assert report.errors == {"ingest.robots_unreadable": 1}
    assert server.hits("/page") == []


def test_user_agent_names_the_operator(server: LoopbackServer, options: FetchOptions) -> None:
    server.routes["/page"] = Reply(200, ARTICLE, HTML)
    fetch(server.url("/page"), options)
    agent = server.hits("/page")[0].headers["user-agent"]
    assert agent.startswith("newsdesk/") and "ingest-tests@example.org" in agent


def test_per_host_concurrency_is_limited(server: LoopbackServer, options: FetchOptions) -> None:
    active = {"now": 0, "most": 0}

    def slow(request: Request) -> Reply:
        active["now"] += 1
        active["most"] = max(active["most"], active["now"])
        time.sleep(0.1)
        active["now"] -= 1
        return Reply(200, ARTICLE, HTML)

    for n in range(8):
        server.routes[f"/p{n}"] = slow

    async def go() -> None:
        async with Fetcher(replace(options, concurrency_per_host=2)) as fetcher:
            await asyncio.gather(*(fetcher.get(server.url(f"/p{n}")) for n in range(8)))

    asyncio.run(go())
    assert active["most"] == 2


def test_every_redirect_hop_is_checked(
    server: LoopbackServer, options: FetchOptions, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Let the first hop's address (127.0.0.1) count as public for this test only; the
    # redirect then points at 127.0.0.2, another loopback address, which must be refused.
    def first_hop_public(address: str) -> bool:
        return address == "127.0.0.1"

    monkeypatch.setattr(addresses, "is_public", first_hop_public)
    monkeypatch.setattr(http_module, "is_public", first_hop_public)
    port = server.base.rsplit(":", 1)[1]
    server.routes["/hop"] = Reply(302, b"", {"Location": f"http://127.0.0.2:{port}/page"})
    server.routes["/page"] = Reply(200, ARTICLE, HTML)
    strict = replace(options, allow_private_addresses=False)
    with pytest.raises(BlockedAddressError) as caught:
        fetch(server.url("/hop"), strict)
    assert "127.0.0.2" in str(caught.value)
    assert server.hits("/page") == []


def test_a_missing_contact_warns_once(
    server: LoopbackServer, options: FetchOptions, caplog: pytest.LogCaptureFixture
) -> None:
    server.routes["/page"] = Reply(200, ARTICLE, HTML)
    monkeypatch_flag = http_module._warned_no_contact
    http_module._warned_no_contact = False
    try:
        anonymous = replace(options, contact="")
        with caplog.at_level("WARNING", logger="newsdesk.ingest.http"):
            fetch(server.url("/page"), anonymous)
            fetch(server.url("/page"), anonymous)
        warnings = [r for r in caplog.records if "fetch.contact" in r.getMessage()]
        assert len(warnings) == 1
        assert server.hits("/page")[0].headers["user-agent"].startswith("newsdesk/")
    finally:
        http_module._warned_no_contact = monkeypatch_flag


def test_the_connected_address_is_checked_too(
    server: LoopbackServer, options: FetchOptions, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As if the name had resolved to a public address for the check and to loopback for
    # the connection (DNS rebinding): the peer check refuses the response.
    def passed_the_check(url: str, host: str, addresses: object) -> None:
        return None

    monkeypatch.setattr(http_module, "refuse_private", passed_the_check)
    server.routes["/robots.txt"] = Reply(200, b"User-agent: *\nAllow: /\n")
    server.routes["/page"] = Reply(200, ARTICLE, HTML)
    with pytest.raises(BlockedAddressError) as caught:
        fetch(server.url("/page"), replace(options, allow_private_addresses=False))
    assert "connected to 127.0.0.1" in str(caught.value)
