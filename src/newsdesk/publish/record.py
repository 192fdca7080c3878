"""The one story schema: what `newsdesk export`, `stories show --json` and the API say.

``story_record`` turns a story, its latest version, its members and the operator's notes
into one plain dict; ``STORY_SCHEMA`` is its JSON Schema (docs/story.schema.json is
generated from it). Records are built a page of stories at a time (``story_records``), so
an export of any size holds one page in memory. Every string that came from a source is
cleaned (``publish.safe``) and every link checked, as on the pages.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import zip_longest
from typing import Any

from newsdesk.models import (
    PUBLIC_NOTES,
    Leaning,
    Story,
    StoryNote,
    StoryStatus,
    StoryVersion,
    VerifyReport,
)
from newsdesk.publish.options import SiteOptions, story_path
from newsdesk.publish.safe import clean_text, language_code, safe_url
from newsdesk.publish.views import outlet_name
from newsdesk.ratings import OutletLeanings
from newsdesk.store.base import Store
from newsdesk.store.records import StoryMember, VersionLine

SCHEMA_ID = "https://newsdesk.invalid/schemas/story-1.json"
PAGE = 500  # stories read from the store at a time
DROPPED_REASON = "not supported by the articles it cites"

_STR = {"type": "string"}
_INT = {"type": "integer"}
_TIME = {"type": "string", "format": "date-time"}
_TIME_OR_NULL = {"type": ["string", "null"], "format": "date-time"}
_URL_OR_NULL = {"type": ["string", "null"], "format": "uri"}
_LEANINGS = ["left", "lean left", "center", "lean right", "right", "mixed"]


def _object(properties: dict[str, Any], description: str = "") -> dict[str, Any]:
    found: dict[str, Any] = {
        "type": "object",
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
    }
    if description:
        found["description"] = description
    return found


def _described(schema: Mapping[str, Any], description: str) -> dict[str, Any]:
    return {**schema, "description": description}


STORY_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": SCHEMA_ID,
    "title": "newsdesk story",
    **_object(
        {
            "id": _described(_INT, "The story's id; its page's address never changes."),
            "version": _described(_INT, "The latest version's number (1, 2, ...)."),
            "status": _described(
                {"enum": ["live", "retracted"]},
                "'retracted': kept at its address under its retraction note.",
            ),
            "headline": _STR,
            "published_at": _described(
                _TIME,
                "When the event was first reported: the earliest publication time of its "
                "articles; the earliest fetch time when none is dated (published_at_estimated).",
            ),
            "published_at_estimated": _described(
                {"type": "boolean"}, "True when published_at is a fetch time, not a date."
            ),
            "updated_at": _described(_TIME, "When the latest version was written."),
            "section": _described({"type": ["string", "null"]}, "World, Politics, ...; null."),
            "storyline": _described(
                {"type": ["integer", "null"]}, "The storyline linking related events, if any."
            ),
            "url": _described(_STR | {"format": "uri"}, "The story's page."),
            "writer": _described(_STR, "'extractive', or the language model's name."),
            "sentences": {
                "description": "The neutral text in reading order: paragraph 0 is the lead "
                "(the summary), then the body's paragraphs 1, 2, ...",
                "type": "array",
                "items": _object(
                    {
                        "text": _STR,
                        "sources": _described(
                            {"type": "array", "items": _INT}, "Ids of the articles it cites."
                        ),
                        "paragraph": {"type": "integer", "minimum": 0},
                    }
                ),
            },
            "perspectives": {
                "description": "Opinion and analysis, told as what each piece argues.",
                "type": "array",
                "items": _object(
                    {"text": _STR, "article": _described(_INT, "The article it tells.")}
                ),
            },
            "articles": {
                "description": "Every member article (republished copies are listed under "
                "the original they copy).",
                "type": "array",
                "items": _object(
                    {
                        "id": _INT,
                        "url": _URL_OR_NULL,
                        "outlet": _STR,
                        "title": _STR,
                        "published_at": _TIME_OR_NULL,
                        "kind": _described(
                            {"type": ["string", "null"]},
                            "news, opinion, analysis, ...; null when not classified.",
                        ),
                        "leaning": _described(
                            {"enum": [*_LEANINGS, None]}, "The outlet's rating; null: unrated."
                        ),
                        "language": _STR,
                        "cited": _described(
                            {"type": "boolean"}, "True when a sentence of the text cites it."
                        ),
                        "republished_by": {"type": "array", "items": _INT},
                    }
                ),
            },
            "verification": {
                "description": "What the verifier checked in the latest version; null when "
                "it was not checked.",
                "oneOf": [
                    {"type": "null"},
                    _object(
                        {
                            "checked_claims": _INT,
                            "supported_claims": _INT,
                            "fell_back": _described(
                                {"type": "boolean"},
                                "True when the default writer replaced a rejected draft.",
                            ),
                            "rejected": _described(
                                _STR,
                                "Why the language model's draft was not used ('' when it "
                                "was, or no model was asked).",
                            ),
                            "dropped": _described(
                                {
                                    "type": "array",
                                    "items": _object({"text": _STR, "reason": _STR}),
                                },
                                "Each sentence left out, with its reason (for example "
                                "'number', 'repeated', 'uncited', 'outlet_voice').",
                            ),
                            "translated_from": _described(
                                {"type": "array", "items": _STR},
                                "Languages translated from; such sentences were checked for "
                                "names and figures only.",
                            ),
                        }
                    ),
                ],
            },
            "notes": {
                "description": "The operator's public notes: corrections, retractions, "
                "restorations, oldest first.",
                "type": "array",
                "items": _object(
                    {
                        "kind": {"enum": ["correction", "retraction", "restoration"]},
                        "note": _STR,
                        "version": _INT,
                        "created_at": _TIME,
                    }
                ),
            },
            "history": {
                "description": "Every version, oldest first; a correction adds one.",
                "type": "array",
                "items": _object(
                    {
                        "version": _INT,
                        "created_at": _TIME,
                        "headline": _STR,
                        "what_changed": _STR,
                    }
                ),
            },
        },
        "One published story: its latest version, its articles and the operator's notes.",
    ),
}


@dataclass(frozen=True, slots=True)
class StoryParts:
    """What one record is made of, as read from the store."""

    story: Story
    version: StoryVersion
    members: tuple[StoryMember, ...]
    notes: tuple[StoryNote, ...] = ()
    history: tuple[VersionLine, ...] = ()


def _iso(value: datetime) -> str:
    aware = value if value.tzinfo else value.replace(tzinfo=UTC)
    return aware.astimezone(UTC).isoformat()


def first_reported(members: Sequence[StoryMember]) -> tuple[datetime | None, bool]:
    """When a story was first reported, and whether that is only a fetch time.

    Args:
        members: the story's articles.

    Returns:
        The earliest publication time of its articles and False; when none is dated,
        the earliest fetch time and True; (None, True) when there is neither.
    """

    def aware(value: datetime) -> datetime:
        return value if value.tzinfo else value.replace(tzinfo=UTC)

    dated = [aware(m.article.published_at) for m in members if m.article.published_at]
    if dated:
        return min(dated), False
    fetched = [aware(m.fetched_at) for m in members if m.fetched_at]
    return (min(fetched) if fetched else None), True


def _value(leaning: Leaning | None) -> str | None:
    return None if leaning is None else leaning.value


def _verification(report: VerifyReport | None) -> dict[str, Any] | None:
    if report is None:
        return None
    return {
        "checked_claims": report.checked_claims,
        "supported_claims": report.supported_claims,
        "fell_back": report.fell_back,
        "rejected": clean_text(report.rejected, limit=100),
        "dropped": [
            {"text": clean_text(text), "reason": clean_text(reason, limit=100)}
            for text, reason in zip_longest(
                report.dropped, report.reasons[: len(report.dropped)], fillvalue=DROPPED_REASON
            )
        ],
        "translated_from": [language_code(x) for x in report.translated_from],
    }


def story_record(
    parts: StoryParts, leanings: OutletLeanings, options: SiteOptions
) -> dict[str, Any]:
    """The record of one story (``STORY_SCHEMA``).

    Args:
        parts: the story, its latest version, members, notes and version history.
        leanings: the sources' leanings and the outlets' ratings (as the pages use).
        options: the site's base URL, for the story's address.

    Returns:
        A JSON-ready dict.
    """
    draft = parts.version.draft
    members = parts.members
    first, estimated = first_reported(members)
    lead_and_body = ((draft.summary,), *draft.paragraphs)
    numbered = [(n, s) for n, paragraph in enumerate(lead_and_body) for s in paragraph]
    sentences: list[dict[str, Any]] = [
        {"text": clean_text(s.text), "sources": list(s.sources), "paragraph": n}
        for n, s in numbered
        if clean_text(s.text)
    ]
    cited = {i for _, s in numbered for i in s.sources}
    return {
        "id": parts.story.id,
        "version": parts.version.version,
        "status": parts.story.status.value,
        "headline": clean_text(draft.headline, limit=500),
        "published_at": _iso(first or parts.version.created_at),
        "published_at_estimated": estimated,
        "updated_at": _iso(parts.version.created_at),
        "section": clean_text(parts.story.section, limit=100) or None,
        "storyline": parts.story.storyline_id,
        "url": options.absolute(story_path(parts.story.id)),
        "writer": clean_text(draft.writer, limit=100),
        "sentences": sentences,
        "perspectives": [
            {"text": clean_text(p.text), "article": p.article_id} for p in draft.perspectives
        ],
        "articles": [
            {
                "id": m.article.id or 0,
                "url": safe_url(m.article.url),
                "outlet": (outlet := outlet_name(m.article.site_name, m.article.url)),
                "title": clean_text(m.article.title, limit=500),
                "published_at": _iso(m.article.published_at) if m.article.published_at else None,
                "kind": None if m.article.kind is None else m.article.kind.value,
                "leaning": _value(leanings.of(m.article, outlet)),
                "language": language_code(m.article.language),
                "cited": bool(cited & {m.article.id, *m.republished_by}),
                "republished_by": list(m.republished_by),
            }
            for m in members
        ],
        "verification": _verification(parts.version.report),
        "notes": [
            {
                "kind": n.kind.value,
                "note": clean_text(n.note, limit=2000),
                "version": n.version,
                "created_at": _iso(n.created_at),
            }
            for n in parts.notes
            if n.kind in PUBLIC_NOTES
        ],
        "history": [
            {
                "version": line.version,
                "created_at": _iso(line.created_at),
                "headline": clean_text(line.headline, limit=500),
                "what_changed": clean_text(line.what_changed, limit=2000),
            }
            for line in parts.history
        ],
    }


def read_parts(store: Store, stories: Sequence[Story]) -> list[StoryParts]:
    """The parts of several stories, in a few queries; stories without a version left out."""
    ids = [s.id for s in stories]
    versions = store.latest_versions(ids)
    members = store.members_of(ids)
    notes = store.story_notes(ids)
    history = store.version_lines(ids)
    return [
        StoryParts(
            story=s,
            version=versions[s.id],
            members=tuple(members.get(s.id, ())),
            notes=tuple(notes.get(s.id, ())),
            history=tuple(history.get(s.id, ())),
        )
        for s in stories
        if s.id in versions
    ]


def story_records(
    store: Store, options: SiteOptions, since: datetime | None = None, page: int = PAGE
) -> Iterator[dict[str, Any]]:
    """Every exportable story's record, by id, a page at a time.

    Args:
        store: the store.
        options: the site's base URL.
        since: only stories whose latest version was written at or after this time.
        page: stories read at a time.

    Yields:
        One record per unmerged, unsuppressed, written story.
    """
    leanings = OutletLeanings.read(store)
    after = 0
    while stories := store.stories_page(after, page, since):
        for parts in read_parts(store, stories):
            yield story_record(parts, leanings, options)
        after = stories[-1].id


def one_record(store: Store, story_id: int, options: SiteOptions) -> dict[str, Any] | None:
    """The record of one story; None when it has no version, is merged or suppressed."""
    story = store.story(story_id)
    if story is None or story.merged_into is not None or story.status == StoryStatus.SUPPRESSED:
        return None
    found = read_parts(store, [story])
    if not found:
        return None
    return story_record(found[0], OutletLeanings.read(store), options)


def outlets_of(record: Mapping[str, Any]) -> dict[str, str | None]:
    """A record's distinct outlets, in order, each with its leaning (None: unrated)."""
    found: dict[str, str | None] = {}
    for article in record["articles"]:
        if found.get(article["outlet"]) is None:
            found[article["outlet"]] = article["leaning"]
    return found
