"""Core types that flow between the stages.

Every stage takes and returns these plain frozen dataclasses; only the store turns
them into rows. Identity is URL based: an article is known by its canonical URL (or
the feed's guid), never by its position in a feed.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlsplit


class SourceKind(enum.StrEnum):
    """What a configured source is; each kind has one reader under ``ingest/``."""

    FEED = "feed"  # RSS, Atom or JSON Feed
    SITEMAP = "sitemap"
    PAGE = "page"  # one article URL
    FRONT_PAGE = "front_page"  # a site's home page with a discoverable feed
    FOLDER = "folder"  # a folder of saved HTML pages
    JSONL = "jsonl"  # a JSONL dump: url, title, html or text, date
    WARC = "warc"


class Leaning(enum.StrEnum):
    """An outlet's political leaning, on AllSides' five-point scale (or mixed)."""

    LEFT = "left"
    LEAN_LEFT = "lean left"
    CENTER = "center"
    LEAN_RIGHT = "lean right"
    RIGHT = "right"
    MIXED = "mixed"  # rated, but on no side: counts for neither side of a blindspot


class StoryStatus(enum.StrEnum):
    """Where the operator's controls left a story (``newsdesk stories retract|suppress``)."""

    LIVE = "live"  # published, corrected or not
    RETRACTED = "retracted"  # kept at its address under its retraction note; never rewritten
    SUPPRESSED = "suppressed"  # off the site, feeds, API, export and digest; never rewritten


class NoteKind(enum.StrEnum):
    """Why the operator wrote a note on a story; every kind but suppression is public."""

    CORRECTION = "correction"
    RETRACTION = "retraction"
    SUPPRESSION = "suppression"
    RESTORATION = "restoration"


PUBLIC_NOTES = frozenset({NoteKind.CORRECTION, NoteKind.RETRACTION, NoteKind.RESTORATION})


class ArticleKind(enum.StrEnum):
    """What sort of piece an article is; only news reports make a story's neutral text."""

    NEWS = "news"  # a news report (fact checks and data pieces count as news)
    OPINION = "opinion"  # columns, op-eds, editorials, letters
    ANALYSIS = "analysis"
    FACT_CHECK = "fact_check"
    PRESS_RELEASE = "press_release"
    INTERVIEW = "interview"
    LIVE_BLOG = "live_blog"
    OTHER = "other"


# The kinds that argue rather than report: kept out of the neutral text, in Perspectives.
# (A StrEnum: the set holds the plain values too, "opinion" in VIEW_KINDS.)
VIEW_KINDS = frozenset({ArticleKind.OPINION, ArticleKind.ANALYSIS})
# The labels the writer puts before the headline of a story of views alone ("Opinion: ...");
# "Commentary" where no page says which kind (write/headline/views.py views_label).
VIEW_LABELS = ("Opinion", "Analysis", "Commentary")


@dataclass(frozen=True, slots=True)
class Source:
    """A place newsdesk reads from."""

    url: str  # http(s) URL, or a local path for folder/jsonl/warc sources
    kind: SourceKind
    name: str = ""
    id: int | None = None
    interval_minutes: float | None = None  # how often `watch` reads it; None: the default
    leaning: Leaning | None = None  # the outlet's rating, when the operator gave one
    article_kind: ArticleKind | None = None  # every article's kind, when the operator set one


@dataclass(frozen=True, slots=True)
class RawDocument:
    """One response or one record exactly as a source served it, before any parsing.

    ``key`` is the document's identity: the feed guid or the URL, stable whatever the
    order of items in a feed.
    """

    key: str
    url: str
    final_url: str
    status: int
    headers: dict[str, str]
    body: bytes
    fetched_at: datetime
    content_type: str = "text/html"
    source_id: int | None = None
    feed_summary: str = ""
    feed_title: str = ""
    feed_published: datetime | None = None
    feed_categories: tuple[str, ...] = ()  # the feed item's categories ("Opinion")
    id: int | None = None


@dataclass(frozen=True, slots=True)
class FetchState:
    """What the fetcher remembers about one URL, for conditional GETs and moved URLs."""

    url: str
    etag: str = ""
    last_modified: str = ""
    permanent_url: str = ""  # where a 301/308 sent this URL; later requests go there
    status: int = 0
    fetched_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class SourceHealth:
    """How reading one source went lately, and when to try it again."""

    source_id: int
    last_attempt: datetime | None = None
    last_success: datetime | None = None
    last_error: str = ""  # the reason of the last failure: "timeout", "http_500", ...
    last_error_detail: str = ""
    last_error_at: datetime | None = None
    next_attempt: datetime | None = None  # None: whenever it is next due
    failures: int = 0  # consecutive failures; a success resets it
    retired_at: datetime | None = None  # set on 410 Gone: never read again


@dataclass(frozen=True, slots=True)
class Article:
    """The clean article that extraction got out of a RawDocument."""

    url: str  # canonical URL when the page declares one
    title: str
    paragraphs: tuple[str, ...]
    published_at: datetime | None = None
    updated_at: datetime | None = None
    authors: tuple[str, ...] = ()
    site_name: str = ""
    language: str = ""
    summary: str = ""  # the feed's own summary, when there is one
    kind: ArticleKind | None = None  # None: not classified (read as a news report)
    raw_id: int | None = None
    source_id: int | None = None
    id: int | None = None

    @property
    def text(self) -> str:
        return "\n".join(self.paragraphs)

    @property
    def outlet(self) -> str:
        """The outlet's name: ``site_name``, else the URL's host, else the URL."""
        return self.site_name or urlsplit(self.url).hostname or self.url


