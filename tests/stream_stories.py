"""Real stories of the AllSides stream kept as fixtures (tests/fixtures/write/*.jsonl), read
as the product reads them: the articles of one story, without the stream's labels; and the
stream's dev half clustered, with which of its titled pairs end in one story."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from newsdesk.classify.kind import classify_article
from newsdesk.cluster import ClusterOptions
from newsdesk.evaluate.clustering import cluster_stream, record_to_article
from newsdesk.evaluate.data import iter_records
from newsdesk.models import Article
from newsdesk.write import ExtractiveWriter, write_verified

FIXTURES = Path(__file__).parent / "fixtures" / "write"


def read_rows(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def labelled_rows(name: str) -> list[dict[str, Any]]:
    """The rows of fixture ``name`` whose ``story`` field names the story (the editor's label)."""
    return [{**r, "cluster_id": r["story"]} for r in read_rows(FIXTURES / name)]


def written(articles: list[Article]) -> tuple[str, list[str]]:
    """The headline and sentences the default writer publishes for ``articles``, verified."""
    draft, _ = write_verified(articles, ExtractiveWriter(), ExtractiveWriter())
    return draft.headline, [s.text for s in draft.sentences()]


def stream_story(rows: list[dict[str, Any]], cluster: str, classify: bool = True) -> list[Article]:
    """The articles of story ``cluster`` in stream order, each classified as extract does."""
    out = []
    for n, row in enumerate((r for r in rows if r["cluster_id"] == cluster), 1):
        article = Article(
            url=row["url"],
            title=row["title"],
            paragraphs=tuple(p for p in row["text"].split("\n") if p.strip()),
            published_at=datetime.fromisoformat(row["date"]).astimezone(UTC),
            site_name=row["outlet"].split(" (")[0],
            id=n,
        )
        kind = classify_article(article).kind if classify else None
        out.append(replace(article, kind=kind))
    return out


def stream_articles(path: Path) -> list[Article]:
    """The records of stream file ``path`` as articles, numbered from 0 in stream order."""
    return [record_to_article(r, i) for i, r in enumerate(iter_records(path))]


def together(
    articles: list[Article], options: ClusterOptions, pairs: tuple[tuple[str, str], ...]
) -> list[bool]:
    """For each pair of title prefixes, whether clustering ``articles`` puts both in one story."""
    story = dict(cluster_stream(articles, options))

    def find(prefix: str) -> int:
        (aid,) = [a.id for a in articles if a.title.startswith(prefix)]
        assert aid is not None
        return story[aid]

    return [find(one) == find(other) for one, other in pairs]
