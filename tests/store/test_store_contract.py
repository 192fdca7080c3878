"""The Store contract, run against SQLiteStore and a real PostgreSQL server alike."""

from __future__ import annotations

import threading
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from contract_rows import INTEGRITY_ERRORS, T0, article, raw, stored_article, version

from newsdesk.models import (
    Article,
    ArticleKind,
    ClusterWindowRows,
    Draft,
    Leaning,
    MemberRow,
    NoteKind,
    Perspective,
    RawDocument,
    RunReport,
    Sentence,
    Source,
    SourceKind,
    StoryNote,
    StoryRow,
    StoryStatus,
    StoryVersion,
    VerifyReport,
)
from newsdesk.store import CachedRobots, SQLiteStore, open_store
from newsdesk.store.base import ModelRetry, Store
from newsdesk.store.migrate import migrations
from newsdesk.store.postgres import PostgresStore


def test_open_store_picks_the_engine(store: Store, url: str) -> None:
    expected = PostgresStore if url.startswith("postgresql://") else SQLiteStore
    assert isinstance(store, expected)


def test_migrations_apply_once(pg_url: str) -> None:
    first, second = PostgresStore(pg_url), PostgresStore(pg_url)
    try:
        rows = first.conn.execute("SELECT number FROM schema_migrations ORDER BY number")
        assert [r[0] for r in rows] == [m.number for m in migrations("postgres")]
        assert second.migrate() == []
    finally:
        first.close()
        second.close()


def test_raw_identity_is_the_key_and_changes_are_detected(store: Store) -> None:
    first, changed = store.add_raw(raw("https://a.example/1"))
    assert changed and store.has_raw("https://a.example/1")
    same, changed = store.add_raw(raw("https://a.example/1"))
    assert (same, changed) == (first, False)
    [pending] = store.pending_raw()
    assert (pending.key, pending.headers, pending.fetched_at) == (
        "https://a.example/1",
        {"a": "b"},
        T0,
    )
    store.mark_extracted(first)
    assert store.pending_raw() == []
    updated, changed = store.add_raw(raw("https://a.example/1", b"<html>new</html>"))
    assert (updated, changed) == (first, True)
    assert store.pending_raw()[0].body == b"<html>new</html>"


def test_article_roundtrip_and_update_keeps_id_and_marks_story(store: Store) -> None:
    rid, _ = store.add_raw(raw("k1"))
    aid = store.save_article(article(rid, "https://a.example/1"))
    got = store.article_by_url("https://a.example/1")
    assert got is not None and got.id == aid and got.paragraphs == ("One.", "Two.")
    assert got.published_at == T0 and store.article_by_url("https://nowhere") is None
    store.mark_duplicate(aid, None)
    sid = store.create_story(T0)
    store.add_to_story(sid, aid, T0)
    store.save_version(version(sid, 1, (aid,)), None)
    assert store.stories_to_write() == []
    assert store.save_article(article(rid, "https://a.example/1", title="New")) == aid
    assert store.articles([aid])[0].title == "New"
    assert store.stories_to_write() == [sid]


def test_foreign_keys_are_enforced(store: Store) -> None:
    with pytest.raises(INTEGRITY_ERRORS):
        store.save_article(article(999, "https://a.example/x"))


def test_duplicates_pending_queues_and_recent(store: Store) -> None:
    ids = [stored_article(store, n, T0 + timedelta(hours=n)) for n in range(3)]
    assert [a.id for a in store.pending_dedupe()] == ids
    store.mark_duplicate(ids[0], None)
    store.mark_duplicate(ids[1], ids[0])
    store.mark_duplicate(ids[1], None)  # a second decision replaces the first
    store.mark_duplicate(ids[2], ids[0])
    assert [store.duplicate_of(i) for i in ids] == [None, None, ids[0]]
    assert [a.id for a in store.pending_dedupe()] == []
    assert [a.id for a in store.recent_articles(T0 + timedelta(minutes=30))] == ids[1:]
    assert [a.id for a in store.recent_articles(None, limit=2)] == ids[1:]
    assert [a.id for a in store.pending_cluster()] == ids
    assert store.queue_depths()["cluster"] == 3


