"""The Store contract, both engines: runs, errors and stage state, typed caches, model
replies and retries, integrity checks, and the cluster window."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta

from contract_rows import T0, raw, stored_article

from newsdesk.models import (
    ClusterWindowRows,
    Draft,
    MemberRow,
    RunReport,
    Sentence,
    StoryRow,
    StoryVersion,
)
from newsdesk.store import CachedRobots, open_store
from newsdesk.store.base import Store
from newsdesk.store.records import ModelRetry


def test_runs_errors_and_state(store: Store) -> None:
    reports = []
    for n in range(3):
        report = RunReport(started_at=T0 + timedelta(minutes=n))
        store.start_run(report)
        report.count("extract.articles", n)
        report.error("extract.too_short")
        report.timings["extract"] = 0.5
        report.finished_at = T0 + timedelta(minutes=n, seconds=30)
        store.finish_run(report)
        reports.append(report)
    store.record_item_error(
        reports[0].id, "extract", "https://a.example/x", "too_short", "x" * 5000
    )
    saved = store.runs(limit=2)
    assert [r.id for r in saved] == [reports[2].id, reports[1].id]
    assert saved[0].counts == {"extract.articles": 2} and saved[0].errors == {
        "extract.too_short": 1
    }
    assert saved[0].finished_at == T0 + timedelta(minutes=2, seconds=30)
    assert saved[0].timings == {"extract": 0.5}
    store.save_llm_reply("k", "v1")
    store.save_llm_reply("k", "v2")
    assert store.llm_reply("k") == "v2" and store.llm_reply("missing") is None
    assert store.counts()["runs"] == 3


def test_state_updates_from_two_connections_lose_nothing(store: Store, url: str) -> None:
    """Two workers adding to the boilerplate model at once: every addition is kept."""
    assert store.outlet_boilerplate() is None
    start = threading.Barrier(2)
    errors: list[BaseException] = []

    def add_one(saved: str | None) -> str:
        value = int(saved or 0)
        time.sleep(0.001)  # widen the read-to-write gap that a lost update needs
        return str(value + 1)

    def worker() -> None:
        other = open_store(url)
        try:
            start.wait(timeout=30)
            for _ in range(40):
                other.update_outlet_boilerplate(add_one)
        except BaseException as exc:  # shown by the assertion below
            errors.append(exc)
        finally:
            other.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors, errors
    assert store.outlet_boilerplate() == "80"
    assert store.update_outlet_boilerplate(lambda saved: f"{saved}!") == "80!"


def test_typed_caches_keep_what_stages_saved(store: Store, url: str) -> None:
    robots = CachedRobots("rules", "User-agent: *\nDisallow: /x\n", T0)
    store.save_robots_cache("https://a.example", robots)
    store.save_robots_cache("https://b.example", CachedRobots("allow_all", "", T0))
    store.save_robots_cache("https://b.example", CachedRobots("disallow_all", "", T0))
    store.save_last_read("https://a.example/feed", T0)
    store.save_last_read("https://a.example/feed", T0 + timedelta(minutes=5))
    store.save_llm_reply("llm:1", '{"headline": "H"}')
    store.save_cluster_watch_lists({3: [1, 2], 7: []})
    other = open_store(url)  # what one connection saved, another reads
    try:
        assert other.robots_cache("https://a.example") == robots
        assert other.robots_cache("https://b.example") == CachedRobots("disallow_all", "", T0)
        assert other.robots_cache("https://c.example") is None
        assert other.last_read("https://a.example/feed") == T0 + timedelta(minutes=5)
        assert other.last_read("https://b.example/feed") is None
        assert other.llm_reply("llm:1") == '{"headline": "H"}'
        assert other.cluster_watch_lists() == {3: [1, 2], 7: []}
    finally:
        other.close()


def test_llm_replies_expire_are_bounded_and_follow_the_prompt_version(store: Store) -> None:
    for n in range(5):
        store.save_llm_reply(f"llm:{n}", f"reply {n}", "m", "2")
        time.sleep(0.002)  # distinct saving times: the oldest go first
    store.save_llm_reply("llm:old", "an older prompt's reply", "m", "1")
    assert store.llm_reply("llm:0") == "reply 0"
    assert store.llm_reply("llm:0", datetime.now(UTC) + timedelta(seconds=1)) is None
    assert store.prune_llm_replies(3, prompt_version="2") == 3  # llm:old, llm:0, llm:1
    assert [store.llm_reply(f"llm:{n}") for n in range(5)] == [
        None,
        None,
        "reply 2",
        "reply 3",
        "reply 4",
    ]
    assert store.prune_llm_replies(10, older_than=datetime.now(UTC) + timedelta(seconds=1)) == 3
    store.save_llm_reply("llm:x", "x")
    store.forget_llm_reply("llm:x")
    assert store.llm_reply("llm:x") is None


def test_model_retries_are_queued_marked_when_due_and_dropped(store: Store) -> None:
    first, second, merged = (store.create_story(T0) for _ in range(3))
    for story in (first, second, merged):
        store.skip_writing(story)
    store.queue_model_retry(first, T0, "timeout", 0)
    store.queue_model_retry(second, T0 + timedelta(hours=1), "too_little_left", 1)
    store.queue_model_retry(merged, T0, "timeout", 0)
    store.merge_stories(second, [merged], T0)
    store.skip_writing(second)
    assert store.model_retry(second) == ModelRetry(
        second, 1, T0 + timedelta(hours=1), "too_little_left"
    )
    assert [r.story_id for r in store.model_retries()] == [first, merged, second]
    assert store.stories_to_write() == []
    assert store.mark_model_retries_due(T0 + timedelta(minutes=1)) == [first]
    assert store.stories_to_write() == [first]
    store.queue_model_retry(first, T0 + timedelta(days=1), "headline_unsupported", 2)
    assert store.model_retry(first) == ModelRetry(
        first, 2, T0 + timedelta(days=1), "headline_unsupported"
    )
    store.drop_model_retry(first)
    assert store.model_retry(first) is None


def test_integrity_check_finds_what_is_wrong(store: Store) -> None:
    assert store.integrity_problems() == []
    aid = stored_article(store, 1)
    store.mark_duplicate(aid, None)
    sid = store.create_story(T0)
    store.add_to_story(sid, aid, T0)
    store.save_version(
        StoryVersion(sid, 1, Draft("H", Sentence("S.", (aid, 999)), ()), T0, (aid,)), None
    )
    rid2, _ = store.add_raw(raw("k2"))
    store.mark_extracted(rid2)
    assert store.integrity_problems() == [
        "1 raw documents marked extracted with no article and no reason",
        f"story {sid} version 1 cites articles it does not list: [999]",
    ]


def test_the_cluster_window_is_kept_as_saved_and_checked(store: Store, url: str) -> None:
    a1, a2, a3 = (stored_article(store, n) for n in (1, 2, 3))
    s1, s2 = store.create_story(T0), store.create_story(T0)
    for aid, sid in ((a1, s1), (a2, s1), (a3, s2)):
        store.mark_duplicate(aid, None)
        store.add_to_story(sid, aid, T0)
    assert store.cluster_window() == ClusterWindowRows()  # never saved
    dense = b"\x00\x00\x80?" * 4
    store.save_cluster_window(
        ClusterWindowRows(
            '{"next_seq": 4}',
            {s1: StoryRow("{}", "a\nb", b"1" * 16, dense), s2: StoryRow("{}", "c", b"2" * 8)},
            {
                a1: MemberRow(s1, 1, '{"site": "x"}', "a", b"3" * 8),
                a2: MemberRow(s1, 2, "{}", "b", b"4" * 8),
                a3: MemberRow(s2, 3, "{}", "c", b"5" * 8),
            },
        )
    )
    assert store.integrity_problems() == []
    store.merge_stories(s1, [s2], T0)  # the window says otherwise: check finds it
    assert store.integrity_problems() == [
        "1 articles in the cluster window under another story than their own",
        "1 stories in the cluster window that were merged away",
    ]
    store.save_cluster_window(
        ClusterWindowRows('{"next_seq": 5}', moved={a3: s1}, gone_stories=(s2,))
    )
    other = open_store(url)  # what one connection saved, another reads
    try:
        window = other.cluster_window()
    finally:
        other.close()
    assert window.clock == '{"next_seq": 5}'
    assert window.stories == {s1: StoryRow("{}", "a\nb", b"1" * 16, dense)}
    assert window.members[a3] == MemberRow(s1, 3, "{}", "c", b"5" * 8)
    assert store.integrity_problems() == []
    store.save_cluster_window(ClusterWindowRows('{"next_seq": 5}', gone_members=(a2,)))
    assert store.integrity_problems() == [
        "1 articles of a story in the cluster window missing from it"
    ]
    store.save_cluster_window(ClusterWindowRows('{"next_seq": 5}', gone_stories=(s1,)))
    assert store.integrity_problems() == [
        "2 articles in the cluster window whose story is not in it"
    ]
