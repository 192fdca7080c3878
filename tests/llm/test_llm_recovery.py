"""Recovery (issue 21, item 5): stories that fell back are written by the model later.

Whole runs of the pipeline on the bundled sample, with the scripted endpoint first
hanging or refusing, then answering faithfully.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from llm_loopback import SAMPLE, ChatServer, Reply, faithful_story, llm_config
from newsdesk.config import load_config
from newsdesk.errors import ConfigError
from newsdesk.models import StoryVersion
from newsdesk.pipeline import run
from newsdesk.store import SQLiteStore
from newsdesk.store.base import Store
from newsdesk.write.persist import StoredReplies

WRITER_BACK = "Written by the language model in place of the extractive writer."
WRITER_GONE = "Written by the extractive writer in place of the language model."


def latest(store: Store) -> list[StoryVersion]:
    return [store.versions(s.story_id)[-1] for s in store.latest_stories(limit=50)]


def test_a_run_with_the_llm_writer_publishes_its_drafts_and_never_pays_twice(
    chat: ChatServer, tmp_path: Path
) -> None:
    chat.script.answer = faithful_story
    config = load_config(llm_config(tmp_path, chat.url), env={})
    store = SQLiteStore(config.store_url)
    first = run(config, store, sources=[SAMPLE])
    versions = latest(store)
    assert first.counts["write.versions"] == len(versions) == len(chat.script.requests) >= 10
    assert "write.fell_back" not in first.counts
    for version in versions:
        assert version.draft.writer == "llm" and version.report is not None
        assert not version.report.fell_back
        assert version.report.checked_claims == version.report.supported_claims > 0
    # Rewriting stories whose sentences did not change (as when a republished copy joins
    # one) takes the accepted replies kept in the store: no request is paid for twice.
    with store.transaction():
        store.conn.execute("UPDATE stories SET needs_writing = 1")
    second = run(config, store, sources=[SAMPLE])
    assert second.counts["write.versions"] == len(versions) == len(chat.script.requests)
    assert {v.draft.writer for v in latest(store)} == {"llm"}


def test_after_an_outage_the_next_run_rewrites_every_story_that_fell_back(
    chat: ChatServer, tmp_path: Path
) -> None:
    chat.script.replies.append(Reply(hang=True))
    config = load_config(llm_config(tmp_path, chat.url, "llm_timeout = 1.0"), env={})
    store = SQLiteStore(config.store_url)
    down = run(config, store, sources=[SAMPLE])
    stories = [s.story_id for s in store.latest_stories(limit=50)]
    assert down.counts["write.fell_back"] == len(stories) >= 10
    assert [r.story_id for r in store.model_retries()] == sorted(stories)
    assert {r.reason for r in store.model_retries()} == {"timeout", "endpoint_unavailable"}

    chat.script.answer = faithful_story  # the endpoint is back
    back = run(config, store, sources=[SAMPLE])
    assert back.counts["write.model_retries"] == back.counts["write.recovered"] == len(stories)
    assert len(chat.script.requests) == 1 + len(stories)
    for story_id in stories:
        first, second = store.versions(story_id)
        assert first.draft.writer == "extractive" and second.draft.writer == "llm"
        assert second.what_changed == WRITER_BACK
        assert second.article_ids == first.article_ids
    assert store.model_retries() == []

    calm = run(config, store, sources=[SAMPLE])
    assert "write.versions" not in calm.counts and len(chat.script.requests) == 1 + len(stories)


def test_a_fallback_version_says_the_writer_changed_and_nothing_else(
    chat: ChatServer, tmp_path: Path
) -> None:
    chat.script.answer = faithful_story
    config = load_config(
        llm_config(tmp_path, chat.url, "llm_timeout = 1.0", "llm_cache_days = 0"), env={}
    )
    store = SQLiteStore(config.store_url)
    run(config, store, sources=[SAMPLE])
    with store.transaction():
        store.conn.execute("UPDATE stories SET needs_writing = 1")
    chat.script.replies.append(Reply(hang=True))  # the endpoint goes down
    run(config, store, sources=[SAMPLE])
    changes = {v.what_changed for v in latest(store)}
    assert changes == {WRITER_GONE}  # no "new figures", no "new headline"
    # Runs while it stays down add no version: the story already has the fallback's.
    chat.script.replies.append(Reply(hang=True))
    quiet = run(config, store, sources=[SAMPLE])
    assert "write.versions" not in quiet.counts and quiet.counts["write.fell_back"] >= 10


def test_a_rejected_draft_is_offered_again_after_its_backoff(
    chat: ChatServer, tmp_path: Path
) -> None:
    def unsupported(request: dict[str, object]) -> str:
        return faithful_story(request).replace('"headline": "', '"headline": "Pete Hegseth: ', 1)

    chat.script.answer = unsupported
    config = load_config(llm_config(tmp_path, chat.url, "llm_retry_minutes = 10"), env={})
    store = SQLiteStore(config.store_url)
    before = datetime.now(UTC)
    first = run(config, store, sources=[SAMPLE])
    stories = len(store.latest_stories(limit=50))
    assert first.counts["write.fell_back.headline_unsupported"] == stories
    retries = store.model_retries()
    assert {(r.attempts, r.reason) for r in retries} == {(1, "headline_unsupported")}
    assert all(r.next_attempt_at >= before + timedelta(minutes=10) for r in retries)

    asked = len(chat.script.requests)
    run(config, store, sources=[SAMPLE])  # not due yet: the model is not asked
    assert len(chat.script.requests) == asked

    for r in retries:  # ten minutes later, and the model does better
        store.queue_model_retry(r.story_id, before, r.reason, r.attempts)
    chat.script.answer = faithful_story
    later = run(config, store, sources=[SAMPLE])
    assert later.counts["write.recovered"] == stories
    assert {v.draft.writer for v in latest(store)} == {"llm"}


def test_stored_replies_expire_and_are_bounded(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "s.db")
    replies = StoredReplies(store, days=30, entries=2)
    for n in range(3):
        replies.put(f"llm:{n}", f"reply {n}", "m", "2")
    assert [replies.get(f"llm:{n}") for n in range(3)] == [None, "reply 1", "reply 2"]
    assert StoredReplies(store, days=0).get("llm:2") is None
    replies.discard("llm:2")
    assert replies.get("llm:2") is None


def test_the_writer_setting_names_a_known_writer_and_the_llm_needs_a_model(
    tmp_path: Path,
) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('[write]\nwriter = "gpt"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="must be one of 'extractive', 'llm', not 'gpt'"):
        load_config(bad, env={})
    config = load_config(llm_config(tmp_path, "http://127.0.0.1:9/v1", model=" "), env={})
    store = SQLiteStore(config.store_url)
    with pytest.raises(ConfigError, match=r"write\.llm_model is empty"):
        run(config, store, sources=[SAMPLE])
    assert store.runs() == []  # refused before anything started
