"""Two pipeline workers against one real PostgreSQL database.

Both run the whole pipeline on the former demo sample (tests/fixtures/sample) at the same
time, each in its own thread with its own connection, taking work in small claims so that
they interleave. The test shows that no raw document is extracted twice and none is left,
that every story version is written once, and that the store ends as one worker alone leaves
it.
"""

from __future__ import annotations

import json
import threading
from collections import Counter
from pathlib import Path
from typing import Any

from newsdesk.config import load_config
from newsdesk.models import RunReport
from newsdesk.pipeline import run
from newsdesk.store import open_store
from newsdesk.store.base import Store
from sample_config import write_sample_config


def config_for(folder: Path, store_url: str) -> Any:
    return load_config(write_sample_config(folder, store_url), env={})


def work_until_done(config: Any, name: str, start: threading.Barrier) -> list[RunReport]:
    """One worker: runs until every queue is empty, as `watch` would over a few runs."""
    store = open_store(config.store_url)
    reports = []
    try:
        start.wait(timeout=60)
        for _ in range(20):
            reports.append(run(config, store, worker=name, claim_batch=3))
            if not any(store.queue_depths().values()):
                break
    finally:
        store.close()
    return reports


def snapshot(store: Store) -> dict[str, Any]:
    """Articles, duplicate links and stories (members and every version), by URL."""
    articles = store.recent_articles(since=None, limit=10**6)
    url_of = {a.id: a.url for a in articles}
    stories = {}
    for story_id in {store.story_of(a.id) for a in articles if a.id is not None}:
        assert story_id is not None
        members = sorted(url_of[m.article.id] for m in store.story_members(story_id))
        stories[tuple(members)] = [
            (
                v.draft.headline,
                [(s.text, sorted(url_of[i] for i in s.sources)) for s in v.draft.sentences()],
            )
            for v in store.versions(story_id)
        ]
    return {
        "articles": sorted((a.url, a.title, a.paragraphs) for a in articles),
        "duplicates": sorted(
            (a.url, url_of[d])
            for a in articles
            if a.id is not None and (d := store.duplicate_of(a.id)) is not None
        ),
        "stories": stories,
        # What extraction learnt of each outlet's recurring lines: workers add to it.
        "boilerplate": json.loads(store.outlet_boilerplate() or "{}"),
        "problems": store.integrity_problems(),
        "queues": store.queue_depths(),
    }


def test_two_workers_process_every_item_once(pg_server: Any, tmp_path: Path) -> None:
    alone = config_for(tmp_path / "alone", pg_server.new_database())
    [alone_report] = work_until_done(alone, "alone", threading.Barrier(1))
    store = open_store(alone.store_url)
    expected = snapshot(store)
    store.close()
    assert alone_report.counts["extract.articles"] == 31
    assert len(expected["stories"]) >= 11

    shared = config_for(tmp_path / "shared", pg_server.new_database())
    start = threading.Barrier(2)
    results: dict[str, list[RunReport]] = {}
    errors: list[BaseException] = []

    def worker(name: str) -> None:
        try:
            results[name] = work_until_done(shared, name, start)
        except BaseException as exc:  # shown by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(n,)) for n in ("a", "b")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=600)
    assert not errors, errors
    totals: Counter[str] = Counter()
    for reports in results.values():
        for report in reports:
            totals.update(report.counts)
            totals.update(report.errors)
    # Both workers took part, and every raw document was extracted exactly once.
    assert all(
        sum(r.counts.get("extract.articles", 0) for r in reports) for reports in results.values()
    ), {n: [r.counts for r in reports] for n, reports in results.items()}
    assert totals["extract.articles"] == alone_report.counts["extract.articles"]
    assert totals["extract.same_url"] == alone_report.counts.get("extract.same_url", 0)
    assert totals["ingest.new"] == 31
    # Every version written once: as many writes as stored versions, as many as alone.
    store = open_store(shared.store_url)
    got = snapshot(store)
    assert totals["write.versions"] == store.counts()["story_versions"]
    assert totals["write.versions"] == alone_report.counts["write.versions"]
    assert store.counts()["raw_documents"] == 31
    store.close()
    assert got["problems"] == [] and not any(got["queues"].values())
    assert got == expected


def test_a_sqlite_store_is_worked_alone(tmp_path: Path) -> None:
    config = config_for(tmp_path, str(tmp_path / "newsdesk.db"))
    store = open_store(config.store_url)
    report = run(config, store, worker="w", claim_batch=3)
    assert not store.shared
    assert report.counts["extract.articles"] == 31
    assert not [k for k in report.counts if k.startswith(("busy.", "not_ready."))]
    store.close()


def test_a_stopped_worker_gives_back_its_claims(pg_server: Any, tmp_path: Path) -> None:
    """What SIGTERM does to `watch`: the run stops between items and releases the rest."""
    config = config_for(tmp_path, pg_server.new_database())
    store, observer = open_store(config.store_url), open_store(config.store_url)
    stop = threading.Event()
    held: list[int] = []

    def claimed() -> int:
        sql = "SELECT COUNT(*) FROM raw_documents WHERE claimed_by IS NOT NULL"
        return int(observer.conn.execute(sql).fetchone()[0])  # type: ignore[attr-defined]

    def progress(stage: str, done: int, total: int) -> None:
        if stage == "extract" and done == 2:
            held.append(claimed())
            stop.set()

    report = run(
        config, store, worker="w", claim_batch=5, progress=progress, should_stop=stop.is_set
    )
    assert held == [3]  # mid-batch: the claim minus the two items done
    assert report.counts["extract.articles"] == 2
    assert report.counts["stopped_before.dedupe"] == 1
    assert claimed() == 0
    assert observer.conn.execute("SELECT COUNT(*) FROM leases").fetchone()[0] == 0  # type: ignore[attr-defined]
    # Another worker takes the rest at once, without waiting for the lease to run out.
    other = run(config, observer, worker="v", claim_batch=5)
    assert other.counts["extract.articles"] == 29
    store.close()
    observer.close()
