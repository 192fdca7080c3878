"""`newsdesk eval stream`: the whole pipeline on a dated multi-outlet stream, judged.

The stream's articles (``allsides-stream``: one article a line, in date order) are
written as a JSONL dump of the kind any archive gives (url, title, text, date, the
outlet's name) and read by ``newsdesk run`` into a temporary store, with the default
config unless one is given. Every written story is then dumped as one JSON line (the
format of ``score_stream.py``: headline, sentences with their sources, perspectives,
member articles) and judged by ``newsdesk.evaluate.editorial``.

What the product sees is what a feed would give: no label, no story id, no outlet rating.
The outlet's name is the one the stream uses for that web site's news reports
(AllSides appends a medium to it, "Fox News (Online News)", "New York Times
(Opinion)", and names some columnists as the outlet: neither is how a site names
itself, so each host gets its most common name with the medium stripped). The labels
and the gold roundups are read only to score.
"""

from __future__ import annotations

import gzip
import json
import re
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from newsdesk.config import load_config
from newsdesk.errors import EvalDataError
from newsdesk.evaluate.data import dataset_file, iter_records
from newsdesk.models import Source, SourceKind
from newsdesk.store import open_store
from newsdesk.store.base import Store
from newsdesk.text.urls import host_of

_MEDIUM = re.compile(r"\s*\((?:Online News|News|Opinion|Online)\)\s*$")


def site_names(rows: Iterable[Mapping[str, Any]]) -> dict[str, str]:
    """Each host's name: its most common outlet name in the stream, medium stripped.

    Args:
        rows: the stream's articles.

    Returns:
        host -> the name its pages would give as their site name.
    """
    counts: dict[str, Counter[str]] = {}
    for row in rows:
        name = _MEDIUM.sub("", str(row.get("outlet") or "")).strip()
        if name:
            counts.setdefault(host_of(str(row.get("url") or "")), Counter())[name] += 1
    return {host: c.most_common(1)[0][0] for host, c in counts.items()}


def product_records(rows: Sequence[Mapping[str, Any]]) -> list[dict[str, str]]:
    """The stream as a plain JSONL archive: url, title, text, date and site name only.

    Args:
        rows: the stream's articles, in date order.

    Returns:
        One record per article, in the same order, with nothing a feed would not give.
    """
    names = site_names(rows)
    out = []
    for row in rows:
        url = str(row.get("url") or "")
        out.append(
            {
                "url": url,
                "title": str(row.get("title") or ""),
                "text": str(row.get("text") or ""),
                "date": str(row.get("date") or ""),
                "site_name": names.get(host_of(url), host_of(url)),
            }
        )
    return out


# ``newsdesk.pipeline.run``, handed in by the caller: evaluate sits beside the pipeline in
# the layers (docs/architecture.md) and does not import it.
RunPipeline = Callable[..., object]


def run_stream(
    records: Sequence[Mapping[str, str]], folder: Path, config: Path | None, run: RunPipeline
) -> Path:
    """Run the pipeline once over ``records`` in ``folder``; returns the store's path.

    Args:
        records: the product's input (``product_records``).
        folder: an empty folder for the dump, the store and the site.
        config: a config file to take settings from (its sources are ignored), or None.
        run: ``newsdesk.pipeline.run``.
    """
    dump = folder / "stream.jsonl"
    with dump.open("w", encoding="utf-8") as fh:
        for record in records:
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    store_path = folder / "newsdesk.db"
    base = load_config(config, must_exist=config is not None, env={})
    values = {k: v for k, v in base.values.items() if not k.startswith(("store.", "site.dir"))}
    values |= {"store.url": str(store_path), "site.dir": str(folder / "site")}
    settings = load_config(folder / "none.toml", env={}, overrides=values)
    store = open_store(str(store_path))
    try:
        run(settings, store, sources=[Source(str(dump), SourceKind.JSONL, name="stream")])
    finally:
        store.close()
    return store_path


def dump_stories(store: Store) -> list[dict[str, Any]]:
    """Every written story as one JSON-able dict (``score_stream.py``'s input format).

    Args:
        store: the store after the run.

    Returns:
        Stories in id order: id, headline, sentences (the neutral text, with sources),
        perspectives, and the member articles (id, url, title, outlet, kind).
    """
    out = []
    for summary in sorted(store.latest_stories(1_000_000), key=lambda s: s.story_id):
        versions = store.versions(summary.story_id)
        if not versions:
            continue
        draft = versions[-1].draft
        members = [m.article for m in store.story_members(summary.story_id)]
        out.append(
            {
                "id": summary.story_id,
                "headline": draft.headline,
                "sentences": [
                    {"text": s.text, "sources": list(s.sources)} for s in draft.sentences()
                ],
                "perspectives": [
                    {"text": p.text, "article": p.article_id} for p in draft.perspectives
                ],
                "articles": [
                    {
                        "id": a.id,
                        "url": a.url,
                        "title": a.title,
                        "outlet": a.site_name,
                        "kind": a.kind.value if a.kind else None,
                    }
                    for a in members
                ],
            }
        )
    return out


def gold_stories(data: Path) -> list[dict[str, Any]]:
    """The stream's gold stories (``stories/*.jsonl.gz`` beside the articles)."""
    folder = dataset_file(data).parent / "stories"
    files = sorted(folder.glob("*.jsonl.gz"))
    if not files:
        raise EvalDataError(f"{folder}: no stories/*.jsonl.gz (AllSides' roundups)")
    with gzip.open(files[0], "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def run_stream_eval(
    data: Path,
    run: RunPipeline,
    out: Path | None = None,
    config: Path | None = None,
    limit: int | None = None,
) -> dict[str, Any]:
    """Run the pipeline on the stream, dump its stories and judge them.

    Args:
        data: the stream's folder (one articles ``*.jsonl.gz`` and ``stories/``).
        run: ``newsdesk.pipeline.run``.
        out: also write the stories here, one JSON line each (``score_stream.py``'s input).
        config: a config to take settings from (default: the defaults).
        limit: only the first N articles.

    Returns:
        The measures of ``editorial.judge`` plus ``seconds``.
    """
    from newsdesk.evaluate.editorial import judge

    rows = list(iter_records(data))
    if rows and not {"url", "cluster_id", "opinion_tag"} <= rows[0].keys():
        raise EvalDataError(f"{data}: not a stream (url, cluster_id, opinion_tag per line)")
    if limit is not None:
        rows = rows[:limit]
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="newsdesk-stream-") as tmp:
        store_path = run_stream(product_records(rows), Path(tmp), config, run)
        store = open_store(str(store_path))
        try:
            stories = dump_stories(store)
            articles = store.recent_articles(since=None, limit=1_000_000)
        finally:
            store.close()
    seconds = time.perf_counter() - started
    if out is not None:
        with out.open("w", encoding="utf-8") as fh:
            for story in stories:
                fh.write(json.dumps(story, ensure_ascii=False) + "\n")
    result = judge(rows, gold_stories(data), stories, articles, data)
    result["seconds"] = round(seconds, 1)
    return result