def test_stories_duplicates_merges_and_versions(store: Store) -> None:
    ids = [stored_article(store, n, T0 + timedelta(hours=n)) for n in range(3)]
    store.mark_duplicate(ids[0], None)
    store.mark_duplicate(ids[1], None)
    store.mark_duplicate(ids[2], ids[0])
    s1, s2 = store.create_story(T0), store.create_story(T0)
    store.add_to_story(s1, ids[0], T0)
    store.add_to_story(s2, ids[1], T0 + timedelta(hours=1))
    store.add_to_story(s1, ids[2], T0)
    assert store.pending_cluster() == []
    members = store.story_members(s1)
    assert [(m.article.id, m.republished_by) for m in members] == [(ids[0], (ids[2],))]
    open_now = dict(store.open_stories(since=T0 - timedelta(hours=1)))
    assert [a.id for a in open_now[s1]] == [ids[0]]
    store.merge_stories(s1, [s2], T0 + timedelta(hours=2))
    assert store.resolve_story(s2) == s1 and store.resolve_story(999) is None
    assert store.story_of(ids[1]) == s1
    assert store.stories_to_write() == [s1]
    draft = Draft("Headline", Sentence("Summary.", (ids[0],)), ((Sentence("Body.", (ids[1],)),),))
    report = VerifyReport(checked_claims=2, supported_claims=2, notes=("n",))
    store.save_version(
        StoryVersion(s1, 1, draft, T0, (ids[0], ids[1]), "First.", report), {"outlets": []}
    )
    store.save_version(StoryVersion(s1, 2, draft, T0, (ids[0], ids[1]), "Again.", None), None)
    versions = store.versions(s1)
    assert [v.version for v in versions] == [1, 2]
    assert versions[0].draft == draft and versions[0].report == report
    assert store.coverage(s1, 1) == {"outlets": []} and store.coverage(s1, 2) is None
    assert store.stories_to_publish() == [s1]
    store.mark_published(s1, 2)
    assert store.stories_to_publish() == []
    latest = store.latest_stories()
    assert [(s.story_id, s.version, s.article_count) for s in latest] == [(s1, 2, 3)]
    assert store.integrity_problems() == []
    with pytest.raises(INTEGRITY_ERRORS):
        store.save_version(StoryVersion(s1, 2, draft, T0, ()), None)


def test_merge_redirects_follow_the_survivor(store: Store) -> None:
    ids = [stored_article(store, n) for n in range(3)]
    stories = []
    for aid in ids:
        store.mark_duplicate(aid, None)
        stories.append(store.create_story(T0))
        store.add_to_story(stories[-1], aid, T0)
    store.merge_stories(stories[1], [stories[0]], T0)
    store.merge_stories(stories[2], [stories[1], stories[2]], T0)  # itself is ignored
    assert [store.resolve_story(s) for s in stories] == [stories[2]] * 3
    assert [store.story_of(a) for a in ids] == [stories[2]] * 3
    assert store.stories_to_write() == [stories[2]]
    assert store.counts()["stories"] == 1
    assert store.integrity_problems() == []


def test_open_stories_window_and_latest_ordering(store: Store) -> None:
    old, new = stored_article(store, 1), stored_article(store, 2, site="Other")
    store.mark_duplicate(old, None)
    store.mark_duplicate(new, None)
    s_old, s_new = store.create_story(T0), store.create_story(T0)
    store.add_to_story(s_old, old, T0)
    # A fractional-second stamp sorts after the whole second, as in ISO text order.
    store.add_to_story(s_new, new, T0 + timedelta(days=2, microseconds=500))
    assert [s for s, _ in store.open_stories(T0 + timedelta(days=1))] == [s_new]
    assert [s for s, _ in store.open_stories(T0)] == [s_old, s_new]
    assert [s for s, _ in store.open_stories(T0 + timedelta(days=2, microseconds=501))] == []
    store.save_version(version(s_old, 1, (old,)), None)
    store.save_version(version(s_new, 1, (new,)), None)
    assert [s.story_id for s in store.latest_stories()] == [s_new, s_old]
    assert [s.story_id for s in store.latest_stories(limit=1)] == [s_new]
    store.add_to_story(s_old, stored_article(store, 3), T0 + timedelta(days=3))
    latest = store.latest_stories()
    assert [(s.story_id, s.outlet_count) for s in latest] == [(s_old, 1), (s_new, 1)]