@dataclass(frozen=True, slots=True)
class Rejected:
    """Extraction's answer for a document that is not a usable article."""

    reason: str  # a short machine-readable reason: "too_short", "not_html", ...
    detail: str = ""


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence of a draft and the ids of the articles that support it."""

    text: str
    sources: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Perspective:
    """One opinion or analysis piece, told as what it argues and attributed to it."""

    text: str  # "In National Review, David Harsanyi argues that ..."
    article_id: int


@dataclass(frozen=True, slots=True)
class Draft:
    """What a writer produces for one story."""

    headline: str
    summary: Sentence
    paragraphs: tuple[tuple[Sentence, ...], ...]
    writer: str = "extractive"
    perspectives: tuple[Perspective, ...] = ()  # kept apart from the neutral text

    def sentences(self) -> tuple[Sentence, ...]:
        """Summary first, then every body sentence in order."""
        return (self.summary, *(s for p in self.paragraphs for s in p))


@dataclass(frozen=True, slots=True)
class RefusedSentence:
    """One sentence the verifier refused, and why (``newsdesk.verify.REASONS``)."""

    text: str
    reasons: tuple[str, ...]  # machine-readable: "negation", "number", "speaker", ...
    part: str = "body"  # "headline", "summary", "body" or "perspective"
    writer: str = ""  # the writer whose draft held it


@dataclass(frozen=True, slots=True)
class VerifyReport:
    """What the verifier checked in a draft and what it had to drop."""

    checked_claims: int
    supported_claims: int
    dropped: tuple[str, ...] = ()  # texts of the sentences removed, with no source
    fell_back: bool = False
    notes: tuple[str, ...] = ()
    reasons: tuple[str, ...] = ()  # one reason code per text of ``dropped`` ("number", ...)
    rejected: str = ""  # why the chosen writer's draft was not used ("timeout", ...)
    translated_from: tuple[str, ...] = ()  # source languages a model translated from
    refused: tuple[RefusedSentence, ...] = ()  # each refused sentence with its reasons

    def reason_counts(self) -> dict[str, int]:
        """How many refused sentences gave each reason."""
        counts: dict[str, int] = {}
        for sentence in self.refused:
            for reason in sentence.reasons:
                counts[reason] = counts.get(reason, 0) + 1
        return counts


@dataclass(frozen=True, slots=True)
class Story:
    """One event, as a group of articles."""

    id: int
    created_at: datetime
    updated_at: datetime
    article_ids: tuple[int, ...] = ()
    merged_into: int | None = None
    needs_writing: bool = True
    section: str = ""  # "World", "Politics", ...; "" until classified
    storyline_id: int | None = None  # the storyline linking related events, if any
    status: StoryStatus = StoryStatus.LIVE


@dataclass(frozen=True, slots=True)
class StoryNote:
    """An operator's note on a story: a correction, a retraction, a suppression or undoing it."""

    story_id: int
    kind: NoteKind
    note: str
    version: int  # the version it came with (the new version a correction or retraction made)
    created_at: datetime


@dataclass(frozen=True, slots=True)
class StoryVersion:
    """One written version of a story; old versions are kept."""

    story_id: int
    version: int
    draft: Draft
    created_at: datetime
    article_ids: tuple[int, ...]
    what_changed: str = ""
    report: VerifyReport | None = None


@dataclass(slots=True)
class RunReport:
    """Counts, errors and timings of one pipeline run."""

    started_at: datetime
    finished_at: datetime | None = None
    counts: dict[str, int] = field(default_factory=dict)
    errors: dict[str, int] = field(default_factory=dict)  # reason -> count
    timings: dict[str, float] = field(default_factory=dict)  # stage -> seconds
    id: int | None = None

    def count(self, name: str, n: int = 1) -> None:
        if n:
            self.counts[name] = self.counts.get(name, 0) + n

    def error(self, reason: str, n: int = 1) -> None:
        self.errors[reason] = self.errors.get(reason, 0) + n


@dataclass(frozen=True, slots=True)
class StoryRow:
    """An open story of the cluster window: JSON, a term vector, a summed embedding."""

    value: str
    terms: str  # one a line, in order
    weights: bytes  # little-endian float64, in the order of ``terms``
    dense: bytes | None = None  # little-endian float32


@dataclass(frozen=True, slots=True)
class MemberRow:
    """An article of the cluster window: its story, arrival number, JSON, term vector."""

    story_id: int
    seq: int
    value: str
    terms: str
    weights: bytes


@dataclass(frozen=True, slots=True)
class RetiredRow:
    """An article of a closed story that the cluster window's IDF table still counts."""

    rank: int  # retirement number: the oldest leaves the table first
    terms: str  # one a line


@dataclass(frozen=True, slots=True)
class ClusterWindowRows:
    """The cluster stage's open window as the store keeps it: one JSON text per row.

    ``newsdesk.cluster.state`` writes and reads them; the store keeps them as given.
    ``clock`` holds the counters (None: no window was ever saved); ``stories`` maps a
    story id to its ``StoryRow``, ``members`` an article id to its ``MemberRow``. A change
    to save also names articles already saved that moved to another story (``moved``) and
    the stories and articles that left the window (``gone_stories``, ``gone_members``).
    ``retired`` maps an article of a closed story, still counted in the IDF table, to its
    ``RetiredRow``; ``gone_retired`` names those no longer counted.
    """

    clock: str | None = None
    stories: Mapping[int, StoryRow] = field(default_factory=dict)
    members: Mapping[int, MemberRow] = field(default_factory=dict)
    moved: Mapping[int, int] = field(default_factory=dict)
    gone_stories: tuple[int, ...] = ()
    gone_members: tuple[int, ...] = ()
    retired: Mapping[int, RetiredRow] = field(default_factory=dict)
    gone_retired: tuple[int, ...] = ()
