"""`newsdesk eval cluster`: stream a labelled dataset through dedupe and clustering.

Records are read in file order and turned into ``Article`` objects; each goes through
the real ``Deduper`` (a copy joins its original's story) and ``StoryClusterer``, exactly
as the pipeline uses them. The gold ``cluster_id`` is read only to score the result.
"""

from __future__ import annotations

import json
import sys
import time
from collections import Counter
from collections.abc import Hashable, Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import numpy as np

from newsdesk.classify.kind import classify_article
from newsdesk.cluster import ClusterOptions, StoryClusterer
from newsdesk.dedupe import Deduper
from newsdesk.errors import EvalDataError
from newsdesk.evaluate.data import iter_records
from newsdesk.models import Article

if TYPE_CHECKING:
    from newsdesk.embed import Embedder

_DATE_KEYS = ("published_at", "published", "date", "datetime", "timestamp", "time")
_SITE_KEYS = ("site_name", "outlet", "source", "site", "domain", "publisher")
_DEDUPE_WINDOW = timedelta(days=7)


def _parse_date(value: Any) -> datetime | None:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return datetime.fromtimestamp(float(value), tz=UTC)
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def record_to_article(record: dict[str, Any], article_id: int) -> Article:
    """Build the ``Article`` that a dataset record stands for.

    Args:
        record: one dataset line: ``title`` and ``text`` (or ``snippet``, ``body``,
            ``paragraphs``), optionally a date, an outlet and a ``url``.
        article_id: the id to give the article.

    Returns:
        The article with its classified ``kind`` (the gold label, and the dataset's own
        opinion tag, are not copied into it).
    """
    title = str(record.get("title") or "")
    paragraphs: tuple[str, ...]
    if isinstance(record.get("paragraphs"), list):
        paragraphs = tuple(str(p) for p in record["paragraphs"])
    elif "snippet" in record:  # googlenews-stc: ``text`` repeats the title
        paragraphs = (str(record.get("snippet") or ""),)
    else:
        paragraphs = (str(record.get("text") or record.get("body") or ""),)
    paragraphs = tuple(p for p in paragraphs if p.strip())
    published = next((d for k in _DATE_KEYS if (d := _parse_date(record.get(k)))), None)
    site = next((str(record[k]) for k in _SITE_KEYS if isinstance(record.get(k), str)), "")
    url = str(record.get("url") or f"eval:{record.get('id', article_id)}")
    if not site and url.startswith("http"):
        site = urlsplit(url).hostname or ""
    article = Article(url, title, paragraphs, published_at=published, site_name=site, id=article_id)
    # Classified as the extract stage classifies a page without markup: the clusterer
    # reads the kind (cluster/views.py), so an unclassified article would not be the product's.
    return replace(article, kind=classify_article(article).kind)


def bcubed(pred: Sequence[Hashable], gold: Sequence[Hashable]) -> tuple[float, float, float]:
    """Return BCubed precision, recall and F1 of a clustering against gold labels."""
    pairs = Counter(zip(pred, gold, strict=True))
    pred_sizes = Counter(pred)
    gold_sizes = Counter(gold)
    n = len(pred)
    precision = sum(c * c / pred_sizes[p] for (p, _), c in pairs.items()) / n
    recall = sum(c * c / gold_sizes[g] for (_, g), c in pairs.items()) / n
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def matched_accuracy(pred: Sequence[Hashable], gold: Sequence[Hashable]) -> float:
    """Clustering accuracy after the best one-to-one matching (Hungarian) of labels."""
    from scipy.optimize import linear_sum_assignment

    p_index = {p: i for i, p in enumerate(dict.fromkeys(pred))}
    g_index = {g: i for i, g in enumerate(dict.fromkeys(gold))}
    table = np.zeros((len(p_index), len(g_index)), dtype=np.int64)
    for p, g in zip(pred, gold, strict=True):
        table[p_index[p], g_index[g]] += 1
    rows, cols = linear_sum_assignment(table, maximize=True)
    return float(table[rows, cols].sum()) / len(pred)


