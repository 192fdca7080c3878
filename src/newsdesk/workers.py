"""How one worker takes its work from the store: alone, or shared with other workers.

A SQLite store has one writer, which takes everything pending. Workers sharing one
PostgreSQL store (``Store.shared``) take work by claims (no two take one item), and run
the stages that depend on order under a stage lease, one worker at a time, renewed while
the stage runs. Which stages those are, and what each waits for, is the pipeline's.
"""

from __future__ import annotations

import os
import socket
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from newsdesk.models import RawDocument
from newsdesk.store.base import Store

ShouldStop = Callable[[], bool]
"""Asked between items and stages; True abandons the rest of the run cleanly."""

LEASE_RENEW_SECONDS = 60.0  # well inside the store's default lease of ten minutes


def default_worker_id() -> str:
    """This process's name among workers sharing a store: host and process id."""
    return f"{socket.gethostname()}:{os.getpid()}"


@dataclass(frozen=True, slots=True)
class WorkQueue:
    """How one worker takes its work from the store: alone, or shared with other workers."""

    store: Store
    worker: str
    batch: int = 200

    def raw_batches(self, should_stop: ShouldStop) -> Iterator[list[RawDocument]]:
        """Documents to extract, a batch at a time, claimed when the store is shared."""
        while not should_stop():
            if self.store.shared:
                batch = self.store.claim_raw(self.worker, limit=self.batch)
            else:
                batch = self.store.pending_raw(limit=self.batch)
            if not batch:
                return
            yield batch

    def story_batches(self, should_stop: ShouldStop) -> Iterator[list[int]]:
        """Stories to write, claimed a batch at a time when the store is shared."""
        if not self.store.shared:
            yield self.store.stories_to_write()
            return
        while not should_stop() and (batch := self.store.claim_stories(self.worker, self.batch)):
            yield batch

    def ready(self, after: Sequence[str]) -> bool:
        """True when the queues of the stages ``after`` are empty (always, unshared).

        An order-dependent stage that ran while another worker still extracted would see
        a different order of articles than a single worker does.
        """
        if not self.store.shared or not after:
            return True
        depths = self.store.queue_depths()
        return not any(depths.get(stage, 0) for stage in after)

    def give_back(self) -> None:
        """Release the work this worker still holds (an unshared store has no claims)."""
        if self.store.shared:
            self.store.release_claims(self.worker)

    @contextmanager
    def alone(self, stage: str, should_stop: ShouldStop) -> Iterator[ShouldStop | None]:
        """Hold the lease of ``stage`` while it runs; None when another worker holds it.

        Yields the ``should_stop`` to run the stage with: it also renews the lease now
        and then, and answers True once the lease was lost.
        """
        if not self.store.shared:
            yield should_stop
            return
        if not self.store.acquire_lease(stage, self.worker):
            yield None
            return
        renewed = time.monotonic()

        def stop_or_lost() -> bool:
            nonlocal renewed
            if should_stop():
                return True
            if time.monotonic() - renewed < LEASE_RENEW_SECONDS:
                return False
            renewed = time.monotonic()
            return not self.store.acquire_lease(stage, self.worker)

        try:
            yield stop_or_lost
        finally:
            self.store.release_lease(stage, self.worker)
