"""Retention (issue 19): old raw bodies and in-between versions go; citations and history stay."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsdesk.cli import main
from newsdesk.config import load_config
from newsdesk.errors import ConfigError
from newsdesk.models import Article, Draft, RawDocument, Sentence, StoryVersion
from newsdesk.publish.options import SiteOptions
from newsdesk.publish.record import one_record
from newsdesk.retention import RetentionOptions
from newsdesk.store import SQLiteStore, open_store
from newsdesk.store.base import Store

SAMPLE = Path(__file__).resolve().parent / "fixtures" / "sample"  # the sample before issue 22
T0 = datetime(2025, 1, 24, 12, 0, tzinfo=UTC)
LONG_AGO = "2020-01-01T00:00:00+00:00"


@pytest.fixture(params=["sqlite", "postgres"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    url = str(tmp_path / "t.db") if request.param == "sqlite" else request.getfixturevalue("pg_url")
    opened = open_store(url)
    yield opened
    opened.close()


def raw(key: str, body: bytes, when: datetime) -> RawDocument:
    return RawDocument(key, key, key, 200, {"etag": "x"}, body, when)


def test_only_old_extracted_bodies_are_dropped_and_their_rows_stay(store: Store) -> None:
    old, fresh, pending = (
        store.add_raw(raw("old", b"<p>old page</p>", T0 - timedelta(days=40)))[0],
        store.add_raw(raw("fresh", b"<p>fresh page</p>", T0 - timedelta(days=2)))[0],
        store.add_raw(raw("pending", b"<p>waiting</p>", T0 - timedelta(days=40)))[0],
    )
    article = store.save_article(Article("old", "Old", ("Text.",), T0, raw_id=old))
    store.mark_extracted(old)
    store.mark_extracted(fresh, "too_short")
    assert store.prune_raw_bodies(T0 - timedelta(days=30), limit=1) == 1
    assert store.prune_raw_bodies(T0 - timedelta(days=30)) == 0  # the rest is kept
    assert store.articles([article])[0].paragraphs == ("Text.",)
    assert [d.id for d in store.pending_raw()] == [pending]  # never pruned before extraction
    assert store.integrity_problems() == []
    # The same page fetched again is still unchanged; a changed one is stored and queued.
    assert store.add_raw(raw("old", b"<p>old page</p>", T0)) == (old, False)
    assert store.add_raw(raw("old", b"<p>new text</p>", T0)) == (old, True)
    assert [d.body for d in store.pending_raw()] == [b"<p>new text</p>", b"<p>waiting</p>"]
    store.mark_extracted(old)
    assert store.prune_raw_bodies(T0) == 1  # stored again, prunable again


def version(story_id: int, n: int, cited: tuple[int, ...], when: datetime) -> StoryVersion:
    draft = Draft(f"Headline {n}", Sentence(f"Summary {n}.", cited), ())
    return StoryVersion(story_id, n, draft, when, cited)


def test_first_latest_and_published_versions_stay(store: Store) -> None:
    article, other = (
        store.save_article(Article(k, k, ("One.",), T0, raw_id=store.add_raw(raw(k, b"x", T0))[0]))
        for k in ("a", "b")
    )
    busy, single = store.create_story(T0), store.create_story(T0)
    store.add_to_story(busy, article, T0)
    store.add_to_story(single, other, T0)
    for n in range(1, 7):  # versions 1-5 long ago, 6 yesterday
        store.save_version(version(busy, n, (article,), T0 - timedelta(days=60 - n)), None)
    store.mark_published(busy, 3)
    store.save_version(version(single, 1, (), T0 - timedelta(days=90)), None)
    assert store.prune_versions(T0 - timedelta(days=30), limit=2) == 2
    assert store.prune_versions(T0 - timedelta(days=30)) == 1
    assert store.prune_versions(T0 - timedelta(days=30)) == 0
    assert [v.version for v in store.versions(busy)] == [1, 3, 6]
    assert [v.version for v in store.versions(single)] == [1]
    assert store.integrity_problems() == []
    assert store.prune_versions(T0) == 0  # 6 is the latest: no age removes it


def make_config(folder: Path, retention: str = "") -> Path:
    path = folder / "newsdesk.toml"
    path.write_text(
        f"[extract]\nmin_words = 25\n{retention}"
        f'[[sources]]\nurl = {json.dumps(str(SAMPLE / "articles.jsonl"))}\nkind = "jsonl"\n'
        f'[[sources]]\nurl = {json.dumps(str(SAMPLE / "pages"))}\nkind = "folder"\n',
        encoding="utf-8",
    )
    return path


def run_counts(config: Path) -> dict[str, int]:
    result = CliRunner().invoke(main, ["run", "--json", "--config", str(config)])
    assert result.exit_code == 0, result.output
    counts: dict[str, int] = json.loads(result.stdout)["counts"]
    return counts


def test_each_run_prunes_and_what_pages_cite_stays(tmp_path: Path) -> None:
    config = make_config(tmp_path, "[retention]\nraw_days = 30\nversion_days = 30\n")
    first = run_counts(config)
    assert first["extract.articles"] == 31 and not [k for k in first if k.startswith("retain")]
    # Forty days on, one story was rewritten twice meanwhile.
    store = SQLiteStore(tmp_path / "newsdesk.db")
    [story, *_] = [s.story_id for s in store.latest_stories(limit=100)]
    [v1] = store.versions(story)
    for n in (2, 3):
        store.save_version(
            StoryVersion(story, n, v1.draft, v1.created_at, v1.article_ids, what_changed=f"{n}"),
            None,
        )
    store.close()
    assert run_counts(config)["publish.pages"] > 0  # its page now lists versions 1 to 3
    page = tmp_path / "site" / "stories" / f"{story}.html"
    assert 'value="2"' in page.read_text(encoding="utf-8")
    with sqlite3.connect(tmp_path / "newsdesk.db") as conn:
        conn.execute("UPDATE raw_documents SET fetched_at = ?", (LONG_AGO,))
        conn.execute("UPDATE story_versions SET created_at = ?", (LONG_AGO,))
    second = run_counts(config)
    assert second["retain.raw_bodies"] == first["ingest.new"] == 31
    assert second["retain.versions"] == 1
    assert "extract.articles" not in second
    store = SQLiteStore(tmp_path / "newsdesk.db")
    try:
        assert store.integrity_problems() == []
        assert [v.version for v in store.versions(story)] == [1, 3]
        # Every article that a kept version cites is there, with its text.
        cited = {
            i
            for s in store.latest_stories(limit=100)
            for v in store.versions(s.story_id)
            for sentence in v.draft.sentences()
            for i in sentence.sources
        }
        assert cited and all(a.paragraphs for a in store.articles(sorted(cited)))
        assert len(store.articles(sorted(cited))) == len(cited)
        body = one_record(store, story, SiteOptions(out_dir=tmp_path / "site"))
        assert body is not None and [v["version"] for v in body["history"]] == [1, 3]
    finally:
        store.close()
    # Its page was written again: it lists only the versions the store holds.
    text = page.read_text(encoding="utf-8")
    assert 'value="3"' in text and 'value="2"' not in text and 'value="1"' in text
    # A third run reads the same pages: nothing is fetched as new or extracted again.
    third = run_counts(config)
    assert "extract.articles" not in third and "ingest.new" not in third
    assert not [k for k in third if k.startswith("retain")]


def test_a_negative_age_is_one_clear_error(tmp_path: Path) -> None:
    config = load_config(make_config(tmp_path, "[retention]\nraw_days = -1\n"), env={})
    with pytest.raises(ConfigError, match=r"retention\.raw_days must be 0"):
        RetentionOptions.from_config(config)
    result = CliRunner().invoke(main, ["run", "--config", str(tmp_path / "newsdesk.toml")])
    assert result.exit_code == 1 and "retention.raw_days must be 0" in result.output
