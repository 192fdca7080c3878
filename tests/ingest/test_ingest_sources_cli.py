"""`newsdesk sources ...` through click's CliRunner, against the loopback server."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from ingest_loopback import LoopbackServer, Reply

from newsdesk.cli import main
from newsdesk.config import load_config
from newsdesk.ingest import collect, sources_to_read
from newsdesk.ingest.http import FetchOptions
from newsdesk.models import RunReport
from newsdesk.store import open_store

OPML = Path(__file__).parent.parent / "fixtures" / "ingest" / "opml"


@pytest.fixture
def config(tmp_path: Path, server: LoopbackServer) -> Path:
    path = tmp_path / "newsdesk.toml"
    path.write_text(
        f"""
[store]
url = "newsdesk.db"

[fetch]
contact = "cli-tests@example.org"
allow_private_addresses = true
delay_per_host = 0.0
read_timeout = 0.5
timeout = 3.0

[[sources]]
url = "{server.url("/rss20.xml")}"
kind = "feed"
name = "Configured feed"
""",
        encoding="utf-8",
    )
    return path


def cli(config: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, [*args[:2], "--config", str(config), *args[2:]])
    return result.exit_code, result.output


def test_add_detects_each_kind_and_says_what_it_found(server: LoopbackServer, config: Path) -> None:
    server.serve_feed("/atom.xml", "atom.xml", "application/atom+xml")
    server.routes["/sitemap.xml"] = Reply(
        200, server.fixture("sitemap-news.xml"), {"Content-Type": "text/xml"}
    )
    server.routes["/"] = Reply(200, server.fixture("front.html"), {"Content-Type": "text/html"})
    server.serve_pages()
    expected = {
        "/atom.xml": "added feed: {url} (Loopback Atom Desk): a feed of 2 items",
        "/sitemap.xml": "added sitemap: {url}: a sitemap of 2 pages",
        "/": "added front_page: {url} (Loopback Auto News - Home): a front page with the feed "
        + server.url("/rss20.xml"),
        "/news/vw-space-vizzion.html": "added page: {url} (The VW ID. SPACE VIZZION is a weird EV "
        "sports wagon with a secret message - SlashGear): an article page",
    }
    for path, line in expected.items():
        code, out = cli(config, "sources", "add", server.url(path))
        assert code == 0, out
        assert out.strip() == line.format(url=server.url(path))
    code, out = cli(config, "sources", "list")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split()[:3] == ["feed", "config", server.url("/rss20.xml")]
    assert [line.split()[:2] for line in lines[1:]] == [
        ["feed", "cli"], ["sitemap", "cli"], ["front_page", "cli"], ["page", "cli"]
    ]  # fmt: skip


def test_add_with_an_interval_is_listed_and_scheduled(server: LoopbackServer, config: Path) -> None:
    from newsdesk.watch import interval_of

    server.serve_feed("/atom.xml", "atom.xml", "application/atom+xml")
    code, out = cli(config, "sources", "add", server.url("/atom.xml"), "--interval", "15")
    assert code == 0, out
    code, out = cli(config, "sources", "list", "--json")
    rows = {row["url"]: row for row in map(json.loads, out.splitlines())}
    assert rows[server.url("/atom.xml")]["interval_minutes"] == 15.0
    assert rows[server.url("/rss20.xml")]["interval_minutes"] is None
    store = open_store(load_config(config).store_url)
    try:
        (added,) = store.managed_sources()
    finally:
        store.close()
    assert interval_of(added, timedelta(hours=1)) == timedelta(minutes=15)
    code, out = cli(config, "sources", "add", server.url("/x.xml"), "--interval", "0")
    assert code != 0 and "--interval" in out


def test_add_a_url_that_fails_says_why(server: LoopbackServer, config: Path) -> None:
    code, out = cli(config, "sources", "add", server.url("/missing"))
    assert code == 1
    assert "http_404" in out


def test_remove_only_cli_sources(server: LoopbackServer, config: Path) -> None:
    server.serve_feed("/atom.xml", "atom.xml", "application/atom+xml")
    assert cli(config, "sources", "add", server.url("/atom.xml"))[0] == 0
    code, out = cli(config, "sources", "remove", server.url("/rss20.xml"))
    assert code == 1 and "remove it there" in out
    code, out = cli(config, "sources", "remove", server.url("/atom.xml"))
    assert code == 0 and out.strip() == f"removed {server.url('/atom.xml')}"
    code, out = cli(config, "sources", "remove", server.url("/atom.xml"))
    assert code == 1 and "no source" in out


def test_check_shows_health_after_a_run(server: LoopbackServer, config: Path) -> None:
    server.serve_feed("/rss20.xml", "rss20.xml", "application/rss+xml")
    server.serve_pages()
    server.routes["/broken.xml"] = Reply(500, b"down")
    assert cli(config, "sources", "add", server.url("/broken.xml"), "--kind", "feed")[0] == 0
    loaded = load_config(config, must_exist=True)
    store = open_store(loaded.store_url)
    try:
        report = RunReport(started_at=datetime.now(UTC))
        store.start_run(report)
        collect(
            sources_to_read(loaded.sources, store), store, report, FetchOptions.from_config(loaded)
        )
    finally:
        store.close()
    assert report.counts["ingest.new"] == 3 and report.errors == {"ingest.http_500": 1}
    code, out = cli(config, "sources", "check")
    assert code == 0
    assert "status: ok" in out and "status: backing off" in out
    assert "last error: http_500 (Internal Server Error)" in out
    assert "next attempt: " in out
    code, out = cli(config, "sources", "check", "--json")
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["status"] for r in rows] == ["ok", "backing off"]
    nxt = datetime.fromisoformat(rows[1]["next_attempt"])
    assert timedelta(minutes=4) < nxt - datetime.now(UTC) <= timedelta(minutes=5)


def test_import_and_export_opml(server: LoopbackServer, config: Path, tmp_path: Path) -> None:
    code, out = cli(config, "sources", "import-opml", str(OPML / "lowercase-no-head.opml"))
    assert code == 0
    assert out.strip().endswith("imported 2 sources from " + str(OPML / "lowercase-no-head.opml")
                                + ", skipped 2 outlines without a feed")  # fmt: skip
    target = tmp_path / "out.opml"
    code, _ = cli(config, "sources", "export-opml", "--output", str(target))
    assert code == 0
    text = target.read_text(encoding="utf-8")
    for url in (server.url("/rss20.xml"), "http://classic.example.net/rss091.xml"):
        assert f'xmlUrl="{url}"' in text
    code, out = cli(config, "sources", "import-opml", str(OPML / "feedly.opml"))
    assert code == 0 and "imported 3 sources" in out
    code, out = cli(config, "sources", "import-opml", str(OPML.parent / "feeds" / "rss20.xml"))
    assert code == 1 and "not an OPML file" in out


def test_run_reads_a_source_added_with_the_cli(server: LoopbackServer, config: Path) -> None:
    server.serve_feed("/rss20.xml", "rss20.xml", "application/rss+xml")
    server.serve_feed("/atom.xml", "atom.xml", "application/atom+xml")
    server.serve_pages()
    assert cli(config, "sources", "add", server.url("/atom.xml"))[0] == 0
    code, out = cli(config, "run", "--json")
    assert code == 0, out
    report = json.loads(out.strip().splitlines()[-1])
    # rss20 (config) has three items, the CLI-added atom feed two of the same pages.
    assert report["counts"]["ingest.feeds_read"] == 2
    assert report["counts"]["ingest.new"] == 5
    assert report["counts"]["extract.articles"] >= 1
    assert server.hits("/atom.xml")
