"""A story an operator retracted or suppressed takes no more articles: the cluster stage
closes it in its window (as it closes a quiet story), in the batch's transaction, so that a
new report of its event opens a new story and a killed run resumes to the same window.

Texts: the AllSides stream slice ``tests/fixtures/datasets/allsides-stream-sagas`` (the
three reports of the Gaza war's ground attack, May 2021), with the stream's dates.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from newsdesk import pipeline
from newsdesk.cluster import ClusterOptions, state_of_rows, state_rows
from newsdesk.controls import apply_note
from newsdesk.evaluate.clustering import record_to_article
from newsdesk.evaluate.data import iter_records
from newsdesk.models import (
    Article,
    Draft,
    NoteKind,
    RawDocument,
    RunReport,
    Sentence,
    StoryVersion,
)
from newsdesk.pipeline import clustering
from newsdesk.store.sqlite import SQLiteStore

DATASETS = Path(__file__).resolve().parent / "fixtures" / "datasets"
T0 = datetime(2021, 5, 12, tzinfo=UTC)


def ground_reports() -> list[Article]:
    """The ground attack's three reports, oldest first."""
    found = [
        record_to_article(r, n + 1)
        for n, r in enumerate(iter_records(DATASETS / "allsides-stream-sagas"))
        if r["cluster_id"] == "as-6045"
    ]
    assert len(found) == 3
    return sorted(found, key=lambda a: a.published_at or T0)


def ingest(store: SQLiteStore, articles: list[Article]) -> list[int]:
    ids = []
    for article in articles:
        raw = RawDocument(article.url, article.url, article.url, 200, {}, b"<p>x</p>", T0)
        raw_id, _ = store.add_raw(raw)
        ids.append(store.save_article(replace(article, raw_id=raw_id, id=None)))
    pipeline.run_dedupe(store, timedelta(days=7), RunReport(started_at=T0))
    return ids


def cluster_run(store: SQLiteStore) -> None:
    pipeline.run_cluster(store, ClusterOptions(), RunReport(started_at=T0))


def first_two_clustered(tmp_path: Path, name: str) -> tuple[SQLiteStore, int, Article]:
    """A store whose first two reports made one story, with a version; and the third."""
    store = SQLiteStore(tmp_path / name)
    *first, third = ground_reports()
    ids = ingest(store, first)
    cluster_run(store)
    story = store.story_of(ids[0])
    assert story is not None and store.story_of(ids[1]) == story
    draft = Draft("Israel attacks Gaza", Sentence("Troops attacked.", (ids[0],)), ())
    store.save_version(StoryVersion(story, 1, draft, T0, (ids[0],)), None)
    return store, story, third


def window_rows(store: SQLiteStore) -> object:
    return state_rows(state_of_rows(store.cluster_window()))


def test_without_a_control_the_third_report_joins_its_story(tmp_path: Path) -> None:
    store, story, third = first_two_clustered(tmp_path, "live.db")
    [third_id] = ingest(store, [third])
    cluster_run(store)
    assert store.story_of(third_id) == story  # the texts are one event: the control decides
    store.close()


@pytest.mark.parametrize("kind", [NoteKind.RETRACTION, NoteKind.SUPPRESSION])
def test_a_retracted_or_suppressed_story_takes_no_more_articles(
    tmp_path: Path, kind: NoteKind
) -> None:
    store, story, third = first_two_clustered(tmp_path, "db.sqlite")
    apply_note(store, story, kind, "The attack was misreported.", T0)
    [third_id] = ingest(store, [third])
    cluster_run(store)
    new = store.story_of(third_id)
    assert new is not None and new != story  # a new story, read and written afresh
    found = store.story(story)
    assert found is not None and len(found.article_ids) == 2
    window = state_of_rows(store.cluster_window())
    assert story not in window.stories and new in window.stories
    assert not {a for a, m in window.members.items() if m.story_id == story}
    store.close()


def test_a_run_killed_after_the_control_resumes_to_the_same_window(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    done, _, third = first_two_clustered(tmp_path, "uninterrupted.db")
    killed, story, _ = first_two_clustered(tmp_path, "killed.db")
    for store in (done, killed):
        apply_note(store, story, NoteKind.RETRACTION, "Misreported.", T0)
        ingest(store, [third])
    cluster_run(done)

    real = clustering._link_storylines

    def kill(*args: object, **kwargs: object) -> int:
        raise KeyboardInterrupt  # a kill inside the batch's transaction

    monkeypatch.setattr(clustering, "_link_storylines", kill)
    with pytest.raises(KeyboardInterrupt):
        cluster_run(killed)
    assert story in state_of_rows(killed.cluster_window()).stories  # nothing was kept
    monkeypatch.setattr(clustering, "_link_storylines", real)
    cluster_run(killed)  # the resume
    assert story not in state_of_rows(killed.cluster_window()).stories
    assert window_rows(killed) == window_rows(done)
    assert [killed.story_of(a.id or 0) for a in killed.recent_articles(since=None)] == [
        done.story_of(a.id or 0) for a in done.recent_articles(since=None)
    ]
    done.close()
    killed.close()
