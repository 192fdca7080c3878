"""Workers sharing a PostgreSQL store do not deadlock: a publish batch and a cluster batch
each change several stories in one transaction, each in an order of its own."""

from __future__ import annotations

from pathlib import Path

from contract_rows import written_stories
from lock_wait import race_with_cluster_batch

from newsdesk.pipeline import run_publish
from newsdesk.publish import SiteOptions
from newsdesk.store import open_store


def test_a_publish_batch_and_a_cluster_batch_do_not_deadlock(pg_url: str, tmp_path: Path) -> None:
    """The cluster batch adds to the later story, then to the earlier one; the publish
    batch marks its stories in id order. Had the publisher taken the earlier story's row
    and waited for the later one's, the cluster batch would wait for the earlier: a cycle.
    The publisher leaves a story another transaction holds for the next run instead."""
    setup, publisher = open_store(pg_url), open_store(pg_url)
    options = SiteOptions(out_dir=tmp_path / "site", base_url="https://news.example.org/")
    try:
        earlier, later = written_stories(setup, 2)
        race_with_cluster_batch(
            pg_url, publisher, earlier, later, lambda: run_publish(publisher, options)
        )
        # Both pages were written; the later story, held by the cluster batch, is marked
        # by the next run (the cluster batch has made both stories due for writing anyway).
        assert (tmp_path / "site" / "stories" / f"{later}.html").exists()
        assert setup.stories_to_publish() == [later]
        run_publish(publisher, options)
        assert setup.stories_to_publish() == []
    finally:
        setup.close()
        publisher.close()


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
