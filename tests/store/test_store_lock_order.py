"""Workers sharing a PostgreSQL store do not deadlock: a publish batch and a cluster batch
each change several stories in one transaction, each in an order of its own."""

from __future__ import annotations

import threading
from pathlib import Path

import psycopg
from contract_rows import T0, stored_article
from lock_wait import wait_for_row_lock
from test_store_page_changes import written_stories

from newsdesk.pipeline import run_publish
from newsdesk.publish import SiteOptions
from newsdesk.store import open_store


def test_a_publish_batch_and_a_cluster_batch_do_not_deadlock(pg_url: str, tmp_path: Path) -> None:
    """The cluster batch adds to the later story, then to the earlier one; the publish
    batch marks its stories in id order. Had the publisher taken the earlier story's row
    and waited for the later one's, the cluster batch would wait for the earlier: a cycle.
    The publisher leaves a story another transaction holds for the next run instead."""
    setup, cluster, publisher = open_store(pg_url), open_store(pg_url), open_store(pg_url)
    watch = psycopg.connect(pg_url, autocommit=True)
    options = SiteOptions(out_dir=tmp_path / "site", base_url="https://news.example.org/")
    errors: list[BaseException] = []
    later_held, go_on = threading.Event(), threading.Event()

    def cluster_batch() -> None:
        try:
            with cluster.transaction():
                cluster.add_to_story(later, added[0], T0)
                later_held.set()
                go_on.wait(20)
                cluster.add_to_story(earlier, added[1], T0)
        except BaseException as exc:
            errors.append(exc)

    def publish() -> None:
        try:
            later_held.wait(20)
            run_publish(publisher, options)
        except BaseException as exc:
            errors.append(exc)

    try:
        earlier, later = written_stories(setup, 2)
        added = [stored_article(setup, 10 + n) for n in range(2)]
        for article_id in added:
            setup.mark_duplicate(article_id, None)
        threads = [threading.Thread(target=cluster_batch), threading.Thread(target=publish)]
        for thread in threads:
            thread.start()
        assert later_held.wait(20)
        # the publisher waits for the cluster batch's row of the later story
        wait_for_row_lock(watch, publisher, threads[1], 20)
        go_on.set()
        for thread in threads:
            thread.join(30)
        assert not any(t.is_alive() for t in threads)
        assert errors == []
        # Both pages were written; the later story, held by the cluster batch, is marked
        # by the next run (the cluster batch has made both stories due for writing anyway).
        assert (tmp_path / "site" / "stories" / f"{later}.html").exists()
        assert setup.stories_to_publish() == [later]
        run_publish(publisher, options)
        assert setup.stories_to_publish() == []
    finally:
        go_on.set()
        watch.close()
        for opened in (setup, cluster, publisher):
            opened.close()


def test_hold_stories_leaves_out_what_another_transaction_holds(pg_url: str) -> None:
    first, second = open_store(pg_url), open_store(pg_url)
    try:
        a, b, c = written_stories(first, 3)
        assert second.hold_stories([c, a, 999_999]) == {a, c}  # unknown ids left out
        with first.transaction():
            first.set_section(b, "world")
            with second.transaction():
                assert second.hold_stories([a, b, c]) == {a, c}
    finally:
        first.close()
        second.close()
