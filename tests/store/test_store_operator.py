"""The store's parts for export, the operator's controls and mail, on both engines."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from newsdesk.models import (
    Article,
    Draft,
    NoteKind,
    RawDocument,
    Sentence,
    Source,
    SourceKind,
    StoryNote,
    StoryStatus,
    StoryVersion,
)
from newsdesk.store import open_store
from newsdesk.store.base import Store
from newsdesk.store.records import DigestRecord

T0 = datetime(2025, 3, 4, 7, 0, tzinfo=UTC)


@pytest.fixture(params=["sqlite", "postgres"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    url = str(tmp_path / "t.db") if request.param == "sqlite" else request.getfixturevalue("pg_url")
    opened = open_store(url)
    yield opened
    opened.close()


def written_story(store: Store, n: int, at: datetime = T0, dated: bool = True) -> int:
    """A story of one article (fetched an hour before it is dated), with one version."""
    raw_id, _ = store.add_raw(
        RawDocument(
            key=f"k{n}",
            url=f"https://a.example/{n}",
            final_url=f"https://a.example/{n}",
            status=200,
            headers={},
            body=b"<html></html>",
            fetched_at=at - timedelta(hours=1),
        )
    )
    article_id = store.save_article(
        Article(
            url=f"https://a.example/{n}",
            title=f"Title {n}",
            paragraphs=("Text.",),
            published_at=at if dated else None,
            raw_id=raw_id,
        )
    )
    story_id = store.create_story(at)
    store.add_to_story(story_id, article_id, at)
    draft = Draft(f"Headline {n}", Sentence("Lead.", (article_id,)), ())
    store.save_version(StoryVersion(story_id, 1, draft, at, (article_id,)), {"outlets": []})
    return story_id


def test_pages_of_stories_skip_merged_suppressed_and_unwritten(store: Store) -> None:
    ids = [written_story(store, n, T0 + timedelta(hours=n)) for n in range(5)]
    bare = store.create_story(T0)  # never written
    store.merge_stories(ids[0], [ids[1]], T0)
    note = StoryNote(ids[2], NoteKind.SUPPRESSION, "Legal.", 1, T0)
    store.add_story_note(note, StoryStatus.SUPPRESSED)
    assert [s.id for s in store.stories_page(0, 10)] == [ids[0], ids[3], ids[4]]
    assert [s.id for s in store.stories_page(ids[0], 1)] == [ids[3]]
    later = store.stories_page(0, 10, since=T0 + timedelta(hours=4))
    assert [s.id for s in later] == [ids[4]]
    assert bare not in {s.id for s in store.stories_page(0, 100)}
    members = store.members_of([ids[3], ids[4]])
    assert members[ids[3]][0].fetched_at == T0 + timedelta(hours=2)
    assert set(store.latest_versions([ids[3], ids[4], bare])) == {ids[3], ids[4]}
    assert [line.version for line in store.version_lines([ids[3]])[ids[3]]] == [1]
    assert store.last_version_at() == T0 + timedelta(hours=4)
    assert ids[2] not in {s.story_id for s in store.latest_stories()}


def test_a_note_with_its_version_commits_together_and_stops_rewriting(store: Store) -> None:
    story_id = written_story(store, 1)
    store.mark_published(story_id, 1)
    latest = store.versions(story_id)[-1]
    copy = StoryVersion(
        story_id, 2, latest.draft, T0 + timedelta(hours=1), latest.article_ids, "Retracted: x."
    )
    note = StoryNote(story_id, NoteKind.RETRACTION, "x.", 2, T0 + timedelta(hours=1))
    store.add_story_note(note, StoryStatus.RETRACTED, copy)
    story = store.story(story_id)
    assert story is not None and story.status == StoryStatus.RETRACTED
    assert [v.version for v in store.versions(story_id)] == [1, 2]  # history kept
    assert store.coverage(story_id, 2) == {"outlets": []}
    assert store.story_notes([story_id]) == {story_id: [note]}
    assert store.notes_since(T0 + timedelta(minutes=30)) == [note]
    assert store.notes_since(T0 + timedelta(hours=2)) == []
    assert story_id in store.stories_to_publish()  # the note is published
    raw_id, _ = store.add_raw(
        RawDocument("k9", "https://a.example/9", "https://a.example/9", 200, {}, b"x", T0)
    )
    more = store.save_article(Article("https://a.example/9", "T", ("P.",), T0, raw_id=raw_id))
    store.add_to_story(story_id, more, T0)  # new reporting: a live story would be rewritten
    assert store.stories_to_write() == [] and store.queue_depths()["write"] == 0
    assert store.claim_stories("w1") == []
    with pytest.raises(Exception):  # noqa: B017 - each engine raises its own IntegrityError
        store.add_story_note(note, StoryStatus.LIVE, copy)  # version 2 exists: nothing commits
    story = store.story(story_id)
    assert story is not None and story.status == StoryStatus.RETRACTED
    assert len(store.story_notes([story_id])[story_id]) == 1


def test_blocked_sources(store: Store) -> None:
    store.upsert_source(Source("https://feed.example/rss", SourceKind.FEED, "Feed"))
    assert store.block_source("https://feed.example/rss", "Made-up quotes.", T0)
    assert not store.block_source("https://nowhere.example/", "x", T0)
    store.upsert_source(Source("https://feed.example/rss", SourceKind.FEED, "Renamed"))
    [blocked] = store.blocked_sources()  # a config upsert keeps the block
    assert (blocked.url, blocked.note, blocked.blocked_at) == (
        "https://feed.example/rss",
        "Made-up quotes.",
        T0,
    )
    assert store.unblock_source("https://feed.example/rss")
    assert not store.unblock_source("https://feed.example/rss")
    assert store.blocked_sources() == []


def test_a_digest_is_made_once_and_its_send_starts_once(store: Store) -> None:
    record = DigestRecord("2025-03-04", T0, T0 - timedelta(days=1), T0, '{"x": 1}')
    assert store.save_digest(record)
    assert not store.save_digest(DigestRecord("2025-03-04", T0, T0, T0, '{"y": 2}'))
    assert store.digest("2025-03-04") == record
    assert store.start_digest_send("2025-03-04", T0, ("pending", "failed"))
    assert not store.start_digest_send("2025-03-04", T0, ("pending", "failed"))  # one sender
    store.set_digest_state("2025-03-04", "failed", T0, "refused")
    assert store.start_digest_send("2025-03-04", T0 + timedelta(minutes=5), ("failed",))
    store.set_digest_state("2025-03-04", "sent", T0 + timedelta(minutes=6), message_id="<m@x>")
    sent = store.digest("2025-03-04")
    assert sent is not None
    assert (sent.send_state, sent.attempts, sent.last_error) == ("sent", 2, "")
    assert (sent.sent_at, sent.message_id) == (T0 + timedelta(minutes=6), "<m@x>")
    assert sent.last_attempt_at == T0 + timedelta(minutes=5)
    store.save_digest(DigestRecord("2025-03-05", T0, T0, T0, "{}", "unsent"))
    assert [d.day for d in store.digests()] == ["2025-03-05", "2025-03-04"]


def test_one_open_alert_per_condition(store: Store) -> None:
    assert store.fire_alert("no_publication", "quiet", T0)
    assert not store.fire_alert("no_publication", "still quiet", T0 + timedelta(hours=1))
    [alert] = store.open_alerts()
    store.mark_alert_sent(alert.id, recovery=False, at=T0)
    store.resolve_alert(alert.id, T0 + timedelta(hours=2))
    [resolved] = store.open_alerts()  # its recovery is still to be told
    assert resolved.resolved_at == T0 + timedelta(hours=2) and resolved.recovery_sent_at is None
    assert store.fire_alert("no_publication", "quiet again", T0 + timedelta(hours=3))
    store.mark_alert_sent(alert.id, recovery=True, at=T0 + timedelta(hours=3))
    [again] = store.open_alerts()
    assert again.detail == "quiet again" and again.id != alert.id
