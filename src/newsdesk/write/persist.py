"""What the write stage keeps in the store between runs: the reply cache and the retries.

``StoredReplies`` is the LLM writer's cache of accepted replies: each is reused for
``write.llm_cache_days``, at most ``write.llm_cache_entries`` are kept (the oldest go
first), and replies to another prompt version are removed when a new one is saved.

``ModelRetries``: when the LLM writer is configured and a story's version falls back to
the extractive writer, the story is queued in the store (``model_retries``):

* when the endpoint was down (a timeout, a refused connection, an HTTP error, the
  circuit breaker open), the next run offers it again, whatever its backoff: one hanging
  request per run is all a dead endpoint costs (the breaker), and the run after the
  endpoint recovers rewrites every story that fell back;
* when the model answered but its draft was rejected, it is offered again after
  ``write.llm_retry_minutes``, doubling with each rejected try up to a day, and dropped
  from the queue after ``MAX_ATTEMPTS`` rejected tries.

A retry that falls back again with the same draft as the story's latest version adds no
version; one that passes adds a version whose change line says the writer changed and
nothing else (``coverage.what_changed``). ``count_outcome`` adds a version's fallback and
left-out sentences, by reason, to the run's counts.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from newsdesk.config import Config, default
from newsdesk.models import RunReport
from newsdesk.store.base import CacheStore
from newsdesk.write.stage import PreviousVersion, WrittenVersion

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 8  # rejected model tries before a story is left to the extractive writer
MAX_WAIT = timedelta(days=1)
# Fallback reasons that say nothing about the story: the endpoint gave no draft at all.
_ENDPOINT_DOWN = frozenset({"timeout", "connection", "endpoint_unavailable", "not_a_completion"})


def endpoint_was_down(reason: str) -> bool:
    """True when a fallback's reason is the endpoint's, not the draft's."""
    return reason in _ENDPOINT_DOWN or reason.startswith("http_")


class StoredReplies:
    """The LLM writer's cache of accepted replies in the store; see the module docstring."""

    def __init__(
        self,
        store: CacheStore,
        days: float = default("write.llm_cache_days"),
        entries: int = default("write.llm_cache_entries"),
    ) -> None:
        self.store = store
        self.days = days
        self.entries = entries

    @classmethod
    def from_config(cls, store: CacheStore, config: Config) -> StoredReplies:
        days = float(config.get("write.llm_cache_days"))
        return cls(store, days, int(config.get("write.llm_cache_entries")))

    def _since(self) -> datetime:
        return datetime.now(UTC) - timedelta(days=self.days)

    def get(self, key: str, /) -> str | None:
        return self.store.llm_reply(key, self._since()) if self.days > 0 else None

    def put(self, key: str, reply: str, model: str, prompt_version: str) -> None:
        if self.days > 0 and self.entries > 0:
            self.store.save_llm_reply(key, reply, model, prompt_version)
            self.store.prune_llm_replies(self.entries, self._since(), prompt_version)

    def discard(self, key: str, /) -> None:
        self.store.forget_llm_reply(key)


def count_outcome(report: RunReport, written: WrittenVersion) -> None:
    """Count a version written by the configured (not the default) writer: its fallback
    by reason (``write.fell_back.<reason>``) and its left-out sentences by reason."""
    outcome = written.version.report
    if outcome is None:
        return
    if outcome.fell_back:
        report.count("write.fell_back")
        report.count(f"write.fell_back.{outcome.rejected or 'unknown'}")
    for reason in outcome.reasons:
        report.count(f"write.left_out.{reason}")


@dataclass(frozen=True, slots=True)
class ModelRetries:
    """The retry queue as the write stage uses it, for one run."""

    store: CacheStore
    first_minutes: float = default("write.llm_retry_minutes")

    def offer_due(self, report: RunReport, now: datetime | None = None) -> None:
        """Mark the stories whose retry is due for writing in this run."""
        due = self.store.mark_model_retries_due(now or datetime.now(UTC))
        report.count("write.model_retries", len(due))

    def keep(
        self,
        story_id: int,
        written: WrittenVersion,
        previous: PreviousVersion | None,
        report: RunReport,
        now: datetime | None = None,
    ) -> bool:
        """Update the queue after writing ``story_id``; False when the version adds
        nothing (a retry that fell back to the same draft) and is not to be stored."""
        now = now or datetime.now(UTC)
        queued = self.store.model_retry(story_id)
        version = written.version
        if not written.fell_back:
            if queued is not None:
                self.store.drop_model_retry(story_id)
                report.count("write.recovered")
            return True
        reason = version.report.rejected if version.report else ""
        attempts = queued.attempts if queued else 0
        if endpoint_was_down(reason):
            self.store.queue_model_retry(story_id, now, reason, attempts)
        elif attempts + 1 >= MAX_ATTEMPTS:
            log.warning(
                "story %s: %d model drafts rejected (last: %s); left to the extractive writer",
                story_id,
                attempts + 1,
                reason,
            )
            self.store.drop_model_retry(story_id)
        else:
            wait = min(MAX_WAIT, timedelta(minutes=self.first_minutes * 2**attempts))
            self.store.queue_model_retry(story_id, now + wait, reason, attempts + 1)
        unchanged = (
            queued is not None
            and previous is not None
            and previous.version.draft == version.draft
            and previous.version.article_ids == version.article_ids
        )
        return not unchanged
