"""Statements that change several stories in one transaction, run by a stage that may
run beside a cluster batch (another worker's), do not deadlock with it on PostgreSQL.

Each test is the same race: the cluster batch (one transaction) adds an article to the
later story, the other statement starts and waits for that row, then the cluster batch
adds one to the earlier story. A statement that had taken the earlier story's row before
waiting would close a cycle (``deadlock detected``, one of the two fails)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from contract_rows import T0, article, raw, stories_to_write, version
from lock_wait import race_with_cluster_batch

from newsdesk.store import open_store


def test_releasing_claims_beside_a_cluster_batch(pg_url: str) -> None:
    """A worker gives back the stories it claimed and did not write when its run ends."""
    worker = open_store(pg_url)
    try:
        earlier, later = stories_to_write(worker, 2)
        assert worker.claim_stories("w") == [earlier, later]
        released = race_with_cluster_batch(
            pg_url, worker, earlier, later, lambda: worker.release_claims("w")
        )
        assert released == 2  # the held one was released once the cluster batch ended
        assert worker.claim_stories("other") == [earlier, later]
    finally:
        worker.close()


def test_marking_model_retries_due_beside_a_cluster_batch(pg_url: str) -> None:
    """A writer marks the stories whose retry is due; a story the cluster batch holds is
    left in the queue, still due, and marked by the next run."""
    writer = open_store(pg_url)
    try:
        earlier, later = stories_to_write(writer, 2)
        for story in (earlier, later):
            writer.skip_writing(story)
            writer.queue_model_retry(story, T0, "timeout", 0)
        due = T0 + timedelta(minutes=1)
        marked = race_with_cluster_batch(
            pg_url, writer, earlier, later, lambda: writer.mark_model_retries_due(due)
        )
        assert marked == [earlier]
        assert writer.mark_model_retries_due(due) == [earlier, later]
        assert writer.stories_to_write() == [earlier, later]
    finally:
        writer.close()


def test_pruning_versions_beside_a_cluster_batch(pg_url: str) -> None:
    """Retention deletes in-between versions and has those pages published again; a
    story the cluster batch holds keeps its versions until the next run."""
    retain = open_store(pg_url)
    try:
        earlier, later = stories_to_write(retain, 2)
        for story in (earlier, later):
            for n in (1, 2, 3):
                retain.save_version(version(story, n, ()), None)
            retain.mark_published(story, 3)
        before = T0 + timedelta(days=1)
        pruned = race_with_cluster_batch(
            pg_url, retain, earlier, later, lambda: retain.prune_versions(before)
        )
        assert pruned == 1
        assert [v.version for v in retain.versions(later)] == [1, 2, 3]
        assert retain.prune_versions(before) == 1
        for story in (earlier, later):
            assert [v.version for v in retain.versions(story)] == [1, 3]
        assert retain.stories_to_publish() == [earlier, later]
        assert retain.integrity_problems() == []
    finally:
        retain.close()


def test_a_backfill_extracting_changed_documents_beside_a_cluster_batch(pg_url: str) -> None:
    """A backfill saves several documents in one transaction; a changed one updates its
    article and marks the article's story for writing. Each such document is saved on its
    own, so the group never holds one story while waiting for another."""
    from newsdesk.extract import ExtractOptions
    from newsdesk.models import RawDocument
    from newsdesk.pipeline import run_extract, start_run
    from newsdesk.workers import WorkQueue

    extractor = open_store(pg_url)
    try:
        earlier, later = stories_to_write(extractor, 2)
        changed = [raw(f"https://a.example/{n}", b"<html>changed</html>") for n in range(2)]
        for doc in changed:
            extractor.add_raw(doc)
        report = start_run(extractor)

        def extract_many(docs: list[RawDocument]) -> Any:
            return iter([article(d.id or 0, d.url, title="Changed") for d in docs])

        race_with_cluster_batch(
            pg_url,
            extractor,
            earlier,
            later,
            lambda: run_extract(
                extractor,
                ExtractOptions(),
                report,
                queue=WorkQueue(extractor, "backfill"),
                extract_many=extract_many,
                commit_every=10,
            ),
        )
        assert report.counts["extract.articles"] == 2
        assert extractor.pending_raw() == []
        assert [a.title for a in extractor.recent_articles(since=None)][:2] == ["Changed"] * 2
    finally:
        extractor.close()
