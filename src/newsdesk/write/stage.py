"""The write stage: a story's articles in, its next verified version out.

``write_story`` is the stage's one entry point. It takes plain values (the story's
articles, its previous version, the writers) and returns the version to store with its
coverage notes; the pipeline reads and saves them. ``write_verified`` keeps planted
instructions out of the sources (``guard``), runs a writer, has the verifier judge its
draft and falls back to the default writer when the draft is rejected or the writer
fails, recording why. ``llm_writer`` builds the LLM writer from the config.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, NamedTuple

from newsdesk.config import Config, default
from newsdesk.errors import ConfigError
from newsdesk.models import Article, Draft, StoryVersion, VerifyReport
from newsdesk.verify import verify
from newsdesk.write.base import (
    DraftRejected,
    ModelWriter,
    Writer,
    WriterError,
    WriterUnavailable,
    one_language,
)
from newsdesk.write.coverage import coverage, what_changed
from newsdesk.write.guard import sanitise
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
    language: str = default("write.language"),
) -> WrittenVersion:
    """Write, verify and number the next version of a story.

    Logs one line per draft not used and per sentence left out, with its reason.

    Args:
        story_id: the story.
        articles: its articles, in arrival order, ids set.
        previous: its latest version and that version's articles; None for a new story.
        writer: the configured writer.
        fallback: the default writer, used when ``writer`` fails or is rejected.
        now: the version's time (default: now).
        language: the language stories are written in.

    Returns:
        The version (its number one past the previous one, with the verifier's report
        and a line on what changed) and the story's coverage notes.
    """
    draft, report = write_verified(articles, writer, fallback, language)
    _log_rejections(story_id, writer, report)
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


def _log_rejections(story_id: int, writer: Writer, report: VerifyReport) -> None:
    if report.fell_back and report.rejected:
        # Once the endpoint is not asked any more, that was said once, not per story.
        quiet = report.rejected == "endpoint_unavailable"
        log.log(
            logging.DEBUG if quiet else logging.WARNING,
            "story %s: %s draft not used (%s): %s",
            story_id,
            writer.name,
            report.rejected,
            report.notes[0] if report.notes else "",
        )
    for text, reason in zip(report.dropped, report.reasons, strict=False):
        log.info("story %s: sentence left out (%s): %s", story_id, reason, text[:120])


def write_verified(
    articles: Sequence[Article],
    writer: Writer,
    fallback: Writer,
    language: str = default("write.language"),
) -> tuple[Draft, VerifyReport]:
    """Write with ``writer`` and verify; fall back to ``fallback`` when rejected.

    Instruction sentences planted in the sources are removed first, for both writers.
    A writer that cannot translate (any but a ``ModelWriter``) is given the articles of
    one language only (``one_language``).

    Args:
        articles: the story's articles.
        writer: the configured writer (LLM or extractive).
        fallback: the default writer, used when ``writer`` fails or its draft is rejected.
        language: the language stories are written in.

    Returns:
        The published draft and its report: the counts are the published draft's;
        ``fell_back`` is set when the fallback wrote it, ``rejected`` then says why in
        one code, the notes start with the reason in words, and ``dropped``/``reasons``
        list the first draft's left-out sentences before the fallback's.
    """
    clean = sanitise(articles).articles
    try:
        if isinstance(writer, ModelWriter):
            return writer.write_checked(articles)  # it sanitises, keeping what it removed
        own = one_language(clean, language)
        draft, report = verify(writer.write(own), own)
        if draft is not None:
            return draft, report
        raise DraftRejected("", _verifier_reason(report), report)  # the notes say why
    except WriterError as exc:
        if not isinstance(exc, WriterUnavailable):
            log.debug("writer %s failed (%s); falling back to %s", writer.name, exc, fallback.name)
        failed = exc
    first = failed.report if isinstance(failed, DraftRejected) else VerifyReport(0, 0)
    own = one_language(clean, language)
    backup, backup_report = verify(fallback.write(own), own)
    if backup is None:
        # The default writer only copies source sentences; keep its draft whole.
        backup = fallback.write(own)
    verb = "rejected" if isinstance(failed, DraftRejected) else "failed"
    why = (f"{writer.name} {verb} ({failed.reason}): {failed}",) if str(failed) else ()
    return backup, VerifyReport(
        backup_report.checked_claims,
        backup_report.supported_claims,
        (*first.dropped, *backup_report.dropped),
        True,
        (*why, *first.notes, *backup_report.notes),
        (*first.reasons, *backup_report.reasons),
        rejected=failed.reason,
        refused=(*first.refused, *backup_report.refused),
    )


def _verifier_reason(report: VerifyReport) -> str:
    if any(n.startswith("headline unsupported") for n in report.notes):
        return "headline_unsupported"
    return "lead_unsupported" if report.dropped else "too_little_left"


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
        retry_after_cap=float(config.get("write.llm_retry_after_cap")),
        language=str(config.get("write.language")),
        cache=cache,
    )
