"""Helpers that fill a real SQLite store through the Store API with real news text.

Stories come from NeuS (AllSides) dev clusters, the slice in tests/fixtures/datasets:
each cluster's articles become articles of three outlets, and a draft is made of the
articles' own sentences, each citing the article it came from (no reference summary is
read).
"""

from __future__ import annotations

import hashlib
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from newsdesk.evaluate.data import iter_records
from newsdesk.models import (
    Article,
    ArticleKind,
    Draft,
    RawDocument,
    Sentence,
    Source,
    SourceKind,
    StoryVersion,
    VerifyReport,
)
from newsdesk.publish import SiteOptions
from newsdesk.store.sqlite import SQLiteStore

NEUS_DEV = Path(__file__).resolve().parents[1] / "fixtures" / "datasets" / "neus-allsides"
OUTLETS = (
    ("Outlet A", "https://outlet-a.example"),
    ("Outlet B", "https://outlet-b.example"),
    ("Outlet C", "https://outlet-c.example"),
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z“\"])")
_KEYS = itertools.count()


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]


@dataclass
class ArticleSpec:
    """One article to store: what an outlet published."""

    outlet: str
    url: str
    title: str
    text: str
    published_at: datetime  # also when it was fetched
    language: str = "en"
    dated: bool = True  # False: the page gave no publication date
    kind: ArticleKind | None = None  # None: not classified


def add_articles(store: SQLiteStore, specs: Sequence[ArticleSpec]) -> list[int]:
    """Store each spec as a raw document and its extracted article; returns article ids."""
    ids = []
    for spec in specs:
        source_id = store.upsert_source(
            Source(
                url=f"https://feeds.example/{hashlib.sha1(spec.outlet.encode()).hexdigest()[:10]}",
                kind=SourceKind.FEED,
                name=spec.outlet,
            )
        )
        raw_id, _ = store.add_raw(
            RawDocument(
                key=f"{spec.url}#{next(_KEYS)}",
                url=spec.url,
                final_url=spec.url,
                status=200,
                headers={},
                body=spec.text.encode("utf-8"),
                fetched_at=spec.published_at,
                source_id=source_id,
            )
        )
        ids.append(
            store.save_article(
                Article(
                    url=spec.url,
                    title=spec.title,
                    paragraphs=tuple(spec.text.split("\n")),
                    published_at=spec.published_at if spec.dated else None,
                    site_name=spec.outlet,
                    language=spec.language,
                    kind=spec.kind,
                    raw_id=raw_id,
                    source_id=source_id,
                )
            )
        )
    return ids


def draft_from(specs: Sequence[ArticleSpec], ids: Sequence[int], headline: str) -> Draft:
    """A draft made of the articles' own sentences, each citing its article."""
    lead = sentences(specs[0].text)
    summary = Sentence(lead[0], (ids[0],))
    body = [Sentence(s, (ids[0],)) for s in lead[1:3]]
    for spec, article_id in zip(specs[1:], ids[1:], strict=True):
        body += [Sentence(s, (article_id,)) for s in sentences(spec.text)[:2]]
    paragraphs = tuple(tuple(body[i : i + 2]) for i in range(0, len(body), 2))
    return Draft(headline=headline, summary=summary, paragraphs=paragraphs)


def make_story(
    store: SQLiteStore,
    specs: Sequence[ArticleSpec],
    created_at: datetime,
    *,
    headline: str | None = None,
    coverage: dict[str, Any] | None = None,
) -> tuple[int, list[int]]:
    """A story of ``specs`` with one written version; returns (story id, article ids)."""
    ids = add_articles(store, specs)
    story_id = store.create_story(created_at)
    for article_id, spec in zip(ids, specs, strict=True):
        store.add_to_story(story_id, article_id, spec.published_at)
    draft = draft_from(specs, ids, headline or specs[0].title)
    checked = len(draft.sentences())
    store.save_version(
        StoryVersion(
            story_id=story_id,
            version=1,
            draft=draft,
            created_at=created_at,
            article_ids=tuple(ids),
            report=VerifyReport(checked_claims=checked, supported_claims=checked),
        ),
        coverage,
    )
    return story_id, ids


def rewrite(
    store: SQLiteStore, story_id: int, at: datetime, what_changed: str, writer: str = "extractive"
) -> int:
    """A new version of a story: the draft without its last paragraph; returns the version."""
    versions = store.versions(story_id)
    last = versions[-1]
    draft = Draft(
        headline=last.draft.headline + " (Updated)",
        summary=last.draft.summary,
        paragraphs=last.draft.paragraphs[:-1] or last.draft.paragraphs,
        writer=writer,
    )
    store.save_version(
        StoryVersion(
            story_id=story_id,
            version=last.version + 1,
            draft=draft,
            created_at=at,
            article_ids=last.article_ids,
            what_changed=what_changed,
            report=last.report,
        ),
        None,
    )
    return last.version + 1


def first_records(n: int = 8) -> list[dict[str, Any]]:
    """The first ``n`` dev clusters whose articles all have text."""
    chosen = []
    for record in iter_records(NEUS_DEV):
        if all(sentences(a["text"]) for a in record["articles"]):
            chosen.append(record)
        if len(chosen) == n:
            break
    assert len(chosen) == n
    return chosen