def test_transaction_rolls_back_everything_and_nests(store: Store) -> None:
    with pytest.raises(RuntimeError), store.transaction():
        store.add_raw(raw("k1"))
        with store.transaction():
            store.upsert_source(Source("https://a.example/feed", SourceKind.FEED))
        raise RuntimeError("boom")
    assert store.counts()["raw_documents"] == 0
    assert store.list_sources() == []
    with store.transaction():
        store.add_raw(raw("k1"))
        with store.transaction():
            store.save_llm_reply("k", "v")
    assert store.counts()["raw_documents"] == 1 and store.llm_reply("k") == "v"


def test_sources_upsert(store: Store) -> None:
    first = store.upsert_source(Source("https://a.example/feed", SourceKind.FEED, "A"))
    again = store.upsert_source(Source("https://a.example/feed", SourceKind.FEED, "B"))
    assert first == again
    assert [(s.id, s.name) for s in store.list_sources()] == [(first, "B")]


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


# -- work claiming ------------------------------------------------------------------


def test_claims_are_exclusive_and_leases_expire(store: Store, url: str) -> None:
    ids = [store.add_raw(raw(f"k{n}"))[0] for n in range(5)]
    other = open_store(url)
    try:
        assert [d.id for d in store.claim_raw("a", limit=2)] == ids[:2]
        assert [d.id for d in other.claim_raw("b", limit=10)] == ids[2:]
        assert other.claim_raw("b") == []
        store.mark_extracted(ids[0])
        # "a" died holding ids[1]; a zero lease elsewhere shows expiry, release shows shutdown.
        assert store.release_claims("a") == 1
        assert [d.id for d in other.claim_raw("b", lease=timedelta(0))] == [ids[1]]
        assert [d.id for d in store.claim_raw("a")] == [ids[1]]
        assert len(store.pending_raw()) == 4  # pending_raw itself ignores claims
    finally:
        other.close()


def test_changed_document_is_extracted_again_after_a_claim(store: Store) -> None:
    rid, _ = store.add_raw(raw("k1"))
    [claimed] = store.claim_raw("a")
    store.add_raw(raw("k1", b"<html>changed</html>"))  # arrives while "a" extracts
    store.mark_extracted(rid)
    [again] = store.claim_raw("b")
    assert (again.id, again.body) == (claimed.id, b"<html>changed</html>")
    store.mark_extracted(rid)
    assert store.pending_raw() == [] and store.claim_raw("c") == []


def test_story_claims_keep_a_story_that_grew_meanwhile(store: Store) -> None:
    first, second = stored_article(store, 1), stored_article(store, 2)
    store.mark_duplicate(first, None)
    store.mark_duplicate(second, None)
    sid, quiet = store.create_story(T0), store.create_story(T0)
    store.add_to_story(sid, first, T0)
    store.add_to_story(quiet, second, T0)
    assert store.claim_stories("a") == [sid, quiet]
    assert store.claim_stories("b") == []
    store.add_to_story(sid, stored_article(store, 3), T0)  # grows while "a" writes it
    store.save_version(version(sid, 1, (first,)), None)
    store.skip_writing(quiet)
    assert store.stories_to_write() == [sid]
    assert store.claim_stories("b") == [sid]
    store.save_version(version(sid, 2, (first,)), None)
    assert store.stories_to_write() == []


def test_stage_leases(store: Store, url: str) -> None:
    other = open_store(url)
    try:
        assert store.acquire_lease("cluster", "a")
        assert store.acquire_lease("cluster", "a")  # renewal
        assert not other.acquire_lease("cluster", "b")
        assert other.acquire_lease("dedupe", "b")
        store.release_lease("cluster", "a")
        assert other.acquire_lease("cluster", "b")
        assert not store.acquire_lease("cluster", "a")
        assert other.release_claims("b") == 2
        assert store.acquire_lease("cluster", "a", lease=timedelta(0))
        assert other.acquire_lease("cluster", "b")  # the zero lease has run out
    finally:
        other.close()


