"""`newsdesk backfill` on a small real archive, against the single-process stages.

The archive is real pages (a folder, one corrupt), a JSONL dump of real NeuS articles
with re-posts and updated copies, and a WARC of real pages: the pages and NeuS items kept
in ``tests/fixtures``. The backfill must leave the store exactly as `newsdesk run`'s
ingest, extract and dedupe stages do: the same articles (by document key), the same
duplicate links, the same extraction outcomes.

Tests that need the engine (Ray) are skipped when it is not installed, unless CI is set:
``.[dev]`` includes Ray, so under CI a missing engine is a failure.
"""

import gzip
import importlib.util
import io
import json
import os
import shutil
import sqlite3
import sys
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from newsdesk.backfill import BackfillOptions, archive_sources, backfill
from newsdesk.backfill_engine import EngineError
from newsdesk.errors import SourceError
from newsdesk.evaluate.data import iter_records
from newsdesk.extract import ExtractOptions
from newsdesk.models import RunReport, SourceKind
from newsdesk.store import SQLiteStore

FIXTURES = Path(__file__).resolve().parent / "fixtures"
PAGES = sorted(FIXTURES.rglob("*.html.gz"), key=lambda p: p.name)  # the 14 pages kept there
NEUS = FIXTURES / "datasets" / "neus-allsides"

HAVE_ENGINE = importlib.util.find_spec("ray") is not None
needs_engine = pytest.mark.skipif(
    not HAVE_ENGINE and not os.environ.get("CI"),
    reason="the backfill engine is not installed (pip install 'newsdesk[backfill]')",
)


def _neus_lines(n: int) -> list[dict[str, Any]]:
    """JSONL records built from real NeuS articles: one per article, plus copies.

    Every fourth item is re-posted under another URL (an exact copy), and every fifth
    appears again with one more paragraph (a near copy), as syndication does.
    """
    lines: list[dict[str, Any]] = []
    for i, item in enumerate(iter_records(NEUS)):
        if i >= n:
            break
        text = "\n".join(f"{a['title']}. {a['text']}" for a in item["articles"])
        record = {
            "url": f"https://archive.example/neus/{item['id']}",
            "title": item["articles"][0]["title"],
            "text": text,
            "site_name": "Archive",
        }
        lines.append(record)
        if i % 4 == 0:
            lines.append({**record, "url": record["url"] + "?syndicated=1"})
        if i % 5 == 0:
            lines.append(
                {
                    **record,
                    "url": record["url"] + "/updated",
                    "text": text + "\nThis story has been updated with more details.",
                }
            )
    return lines


