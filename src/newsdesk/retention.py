"""Retention: what each run removes once it is older than the operator wants to keep.

Two settings, both off (0) by default: ``retention.raw_days`` drops the bodies of fetched
pages already extracted, ``retention.version_days`` deletes stories' in-between versions.
What stays whatever its age, and why, is in ``store.base.RetentionStore`` and
docs/decisions/store.md: every article (the text that published sentences cite), every
raw document's row, and each story's first, latest and published versions. The pipeline
runs ``apply_retention`` just before publishing, so `run` and every `watch` cycle prune,
and a story that lost versions has its page (which lists them) written again at once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from newsdesk.config import Config, default
from newsdesk.errors import ConfigError
from newsdesk.models import RunReport
from newsdesk.store.base import RetentionStore


@dataclass(frozen=True, slots=True)
class RetentionOptions:
    """Ages after which things are removed, in days; 0 keeps them for ever."""

    raw_days: float = default("retention.raw_days")
    version_days: float = default("retention.version_days")

    @classmethod
    def from_config(cls, config: Config) -> RetentionOptions:
        """The config's retention; a negative age is a ConfigError."""
        days = {key: float(config.get(f"retention.{key}")) for key in ("raw_days", "version_days")}
        for key, value in days.items():
            if value < 0:
                raise ConfigError(f"retention.{key} must be 0 (keep) or a number of days")
        return cls(**days)


def apply_retention(
    store: RetentionStore,
    options: RetentionOptions,
    report: RunReport,
    should_stop: Callable[[], bool],
    now: datetime | None = None,
) -> None:
    """Remove what is older than ``options`` allow, a batch at a time until none is left.

    Counts ``retain.raw_bodies`` and ``retain.versions`` in ``report``. A stop request is
    honoured between batches; what is left is removed by the next run.
    """
    now = now or datetime.now(UTC)
    steps = (
        (options.raw_days, store.prune_raw_bodies, "retain.raw_bodies"),
        (options.version_days, store.prune_versions, "retain.versions"),
    )
    for days, prune, counted in steps:
        if days <= 0:
            continue
        before = now - timedelta(days=days)
        while not should_stop() and (removed := prune(before)):
            report.count(counted, removed)