def test_two_workers_share_one_postgres_database(pg_url: str) -> None:
    setup = PostgresStore(pg_url)
    expected = {setup.add_raw(raw(f"https://a.example/{n}"))[0] for n in range(300)}
    setup.close()
    taken: dict[str, list[int]] = {"w1": [], "w2": []}
    start = threading.Barrier(2)

    def work(name: str) -> None:
        store = PostgresStore(pg_url)
        start.wait()
        while batch := store.claim_raw(name, limit=7):
            for doc in batch:
                assert doc.id is not None
                taken[name].append(doc.id)
                store.mark_extracted(doc.id)
        store.close()

    threads = [threading.Thread(target=work, args=(name,)) for name in taken]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    everything = taken["w1"] + taken["w2"]
    assert len(everything) == len(set(everything)), "an item was claimed twice"
    assert set(everything) == expected, "an item was lost"
    assert taken["w1"] and taken["w2"], "both workers should have had work"
    check = PostgresStore(pg_url)
    assert check.pending_raw() == []
    check.close()


def test_two_workers_write_each_story_once(pg_url: str) -> None:
    setup = PostgresStore(pg_url)
    expected = set()
    for n in range(60):
        aid = stored_article(setup, n)
        setup.mark_duplicate(aid, None)
        expected.add(sid := setup.create_story(T0))
        setup.add_to_story(sid, aid, T0)
    setup.close()
    taken: dict[str, list[int]] = {"w1": [], "w2": []}
    start = threading.Barrier(2)

    def work(name: str) -> None:
        store = PostgresStore(pg_url)
        start.wait()
        while batch := store.claim_stories(name, limit=3):
            for story_id in batch:
                taken[name].append(story_id)
                store.save_version(version(story_id, 1, ()), None)
        store.close()

    threads = [threading.Thread(target=work, args=(name,)) for name in taken]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    everything = taken["w1"] + taken["w2"]
    assert len(everything) == len(set(everything)), "a story was written twice"
    assert set(everything) == expected, "a story was lost"


# -- search over published stories ------------------------------------------------------


def test_search_matches_every_word_ranks_headlines_and_follows_updates(store: Store) -> None:
    from newsdesk.publish.search import index_story, remove_story, search, supports_search

    assert supports_search(store)
    rates, storm, quiet = (store.create_story(T0) for _ in range(3))
    index_story(store, rates, 1, "Central bank raises rates", "The bank moved.", "Inflation fell.")
    index_story(
        store, storm, 1, "Storm hits coast", "Rates of damage.", "The central bank was shut."
    )
    index_story(store, quiet, 1, "Nothing here", "Calm.", "A quiet day.")
    hits = search(store, "central bank")
    assert [h.story_id for h in hits] == [rates, storm]  # the headline match ranks first
    assert [h.story_id for h in search(store, "infla")] == [rates]  # last word: prefix
    assert [h.story_id for h in search(store, "central shut")] == [storm]  # across fields
    assert search(store, "central storm quiet") == []
    assert search(store, 'bank" OR * ( NOT') == [] and search(store, "!!") == []
    assert [h.story_id for h in search(store, '"bank" (moved')] == [rates]
    [hit] = search(store, "damage")
    assert (hit.version, hit.headline) == (1, "Storm hits coast")
    assert any(marked and text.lower() == "damage" for text, marked in hit.snippet)
    index_story(store, storm, 2, "Storm leaves coast", "Repairs begin.", "Roads open.")
    assert search(store, "damage") == []
    assert [(h.story_id, h.version) for h in search(store, "repairs")] == [(storm, 2)]
    remove_story(store, storm)
    assert search(store, "repairs") == []
    assert len(search(store, "a", limit=1)) <= 1


