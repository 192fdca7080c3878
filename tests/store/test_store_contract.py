"""The Store contract, run against SQLiteStore and a real PostgreSQL server alike: documents,
articles, duplicates, stories, merges and versions, transactions, sources, search,
embeddings, ratings. The rest of the contract: test_store_state, test_store_claims,
test_store_storylines, test_store_batches, test_store_page_changes."""

from __future__ import annotations

from datetime import timedelta

import pytest
from contract_rows import INTEGRITY_ERRORS, T0, article, raw, stored_article, version

from newsdesk.models import (
    Draft,
    Leaning,
    Sentence,
    Source,
    SourceKind,
    StoryVersion,
    VerifyReport,
)
from newsdesk.store import SQLiteStore
from newsdesk.store.base import Store
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