def _warc(path: Path, pages: list[Path]) -> None:
    """A WARC.gz of real pages as crawled responses, each after its request record."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for n, page in enumerate(pages):
            url = f"https://crawl.example/{n}"
            asked = StatusAndHeaders("GET / HTTP/1.1", [], is_http_request=True)
            request = writer.create_warc_record(
                url, "request", payload=io.BytesIO(b""), length=0, http_headers=asked
            )
            writer.write_record(request)
            html = gzip.decompress(page.read_bytes())
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], "HTTP/1.1")
            response = writer.create_warc_record(
                url, "response", payload=io.BytesIO(html), length=len(html), http_headers=headers
            )
            writer.write_record(response)


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """A folder of 8 real pages (one saved twice, one corrupt), a JSONL dump and a WARC.

    The WARC holds 6 more real pages, the first of them also in the folder.
    """
    root = tmp_path_factory.mktemp("archive")
    pages = root / "pages"
    pages.mkdir()
    for page in PAGES[:8]:
        shutil.copy(page, pages / page.name)
    shutil.copy(PAGES[0], pages / ("copy-" + PAGES[0].name))
    (pages / "broken.html.gz").write_bytes(b"this is not gzip at all")
    dump = root / "dump.jsonl"
    lines = [json.dumps(r) for r in _neus_lines(24)]
    lines.insert(5, "{not json")
    dump.write_text("\n".join(lines) + "\n", encoding="utf-8")
    warc = root / "crawl.warc.gz"
    _warc(warc, [PAGES[0], *PAGES[8:13]])
    return [pages, dump, warc]


@pytest.fixture(scope="module")
def engine() -> Iterator[None]:
    """One local Ray for the module; backfill joins it instead of starting its own."""
    import ray

    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield
    ray.shutdown()


def _snapshot(path: Path) -> dict[str, Any]:
    """Articles by raw key, duplicate links as key -> key, and extraction outcomes."""
    conn = sqlite3.connect(path)
    articles = {
        key: (url, title, paragraphs, published, site)
        for key, url, title, paragraphs, published, site in conn.execute(
            "SELECT r.key, a.url, a.title, a.paragraphs, a.published_at, a.site_name "
            "FROM articles a JOIN raw_documents r ON r.id = a.raw_id"
        )
    }
    links = dict(
        conn.execute(
            "SELECT ra.key, ro.key FROM duplicates d "
            "JOIN articles a ON a.id = d.article_id JOIN raw_documents ra ON ra.id = a.raw_id "
            "JOIN articles o ON o.id = d.duplicate_of JOIN raw_documents ro ON ro.id = o.raw_id"
        )
    )
    outcomes = dict(conn.execute("SELECT key, extract_error FROM raw_documents"))
    pending = conn.execute("SELECT COUNT(*) FROM articles WHERE deduped_at IS NULL").fetchone()
    conn.close()
    return {"articles": articles, "links": links, "outcomes": outcomes, "pending": pending[0]}


def _single_process(paths: list[Path], db: Path) -> RunReport:
    from newsdesk import ingest
    from newsdesk.pipeline import run_dedupe, run_extract

    store = SQLiteStore(db)
    report = RunReport(started_at=datetime.now(UTC))
    store.start_run(report)
    sources = [replace(s, id=store.upsert_source(s)) for s in archive_sources(paths)]
    ingest.collect(sources, store, report)
    run_extract(store, ExtractOptions(), report)
    run_dedupe(store, BackfillOptions().dedupe_window, report)
    store.close()
    return report


def test_archive_paths_are_classified_and_unknown_ones_refused(
    archive: list[Path], tmp_path: Path
) -> None:
    kinds = [s.kind for s in archive_sources(archive)]
    assert kinds == [SourceKind.FOLDER, SourceKind.JSONL, SourceKind.WARC]
    with pytest.raises(SourceError, match="no such file"):
        archive_sources([tmp_path / "missing.jsonl"])
    odd = tmp_path / "notes.txt"
    odd.write_text("x", encoding="utf-8")
    with pytest.raises(SourceError, match="not a folder"):
        archive_sources([odd])


def test_without_the_engine_backfill_says_what_to_install(
    archive: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "ray", None)  # what an environment without Ray sees
    store = SQLiteStore(tmp_path / "db.sqlite")
    with pytest.raises(EngineError) as caught:
        backfill(archive, store)
    message = str(caught.value)
    assert "\n" not in message
    assert "pip install 'newsdesk[backfill]'" in message
    assert store.counts().get("raw_documents", 0) == 0


@needs_engine
def test_backfill_matches_the_single_process_stages_and_a_rerun_adds_nothing(
    archive: list[Path], tmp_path: Path, engine: None
) -> None:
    _single_process(archive, tmp_path / "plain.sqlite")
    store = SQLiteStore(tmp_path / "backfill.sqlite")
    options = BackfillOptions(extract=ExtractOptions(), batch_size=4, chunk_size=16)
    first = backfill(archive, store, options)
    assert first.counts["extract.articles"] > 20
    expected = _snapshot(tmp_path / "plain.sqlite")
    got = _snapshot(tmp_path / "backfill.sqlite")
    assert got["articles"] == expected["articles"]
    assert got["links"] == expected["links"]
    assert got["outcomes"] == expected["outcomes"]
    assert got["pending"] == 0
    assert sum(key.startswith("https://crawl.example/") for key in got["articles"]) >= 4
    # The archive's copies were found, the corrupt file and line counted, not fatal.
    assert first.counts["dedupe.duplicates"] >= 6
    assert first.errors["ingest.unreadable"] == 1
    assert first.errors["ingest.bad_json"] == 1
    assert first.counts["extract.articles"] == len(got["articles"])

    before = store.counts()
    second = backfill(archive, store, options)
    after = store.counts()
    assert after.pop("runs") == before.pop("runs") + 1  # the rerun is recorded, nothing else
    assert after == before
    assert "ingest.new" not in second.counts
    assert "extract.articles" not in second.counts
    assert "dedupe.unique" not in second.counts
    assert second.counts["ingest.unchanged"] == first.counts["ingest.new"]
    assert _snapshot(tmp_path / "backfill.sqlite") == got
    store.close()


@needs_engine
def test_backfilled_articles_wait_for_online_clustering(
    archive: list[Path], tmp_path: Path, engine: None
) -> None:
    store = SQLiteStore(tmp_path / "db.sqlite")
    report = backfill(archive, store, BackfillOptions(batch_size=8))
    waiting = store.pending_cluster()
    assert len(waiting) == report.counts["extract.articles"]
    assert not store.pending_dedupe()
    copies = [a for a in waiting if a.id is not None and store.duplicate_of(a.id) is not None]
    assert len(copies) == report.counts["dedupe.duplicates"]
    store.close()


@needs_engine
def test_a_gzipped_dump_given_twice_is_stored_once(
    archive: list[Path], tmp_path: Path, engine: None
) -> None:
    dump = tmp_path / "dump.jsonl.gz"
    with gzip.open(dump, "wt", encoding="utf-8") as fh:
        fh.write(archive[1].read_text(encoding="utf-8"))
    store = SQLiteStore(tmp_path / "db.sqlite")
    report = backfill([dump, dump], store, BackfillOptions(batch_size=8))
    assert report.counts["ingest.new"] == report.counts["ingest.unchanged"]
    store.close()


@needs_engine
def test_cli_backfill_then_run_clusters_and_writes(
    archive: list[Path], tmp_path: Path, engine: None
) -> None:
    from click.testing import CliRunner

    from newsdesk.cli import main

    config = tmp_path / "newsdesk.toml"
    config.write_text(
        '[store]\nurl = "newsdesk.db"\n[backfill]\nbatch_size = 8\n', encoding="utf-8"
    )
    runner = CliRunner()
    args = ["backfill", "--config", str(config), "--json", *map(str, archive)]
    result = runner.invoke(main, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    counts = json.loads(result.output.strip().splitlines()[-1])["counts"]
    assert counts["extract.articles"] > 20
    # The online stages carry on from the store: everything backfilled is clustered,
    # every story written, and nothing is extracted again.
    result = runner.invoke(main, ["run", "--config", str(config), "--json"])
    assert result.exit_code == 0, result.output
    online = json.loads(result.output.strip().splitlines()[-1])["counts"]
    assert "extract.articles" not in online
    assert online["write.versions"] == online["cluster.stories_created"] > 0
    store = SQLiteStore(tmp_path / "newsdesk.db")
    assert not any(store.queue_depths().values())
    assert store.integrity_problems() == []
    store.close()


@needs_engine
def test_backfill_into_a_shared_postgres_store(
    archive: list[Path], tmp_path: Path, engine: None, pg_server: Any
) -> None:
    """On PostgreSQL the backfill is one more worker: it claims, then dedupes under a lease."""
    from newsdesk.store import open_store

    options = BackfillOptions(batch_size=8, chunk_size=16)
    alone = SQLiteStore(tmp_path / "db.sqlite")
    expected = backfill(archive, alone, options)
    alone.close()
    store = open_store(pg_server.new_database())
    got = backfill(archive, store, options)
    assert store.shared
    for key in ("ingest.new", "extract.articles", "dedupe.unique", "dedupe.duplicates"):
        assert got.counts[key] == expected.counts[key], key
    assert got.errors == expected.errors
    depths = store.queue_depths()
    assert depths["extract"] == depths["dedupe"] == 0
    assert depths["cluster"] == got.counts["extract.articles"]
    assert store.integrity_problems() == []
    store.close()


@needs_engine
def test_backfill_embeds_new_articles_on_the_engine_once(
    archive: list[Path], tmp_path: Path, engine: None
) -> None:
    pytest.importorskip("sentence_transformers")
    import numpy as np

    from newsdesk.embed import MODEL_NAME, MiniLMEmbedder, article_text, from_bytes

    store = SQLiteStore(tmp_path / "db.sqlite")
    options = BackfillOptions(batch_size=8, chunk_size=16, embeddings=True)
    report = backfill(archive, store, options)
    unique = [
        a for a in store.pending_cluster() if a.id is not None and store.duplicate_of(a.id) is None
    ]
    kept = store.embeddings(MODEL_NAME, [a.id for a in unique if a.id is not None])
    assert set(kept) == {a.id for a in unique}
    assert report.counts["embed.articles"] == len(unique) > 20
    # The engine's vectors are the model's own, each article's to itself.
    here = MiniLMEmbedder().embed([article_text(a) for a in unique[:4]])
    for a, vector in zip(unique[:4], here, strict=True):
        assert a.id is not None
        assert np.allclose(from_bytes(kept[a.id]), vector, atol=1e-4)
    again = backfill(archive, store, options)
    assert "embed.articles" not in again.counts
    store.close()