def test_embeddings_are_kept_per_model(store: Store) -> None:
    first, second = stored_article(store, 1), stored_article(store, 2)
    vector = bytes(range(16))
    store.save_embeddings("m1", {first: vector, second: b"\x00" * 16})
    store.save_embeddings("m1", {second: vector[::-1]})  # re-embedding replaces
    assert store.embeddings("m1", [first, second, 999]) == {first: vector, second: vector[::-1]}
    assert store.embeddings("m2", [first]) == {}
    assert store.embeddings("m1", list(range(1_000, 2_000))) == {}  # chunked IN lists


def test_kinds_leanings_perspectives_sections_and_storylines_are_kept(store: Store) -> None:
    source_id = store.upsert_source(
        Source("https://left.example/feed", SourceKind.FEED, "Left", leaning=Leaning.LEAN_LEFT)
    )
    store.upsert_source(Source("https://plain.example/feed", SourceKind.FEED))
    leanings = {s.url: s.leaning for s in store.list_sources()}
    assert leanings == {
        "https://left.example/feed": Leaning.LEAN_LEFT,
        "https://plain.example/feed": None,
    }
    rid, _ = store.add_raw(raw("https://left.example/a"))
    item = article(rid, "https://left.example/a")
    column = Article(
        **{f: getattr(item, f) for f in item.__dataclass_fields__}
        | {"kind": ArticleKind.OPINION, "source_id": source_id}
    )
    aid = store.save_article(column)
    unknown = stored_article(store, 2)
    kinds = {a.id: a.kind for a in store.articles([aid, unknown])}
    assert kinds == {aid: ArticleKind.OPINION, unknown: None}

    story = store.create_story(T0)
    store.add_to_story(story, aid, T0)
    argues = Perspective("In Left, Ann Lee argues that the plan fails.", aid)
    draft = Draft("H", Sentence("S.", (aid,)), (), perspectives=(argues,))
    store.save_version(StoryVersion(story, 1, draft, T0, (aid,)), None)
    assert store.versions(story)[0].draft.perspectives == (argues,)

    later = store.create_story(T0 + timedelta(days=2))
    line = store.create_storyline(T0)
    for member in (story, later):
        store.set_storyline(member, line)
    store.set_section(story, "Politics")
    assert store.storyline_stories(line) == [story, later]
    found = store.story(story)
    assert found is not None
    assert (found.section, found.storyline_id, found.article_ids) == ("Politics", line, (aid,))
    [summary] = store.latest_stories(limit=1)
    assert (summary.story_id, summary.section, summary.storyline_id) == (story, "Politics", line)
    store.set_storyline(later, None)
    assert store.storyline_stories(line) == [story]
    assert store.story(10_000) is None


def test_a_story_joins_the_storyline_of_the_story_it_follows(store: Store) -> None:
    first, second, third = (store.create_story(T0 + timedelta(days=d)) for d in (0, 2, 3))
    line = store.join_storyline(second, first, T0)  # the first story had none: one opens
    assert store.storyline_stories(line) == [first, second]
    assert store.join_storyline(third, second, T0) == line  # a third event, the same line
    assert store.storyline_stories(line) == [first, second, third]
    assert {s.storyline_id for s in map(store.story, (first, second, third)) if s} == {line}


def test_a_merge_carries_the_absorbed_storys_storyline_to_the_survivor(store: Store) -> None:
    def line_of(story: int) -> int | None:
        found = store.story(story)
        assert found is not None
        return found.storyline_id

    before, absorbed, survivor = (store.create_story(T0 + timedelta(days=d)) for d in (0, 2, 3))
    line = store.join_storyline(absorbed, before, T0)
    store.merge_stories(survivor, [absorbed], T0)
    assert store.storyline_stories(line) == [before, survivor]
    assert (line_of(survivor), line_of(absorbed)) == (line, None)

    # Both in storylines: the same event joins them into one, the survivor's.
    a, b, c, d = (store.create_story(T0 + timedelta(days=n)) for n in (4, 5, 6, 7))
    kept = store.join_storyline(b, a, T0)
    gone = store.join_storyline(d, c, T0)
    store.merge_stories(b, [d], T0)
    assert store.storyline_stories(kept) == [a, b, c]
    assert store.storyline_stories(gone) == []
    assert {line_of(x) for x in (a, b, c)} == {kept}

    # The later event turns out to be the same one: alone, the survivor is in none.
    first, then = store.create_story(T0), store.create_story(T0 + timedelta(days=1))
    pair = store.join_storyline(then, first, T0)
    store.merge_stories(first, [then], T0)
    assert (line_of(first), line_of(then), store.storyline_stories(pair)) == (None, None, [])

    # One transaction: a merge that fails later in its transaction leaves nothing behind.
    x, y = store.create_story(T0), store.create_story(T0)
    solo = store.join_storyline(y, before, T0)
    assert solo == line
    with pytest.raises(RuntimeError), store.transaction():
        store.merge_stories(x, [y], T0)
        raise RuntimeError("killed")
    assert (line_of(x), line_of(y)) == (None, line)
    assert store.resolve_story(y) == y


