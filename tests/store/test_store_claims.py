"""The Store contract, both engines: work claims, stage leases, workers sharing a store."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import timedelta

from contract_rows import T0, raw, stored_article, stories_to_write, version

from newsdesk.store import open_store
from newsdesk.store.base import Store
from newsdesk.store.postgres import PostgresStore


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


def two_workers(
    pg_url: str,
    claim: Callable[[PostgresStore, str], list[int]],
    finish: Callable[[PostgresStore, int], None],
) -> dict[str, list[int]]:
    """Two workers, each on a connection of its own, ``claim`` until nothing is left and
    ``finish`` each item claimed; what each took, in order."""
    taken: dict[str, list[int]] = {"w1": [], "w2": []}
    start = threading.Barrier(2)

    def work(name: str) -> None:
        store = PostgresStore(pg_url)
        start.wait()
        while batch := claim(store, name):
            for item in batch:
                taken[name].append(item)
                finish(store, item)
        store.close()

    threads = [threading.Thread(target=work, args=(name,)) for name in taken]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return taken


def claimed_raw(store: PostgresStore, name: str) -> list[int]:
    return [doc.id for doc in store.claim_raw(name, limit=7) if doc.id is not None]


def test_two_workers_share_one_postgres_database(pg_url: str) -> None:
    setup = PostgresStore(pg_url)
    expected = {setup.add_raw(raw(f"https://a.example/{n}"))[0] for n in range(300)}
    setup.close()
    taken = two_workers(pg_url, claimed_raw, PostgresStore.mark_extracted)
    everything = taken["w1"] + taken["w2"]
    assert len(everything) == len(set(everything)), "an item was claimed twice"
    assert set(everything) == expected, "an item was lost"
    assert taken["w1"] and taken["w2"], "both workers should have had work"
    check = PostgresStore(pg_url)
    assert check.pending_raw() == []
    check.close()


def test_two_workers_write_each_story_once(pg_url: str) -> None:
    setup = PostgresStore(pg_url)
    expected = set(stories_to_write(setup, 60))
    setup.close()
    taken = two_workers(
        pg_url,
        lambda store, name: store.claim_stories(name, limit=3),
        lambda store, story_id: store.save_version(version(story_id, 1, ()), None),
    )
    everything = taken["w1"] + taken["w2"]
    assert len(everything) == len(set(everything)), "a story was written twice"
    assert set(everything) == expected, "a story was lost"