def score(pred: Sequence[Hashable], gold: Sequence[Hashable]) -> dict[str, float]:
    """Return every clustering metric: BCubed P/R/F1, NMI, ARI and matched accuracy."""
    from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

    p, r, f = bcubed(pred, gold)
    codes_p = [str(x) for x in pred]
    codes_g = [str(x) for x in gold]
    return {
        "bcubed_precision": round(p, 4),
        "bcubed_recall": round(r, 4),
        "bcubed_f1": round(f, 4),
        "nmi": round(float(normalized_mutual_info_score(codes_g, codes_p)), 4),
        "ari": round(float(adjusted_rand_score(codes_g, codes_p)), 4),
        "accuracy": round(matched_accuracy(pred, gold), 4),
    }


def cluster_stream(
    articles: Sequence[Article],
    options: ClusterOptions | None = None,
    embedder: Embedder | None = None,
) -> list[tuple[int, int]]:
    """Run dedupe and online clustering over ``articles`` in order, as the pipeline does.

    Args:
        articles: articles with ids, in arrival order.
        options: clustering options (defaults when None).
        embedder: the embedder when ``options.use_embeddings`` (MiniLM when None);
            each article is embedded on its own, in batches for speed.

    Returns:
        ``(article_id, story_id)`` per article, merges resolved to the surviving story.
    """
    deduper = Deduper()
    clusterer = StoryClusterer(options, embedder)
    if clusterer.embedder is not None:
        clusterer.prepare(articles)
    story_of: dict[int, int] = {}
    redirect: dict[int, int] = {}
    next_story = 1
    newest: datetime | None = None

    def resolve(sid: int) -> int:
        while sid in redirect:
            sid = redirect[sid]
        return sid

    for article in articles:
        assert article.id is not None
        if article.published_at is not None and (newest is None or article.published_at > newest):
            newest = article.published_at
            deduper.evict_before(newest - _DEDUPE_WINDOW)
        original = deduper.check(article)
        if original is not None:
            story_of[article.id] = story_of[original]
            continue
        deduper.add(article)
        decision = clusterer.assign(article)
        sid = decision.story_id
        if sid is None:
            sid = next_story
            next_story += 1
        for other in decision.merged:
            redirect[other] = sid
        clusterer.commit(article, sid, decision.merged)
        story_of[article.id] = sid
    return [(aid, resolve(sid)) for aid, sid in story_of.items()]


def run_cluster_eval(
    data: Path,
    out: Path | None = None,
    options: ClusterOptions | None = None,
    limit: int | None = None,
) -> dict[str, Any]:
    """Score dedupe + online clustering on a labelled dataset.

    Args:
        data: a dataset folder or its ``*.jsonl.gz`` file; each record has ``cluster_id``.
        out: when given, write one JSON line ``{id, story_id}`` per article there.
        options: clustering options (defaults when None).
        limit: read at most this many records.

    Returns:
        ``items``, ``stories``, ``bcubed_precision``, ``bcubed_recall``, ``bcubed_f1``,
        ``nmi``, ``ari``, ``accuracy`` and ``items_per_second``.

    Raises:
        EvalDataError: when a record has no ``cluster_id`` or the dataset is empty.
    """
    articles: list[Article] = []
    gold: list[Hashable] = []
    names: list[str] = []
    for i, record in enumerate(iter_records(data)):
        if limit is not None and i >= limit:
            break
        if "cluster_id" not in record:
            raise EvalDataError(f"record {i + 1} has no cluster_id")
        articles.append(record_to_article(record, i))
        gold.append(record["cluster_id"])
        names.append(str(record.get("id", i)))
    if not articles:
        raise EvalDataError(f"no records in {data}")
    started = time.perf_counter()
    assigned = dict(cluster_stream(articles, options))
    elapsed = time.perf_counter() - started
    pred = [assigned[i] for i in range(len(articles))]
    result: dict[str, Any] = {"items": len(articles), "stories": len(set(pred))}
    result.update(score(pred, gold))
    result["items_per_second"] = round(len(articles) / elapsed, 1) if elapsed else None
    if out is not None:
        with out.open("w", encoding="utf-8") as fh:
            for name, sid in zip(names, pred, strict=True):
                fh.write(json.dumps({"id": name, "story_id": sid}) + "\n")
    print(f"clustered {len(articles)} articles into {result['stories']} stories", file=sys.stderr)
    return result
