import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from newsdesk.errors import StoreError
from newsdesk.models import (
    Article,
    Draft,
    RawDocument,
    RunReport,
    Sentence,
    Source,
    SourceKind,
    StoryVersion,
    VerifyReport,
)
from newsdesk.store import SQLiteStore
from newsdesk.store.sqlite import migrations

T0 = datetime(2025, 1, 24, 12, 0, tzinfo=UTC)


def raw(key: str, body: bytes = b"<html>x</html>") -> RawDocument:
    return RawDocument(
        key=key, url=key, final_url=key, status=200, headers={"a": "b"}, body=body, fetched_at=T0
    )


def article(raw_id: int, url: str, title: str = "T", when: datetime = T0) -> Article:
    return Article(
        url=url,
        title=title,
        paragraphs=("One.", "Two."),
        published_at=when,
        site_name="Outlet",
        raw_id=raw_id,
    )


@pytest.fixture
def store(tmp_path: Path) -> SQLiteStore:
    return SQLiteStore(tmp_path / "t.db")


def test_pragmas_and_migrations(store: SQLiteStore, tmp_path: Path) -> None:
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    applied = [r[0] for r in store.conn.execute("SELECT number FROM schema_migrations")]
    assert applied == [m[0] for m in migrations()]
    # Opening again applies nothing twice.
    again = SQLiteStore(tmp_path / "t.db")
    assert again.migrate() == []


def test_raw_identity_is_the_key_and_changes_are_detected(store: SQLiteStore) -> None:
    first, changed = store.add_raw(raw("https://a.example/1"))
    assert changed
    same, changed = store.add_raw(raw("https://a.example/1"))
    assert (same, changed) == (first, False)
    assert [d.key for d in store.pending_raw()] == ["https://a.example/1"]
    store.mark_extracted(first)
    assert store.pending_raw() == []
    updated, changed = store.add_raw(raw("https://a.example/1", b"<html>new</html>"))
    assert (updated, changed) == (first, True)
    assert store.pending_raw()[0].body == b"<html>new</html>"


def test_article_update_keeps_id_and_marks_story(store: SQLiteStore) -> None:
    rid, _ = store.add_raw(raw("k1"))
    aid = store.save_article(article(rid, "https://a.example/1"))
    store.mark_duplicate(aid, None)
    sid = store.create_story(T0)
    store.add_to_story(sid, aid, T0)
    store.save_version(
        StoryVersion(sid, 1, Draft("H", Sentence("S.", (aid,)), ()), T0, (aid,)), None
    )
    assert store.stories_to_write() == []
    again = store.save_article(article(rid, "https://a.example/1", title="New"))
    assert again == aid
    assert store.articles([aid])[0].title == "New"
    assert store.stories_to_write() == [sid]


def test_foreign_keys_are_enforced(store: SQLiteStore) -> None:
    with pytest.raises(sqlite3.IntegrityError):
        store.save_article(article(999, "https://a.example/x"))


def test_stories_duplicates_merges_and_versions(store: SQLiteStore) -> None:
    ids = []
    for n in range(3):
        rid, _ = store.add_raw(raw(f"k{n}"))
        ids.append(
            store.save_article(article(rid, f"https://a.example/{n}", when=T0 + timedelta(hours=n)))
        )
    store.mark_duplicate(ids[0], None)
    store.mark_duplicate(ids[1], None)
    store.mark_duplicate(ids[2], ids[0])
    assert [a.id for a in store.pending_cluster()] == ids
    s1, s2 = store.create_story(T0), store.create_story(T0)
    store.add_to_story(s1, ids[0], T0)
    store.add_to_story(s2, ids[1], T0 + timedelta(hours=1))
    store.add_to_story(s1, ids[2], T0)
    members = store.story_members(s1)
    assert [(m.article.id, m.republished_by) for m in members] == [(ids[0], (ids[2],))]
    open_now = dict(store.open_stories(since=T0 - timedelta(hours=1)))
    assert [a.id for a in open_now[s1]] == [ids[0]]
    store.merge_stories(s1, [s2], T0 + timedelta(hours=2))
    assert store.resolve_story(s2) == s1
    assert store.stories_to_write() == [s1]
    draft = Draft("Headline", Sentence("Summary.", (ids[0],)), ((Sentence("Body.", (ids[1],)),),))
    report = VerifyReport(checked_claims=2, supported_claims=2)
    store.save_version(
        StoryVersion(s1, 1, draft, T0, (ids[0], ids[1]), "First.", report), {"outlets": []}
    )
    store.save_version(StoryVersion(s1, 2, draft, T0, (ids[0], ids[1]), "Again.", None), None)
    versions = store.versions(s1)
    assert [v.version for v in versions] == [1, 2]
    assert versions[0].draft == draft and versions[0].report == report
    assert store.coverage(s1, 1) == {"outlets": []}
    assert store.stories_to_publish() == [s1]
    store.mark_published(s1, 2)
    assert store.stories_to_publish() == []
    latest = store.latest_stories()
    assert [(s.story_id, s.version, s.article_count) for s in latest] == [(s1, 2, 3)]
    with pytest.raises(sqlite3.IntegrityError):
        store.save_version(StoryVersion(s1, 2, draft, T0, ()), None)


def test_transaction_rolls_back_everything(store: SQLiteStore) -> None:
    with pytest.raises(RuntimeError), store.transaction():
        store.add_raw(raw("k1"))
        store.upsert_source(Source("https://a.example/feed", SourceKind.FEED))
        raise RuntimeError("boom")
    assert store.counts()["raw_documents"] == 0
    assert store.list_sources() == []


def test_runs_errors_and_state(store: SQLiteStore) -> None:
    report = RunReport(started_at=T0)
    store.start_run(report)
    report.count("extract.articles", 3)
    report.error("extract.too_short")
    report.finished_at = T0
    store.finish_run(report)
    store.record_item_error(report.id, "extract", "https://a.example/x", "too_short", "12 words")
    [saved] = store.runs()
    assert saved.counts == {"extract.articles": 3} and saved.errors == {"extract.too_short": 1}
    store.put_state("k", "v1")
    store.put_state("k", "v2")
    assert store.get_state("k") == "v2" and store.get_state("missing") is None


def test_unopenable_store_is_one_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreError, match="cannot open the store"):
        SQLiteStore(bad)


def test_integrity_check_finds_what_is_wrong(store: SQLiteStore) -> None:
    assert store.integrity_problems() == []
    rid, _ = store.add_raw(raw("k1"))
    aid = store.save_article(article(rid, "https://a.example/1"))
    store.mark_duplicate(aid, None)
    sid = store.create_story(T0)
    store.add_to_story(sid, aid, T0)
    store.save_version(
        StoryVersion(sid, 1, Draft("H", Sentence("S.", (aid, 999)), ()), T0, (aid,)), None
    )
    rid2, _ = store.add_raw(raw("k2"))
    store.mark_extracted(rid2)  # marked done, but no article and no reason: lost work
    problems = store.integrity_problems()
    assert problems == [
        "1 raw documents marked extracted with no article and no reason",
        f"story {sid} version 1 cites articles it does not list: [999]",
    ]
