"""Pages out of date with no new version (merges, storylines) are noted for publishing."""

from __future__ import annotations

from contract_rows import T0, written_stories
from lock_wait import race

from newsdesk.store import open_store
from newsdesk.store.base import Store


def test_storyline_changes_and_merges_note_the_pages_they_change(store: Store) -> None:
    a, b, c, d = written_stories(store, 4)
    assert store.page_changes() == (set(), [])
    store.join_storyline(b, a, T0)
    changed, read = store.page_changes()
    assert changed == {a, b}
    store.clear_page_changes(read)
    assert store.page_changes()[0] == set()
    store.set_storyline(c, store.storylines_of([a])[a])
    store.merge_stories(d, [a], T0)  # d takes a's line; a's page becomes a redirect
    changed, read = store.page_changes()
    assert changed == {a, b, c, d}
    store.join_storyline(a, b, T0)  # noted after the run read its changes: kept for the next
    store.clear_page_changes(read)
    assert store.page_changes()[0] == {a, b}


def test_a_story_noted_again_has_one_row(store: Store) -> None:
    a, b = written_stories(store, 2)
    for _ in range(3):
        store.join_storyline(b, a, T0)
        store.set_storyline(a, None)
    changed, read = store.page_changes()
    assert changed == {a, b}
    assert len(read) == 2


def test_two_runs_clearing_what_they_read_keep_a_change_noted_after(store: Store) -> None:
    """The service and a manual run both read the changes; one clears them, a change is
    noted, then the other clears what it read: the new change takes an id never used."""
    a, b, c = written_stories(store, 3)
    store.join_storyline(b, a, T0)
    _, service_read = store.page_changes()
    _, manual_read = store.page_changes()
    store.clear_page_changes(manual_read)  # the table is empty
    store.set_storyline(c, store.storylines_of([a])[a])
    store.clear_page_changes(service_read)
    assert store.page_changes()[0] == {c}


def test_storyline_members_are_what_listings_show(store: Store) -> None:
    a, b, c = written_stories(store, 3)
    unwritten = store.create_story(T0)
    line = store.join_storyline(b, a, T0)
    store.set_storyline(unwritten, line)
    assert store.storylines_of([a, c, unwritten, 999]) == {a: line, c: None, unwritten: line}
    assert store.storyline_members([line]) == {a: line, b: line}  # unwritten is not listed
    store.merge_stories(b, [a], T0)
    assert store.storyline_members([line]) == {b: line}  # merged ones are not listed
    assert store.written_stories() == [a, b, c]


def test_a_change_committed_after_a_later_one_was_read_is_kept(pg_url: str) -> None:
    """On PostgreSQL ids are taken when a row is written, not when it commits: clearing
    what a run read must not take a lower id that was still uncommitted then."""
    first, second = open_store(pg_url), open_store(pg_url)
    try:
        a, b = written_stories(first, 2)
        with first.transaction():
            first.set_storyline(a, None)  # takes the lower id, commits last
            second.set_storyline(b, None)
            changed, read = second.page_changes()
            assert changed == {b}
        second.clear_page_changes(read)
        assert second.page_changes()[0] == {a}
    finally:
        first.close()
        second.close()


def test_a_publish_clearing_while_a_merge_notes_does_not_deadlock(pg_url: str) -> None:
    """A merge notes several stories in one transaction, in its own order (the absorbed
    story first, then the survivor and their storylines); a publisher clears the rows it
    read in id order. The merge holds b's row and the publisher, having deleted a's
    row, waits for it; the merge then wants a's row. Clearing must not wait for a row
    that a noting transaction holds (that row is replaced by a newer one anyway)."""
    setup, cluster, publisher = open_store(pg_url), open_store(pg_url), open_store(pg_url)
    try:
        a, b = written_stories(setup, 2)
        setup.set_storyline(a, None)  # a's row has the lower id
        setup.set_storyline(b, None)
        changed, read = publisher.page_changes()
        assert changed == {a, b}
        race(  # the publisher waits for the merge's row of b
            pg_url,
            cluster,
            lambda: cluster.set_storyline(b, None),
            lambda: cluster.set_storyline(a, None),
            lambda: publisher.clear_page_changes(read),
            publisher,
        )
        assert setup.page_changes()[0] == {a, b}  # the merge's notes are kept
    finally:
        for opened in (setup, cluster, publisher):
            opened.close()
