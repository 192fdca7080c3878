"""The write stage: a story's articles in, its next verified version out.

``write_story`` is the stage's one entry point. It takes plain values (the story's
articles, its previous version, the writers) and returns the version to store with its
coverage notes; the pipeline reads and saves them. ``write_verified`` runs a writer,
has the verifier judge its draft and falls back to the default writer when the draft
is rejected or the writer fails. ``llm_writer`` builds the LLM writer from the config.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, NamedTuple

from newsdesk.config import Config
from newsdesk.errors import ConfigError
from newsdesk.models import Article, Draft, StoryVersion, VerifyReport
from newsdesk.verify import verify
from newsdesk.write.base import Writer, WriterError, WriterUnavailable
from newsdesk.write.coverage import coverage, what_changed
from newsdesk.write.llm import LLMWriter, ReplyCache

log = logging.getLogger(__name__)


class PreviousVersion(NamedTuple):
    """A story's latest version and the articles it was written from."""

    version: StoryVersion
    articles: tuple[Article, ...]


@dataclass(frozen=True, slots=True)
class WrittenVersion:
    """A new version of a story and its coverage notes (``coverage``), ready to store."""

    version: StoryVersion
    coverage: dict[str, Any]

    @property
    def fell_back(self) -> bool:
        """Whether the default writer wrote it because the chosen one failed."""
        return self.version.report is not None and self.version.report.fell_back


def write_story(
    story_id: int,
    articles: Sequence[Article],
    previous: PreviousVersion | None,
    writer: Writer,
    fallback: Writer,
    now: datetime | None = None,
) -> WrittenVersion:
    """Write, verify and number the next version of a story.

    Args:
        story_id: the story.
        articles: its articles, in arrival order, ids set.
        previous: its latest version and that version's articles; None for a new story.
        writer: the configured writer.
        fallback: the default writer, used when ``writer`` fails or is rejected.
        now: the version's time (default: now).

    Returns:
        The version (its number one past the previous one, with the verifier's report
        and a line on what changed) and the story's coverage notes.
    """
    draft, report = write_verified(articles, writer, fallback)
    changed = ""
    if previous is not None:
        changed = what_changed(previous.articles, articles, previous.version.draft, draft)
    version = StoryVersion(
        story_id=story_id,
        version=previous.version.version + 1 if previous else 1,
        draft=draft,
        created_at=now or datetime.now(UTC),
        article_ids=tuple(a.id for a in articles if a.id is not None),
        what_changed=changed or ("First version." if previous is None else "Sources updated."),
        report=report,
    )
    return WrittenVersion(version, coverage(articles))


def write_verified(
    articles: Sequence[Article], writer: Writer, fallback: Writer
) -> tuple[Draft, VerifyReport]:
    """Write with ``writer`` and verify; fall back to ``fallback`` when rejected.

    Args:
        articles: the story's articles.
        writer: the configured writer (LLM or extractive).
        fallback: the default writer, used when ``writer`` fails or its draft is rejected.

    Returns:
        The published draft and its report: the counts are the published draft's;
        ``fell_back`` is set when the fallback wrote it, and the notes then start with
        why the first draft was rejected.
    """
    try:
        draft, report = verify(writer.write(articles), articles)
    except WriterError as exc:
        level = logging.DEBUG if isinstance(exc, WriterUnavailable) else logging.WARNING
        log.log(level, "writer %s failed (%s); falling back to %s", writer.name, exc, fallback.name)
        draft, report = None, VerifyReport(0, 0, notes=(f"{writer.name} failed: {exc}",))
    if draft is not None:
        return draft, report
    backup, backup_report = verify(fallback.write(articles), articles)
    if backup is None:
        # The default writer only copies source sentences; keep its draft whole.
        backup = fallback.write(articles)
    return backup, VerifyReport(
        backup_report.checked_claims,
        backup_report.supported_claims,
        backup_report.dropped,
        True,
        (*report.notes, *backup_report.notes),
        (*report.refused, *backup_report.refused),
    )


def llm_writer(config: Config, cache: ReplyCache | None = None) -> LLMWriter:
    """The LLM writer on the config's ``write.llm_*`` endpoint."""
    model = str(config.get("write.llm_model")).strip()
    if not model:
        raise ConfigError(
            "write.writer is 'llm' but write.llm_model is empty: name the endpoint's model"
        )
    return LLMWriter(
        base_url=str(config.get("write.llm_base_url")),
        model=model,
        api_key=str(config.get("write.llm_api_key")),
        timeout=float(config.get("write.llm_timeout")),
        max_input_tokens=int(config.get("write.llm_input_tokens")),
        give_up_after=int(config.get("write.llm_give_up_after")),
        case=str(config.get("write.headline_case")),
        cache=cache,
    )