def test_stories_not_live_are_those_an_operator_retracted_or_suppressed(store: Store) -> None:
    live, retracted, suppressed = (store.create_story(T0) for _ in range(3))
    for story in (live, retracted, suppressed):
        store.save_version(version(story, 1, ()), None)
    for story, status in ((retracted, StoryStatus.RETRACTED), (suppressed, StoryStatus.SUPPRESSED)):
        note = StoryNote(story, NoteKind.RETRACTION, "Wrong.", 1, T0)
        store.add_story_note(note, status)
    assert store.stories_not_live([live, retracted, suppressed, 10_000]) == {
        retracted,
        suppressed,
    }
    assert store.stories_not_live([]) == set()


def test_a_storyline_lists_its_stories_in_the_order_their_events_happened(
    store: Store,
) -> None:
    def dated(n: int, when: datetime | None, fetched: datetime = T0) -> int:
        url = f"https://e.example/{n}"
        rid, _ = store.add_raw(RawDocument(url, url, url, 200, {}, b"x", fetched))
        return store.save_article(replace(article(rid, url), published_at=when))

    def story_with(aid: int, made: datetime) -> int:
        story = store.create_story(made)
        store.add_to_story(story, aid, made)
        return story

    # Made in one order (a backfill reaches older news last), happened in another.
    first_of_late = dated(1, T0 + timedelta(days=3))
    late = story_with(first_of_late, T0)
    early = story_with(dated(2, T0 + timedelta(days=1)), T0 + timedelta(hours=1))
    tie_b = story_with(dated(3, T0 + timedelta(days=2)), T0 + timedelta(hours=3))
    tie_a = story_with(dated(4, T0 + timedelta(days=2)), T0 + timedelta(hours=2))
    undated = story_with(dated(5, None, fetched=T0 + timedelta(days=1, hours=12)), T0)
    copy = dated(6, T0 - timedelta(days=9))
    store.mark_duplicate(copy, first_of_late)
    store.add_to_story(late, copy, T0)  # a copy dated earlier does not move its story
    line = store.create_storyline(T0)
    for member in (late, early, tie_b, tie_a, undated):
        store.set_storyline(member, line)
    # An undated story by its fetch time; the same first report: by id.
    assert store.storyline_stories(line) == [early, undated, tie_b, tie_a, late]


def test_outlet_ratings_are_kept_and_replaced(store: Store) -> None:
    assert store.outlet_ratings() == {}
    store.save_outlet_ratings(
        {
            "domain:foxnews.com": ("foxnews.com", Leaning.RIGHT),
            "name:reuters": ("Reuters", Leaning.CENTER),
        }
    )
    store.save_outlet_ratings({"name:reuters": ("Reuters", Leaning.LEAN_LEFT)})  # re-rated
    assert store.outlet_ratings() == {
        "domain:foxnews.com": Leaning.RIGHT,
        "name:reuters": Leaning.LEAN_LEFT,
    }


def test_story_members_carry_their_fetch_time(store: Store) -> None:
    """A story's time falls back to when its documents were fetched (issue 22)."""
    first = stored_article(store, 1)
    story = store.create_story(T0)
    store.add_to_story(story, first, T0)
    [member] = store.story_members(story)
    assert member.fetched_at == T0