def specs_of(record: dict[str, Any], start: datetime) -> list[ArticleSpec]:
    return [
        ArticleSpec(
            outlet=name,
            url=f"{host}/{article['id']}",
            title=article["title"].rstrip("."),
            text=article["text"],
            published_at=start + timedelta(minutes=37 * i),
        )
        for i, ((name, host), article) in enumerate(zip(OUTLETS, record["articles"], strict=False))
    ]


NOW = datetime.now(UTC).replace(microsecond=0)


@dataclass
class Newsroom:
    """A store with stories and the site options to publish it."""

    store: SQLiteStore
    options: SiteOptions
    story_ids: list[int]
    records: list[dict[str, Any]]


def coverage_of(specs: Sequence[ArticleSpec], ids: Sequence[int]) -> dict[str, Any]:
    """Coverage JSON in the writer's shape, with a fact only the last outlet reported."""
    return {
        "outlets": [
            {
                "name": spec.outlet,
                "articles": [
                    {
                        "id": i,
                        "published_at": spec.published_at.isoformat(),
                        "url": spec.url,
                        "title": spec.title,
                    }
                ],
                "only_here": [sentences(spec.text)[-1]] if n == len(specs) - 1 else [],
            }
            for n, (spec, i) in enumerate(zip(specs, ids, strict=True))
        ]
    }


def build_newsroom(folder: Path, neus_records: list[dict[str, Any]]) -> Newsroom:
    """A store in ``folder`` with six stories, and options for a site in ``folder/site``."""
    store = SQLiteStore(folder / "newsdesk.db")
    story_ids = []
    for n, record in enumerate(neus_records[:6]):
        start = NOW - timedelta(hours=30 - 5 * n)
        specs = specs_of(record, start)
        if n == 0:
            ids = add_articles(store, specs)
            story_id = store.create_story(start)
            for article_id, spec in zip(ids, specs, strict=True):
                store.add_to_story(story_id, article_id, spec.published_at)
            draft = draft_from(specs, ids, specs[0].title)
            store.save_version(
                StoryVersion(
                    story_id,
                    1,
                    draft,
                    start + timedelta(hours=2),
                    tuple(ids),
                    report=VerifyReport(
                        checked_claims=5, supported_claims=4, dropped=("An unsupported claim.",)
                    ),
                ),
                coverage_of(specs, ids),
            )
        else:
            story_id, _ = make_story(store, specs, start + timedelta(hours=2))
        story_ids.append(story_id)
    options = SiteOptions(
        out_dir=folder / "site",
        title="newsdesk test desk",
        base_url="https://news.example.org/",
        stories_on_home=10,
        headlines_in_list=5,
    )
    return Newsroom(store, options, story_ids, neus_records)


# What hostile or broken sources send: markup, event handlers, script URLs, controls,
# bidi overrides, path tricks. Every string here must reach a reader as plain text.
HOSTILE_HEADLINE = 'Storm Hits Coast <script>window.__pwned = "headline"</script>'
HOSTILE_SPECS_TEXT = (
    "Officials said the storm <img src=x onerror=\"window.__pwned='img'\"> reached the "
    "coast on Monday. \u202eReversed text\u202c and a null\x00 byte and 🌊 emoji appear. "
    "Residents near «القاهرة» were told to leave.",
    'The agency "><svg onload="window.__pwned=\'svg\'"> warned of flooding. '
    "Roads were closed across the region.",
    "<iframe src=\"javascript:window.__pwned='iframe'\"></iframe> Power lines fell. "
    "Crews worked overnight to restore service.",
)


def hostile_specs(start: datetime) -> list[ArticleSpec]:
    return [
        ArticleSpec(
            outlet="<b onmouseover=\"window.__pwned='outlet'\">Evil</b> ../../etc/passwd",
            url="javascript:window.__pwned='link'",
            title="<script>window.__pwned='title'</script>Storm reaches the coast",
            text=HOSTILE_SPECS_TEXT[0],
            published_at=start,
            language="../../x",
        ),
        ArticleSpec(
            outlet="..",
            url="JaVaScRiPt:window.__pwned='case'",
            title='Flood "warning" <a href="javascript:alert(1)">issued</a>',
            text=HOSTILE_SPECS_TEXT[1],
            published_at=start + timedelta(minutes=20),
            language="en\u202e",
        ),
        ArticleSpec(
            outlet="/etc/cron.d\x00",
            url="https://good.example/storm?a=1&b=<2>",
            title="Power \u2066restored\u2069 after storm",
            text=HOSTILE_SPECS_TEXT[2],
            published_at=start + timedelta(minutes=50),
        ),
    ]


def add_hostile_story(store: SQLiteStore, start: datetime) -> int:
    specs = hostile_specs(start)
    hostile_coverage = {
        "outlets": [
            {
                "name": "<script>window.__pwned='coverage'</script>",
                "articles": "not a list",
                "only_here": ["<b>only</b> here", 42, None],
            },
            "not an outlet",
            {"name": specs[2].outlet, "articles": [{"published_at": "yesterday"}]},
        ]
    }
    story_id, _ = make_story(
        store,
        specs,
        start + timedelta(hours=1),
        headline=HOSTILE_HEADLINE,
        coverage=hostile_coverage,
    )
    return story_id
