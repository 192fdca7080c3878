"""Speed (stories per second) and quality of the default writer against a plain baseline.

Usage:
    .venv/bin/python bench/bench_write.py                  # all NeuS dev items
    .venv/bin/python bench/bench_write.py --limit 300 --split val
    .venv/bin/python bench/bench_write.py --long 20        # also: 20-article stories

Three writers run over the same NeuS/AllSides items (3 outlets, title + lead each):

* ``centroid``: the baseline, measured in the same run: the sentences closest to the
  centroid of all the articles' words, up to the same lead length, the first title as
  headline (the "plain centroid pick" of the issue);
* ``extractive``: the default writer;
* ``extractive+verify``: the default writer and the verifier, as the pipeline runs them.

Speeds are printed as stories per second and as a ratio to the baseline. ``--long N``
also times stories of N real articles (N NeuS articles pooled into one story, each its
own outlet), where the writer's cost grows with the number of candidate sentences.
ROUGE (as ``newsdesk eval summarize`` scores it) is printed for each writer.
``--classified`` first gives each article its kind as the extract stage would
(``classify_article``), so that the writer keeps views apart and doubts the reports that
read like them (``write/plain.py``), as it does in the pipeline; without it every
article is unclassified and read as a news report, as in ``eval summarize``.
"""

from __future__ import annotations

import argparse
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

from rouge_score import rouge_scorer

from newsdesk.classify.kind import classify_article
from newsdesk.evaluate.data import iter_records
from newsdesk.evaluate.summarization import item_articles, summary_text
from newsdesk.models import Article, Draft, Sentence
from newsdesk.text import content_stems, cosine, split_sentences
from newsdesk.write import ExtractiveWriter, write_verified
from newsdesk.write.base import lead_budget

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "neus-allsides"


class CentroidWriter:
    """Baseline: sentences nearest the centroid of all the story's words."""

    name = "centroid"

    def write(self, articles: Sequence[Article]) -> Draft:
        centroid: Counter[str] = Counter()
        pool: list[tuple[str, int]] = []
        for article in articles:
            centroid.update(content_stems(article.text))
            pool += [(s, article.id or 0) for s in split_sentences(article.text)]
        ranked = sorted(pool, key=lambda p: -cosine(content_stems(p[0]), centroid))
        budget, total = lead_budget(articles), 0
        picked: list[Sentence] = []
        for text, source in ranked:
            if picked and total + len(text.split()) - budget > budget - total:
                break
            picked.append(Sentence(text, (source,)))
            total += len(text.split())
        headline = next((a.title for a in articles if a.title), "")
        if not picked:
            picked = [Sentence(headline, (articles[0].id or 0,))]
        return Draft(headline, picked[0], (tuple(picked[1:]),) if picked[1:] else ())


def load(limit: int | None, split: str | None) -> list[tuple[list[Article], str]]:
    items = []
    for record in iter_records(DATA):
        if split and record.get("orig_split") != split:
            continue
        ref = record["reference"]
        items.append((item_articles(record), f"{ref['title']} {ref['summary']}"))
        if limit and len(items) >= limit:
            break
    return items


def timed(
    stories: list[list[Article]], run: Callable[[list[Article]], Draft]
) -> tuple[float, list[Draft]]:
    started = time.perf_counter()
    drafts = [run(s) for s in stories]
    return len(stories) / (time.perf_counter() - started), drafts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--split", default=None, help="orig_split to keep (train or val)")
    parser.add_argument("--long", type=int, default=0, help="also time N-article stories")
    parser.add_argument(
        "--classified", action="store_true", help="classify each article's kind first"
    )
    args = parser.parse_args()
    items = load(args.limit, args.split)
    if args.classified:
        items = [
            ([replace(a, kind=classify_article(a).kind) for a in articles], reference)
            for articles, reference in items
        ]
    stories = [a for a, _ in items]
    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=True)
    extractive = ExtractiveWriter()
    runs: dict[str, Callable[[list[Article]], Draft]] = {
        "centroid": CentroidWriter().write,
        "extractive": extractive.write,
        "extractive+verify": lambda a: write_verified(a, extractive, extractive)[0],
    }
    print(f"{len(stories)} stories from {DATA.name}" + (f" ({args.split})" if args.split else ""))
    base = 0.0
    for name, run in runs.items():
        speed, drafts = timed(stories, run)
        base = base or speed
        totals = [0.0, 0.0, 0.0]
        for (articles, reference), draft in zip(items, drafts, strict=True):
            prediction = f"{draft.headline} {summary_text(draft, lead_budget(articles))}"
            score = scorer.score(reference, prediction)
            for i, key in enumerate(("rouge1", "rouge2", "rougeL")):
                totals[i] += 100 * score[key].fmeasure / len(items)
        rouge = " / ".join(f"{t:.2f}" for t in totals)
        print(
            f"{name:>18}: {speed:8.1f} stories/s  x{speed / base:5.2f} of baseline  ROUGE {rouge}"
        )
    if args.long:
        pooled = [a for s in stories for a in s]
        big = []
        for start in range(0, len(pooled) - args.long + 1, args.long):
            group = pooled[start : start + args.long]
            big.append(
                [
                    Article(a.url, a.title, a.paragraphs, site_name=f"o{i}", id=i + 1)
                    for i, a in enumerate(group)
                ]
            )
        big = big[:50]
        speed, _ = timed(big, extractive.write)
        small, _ = timed(stories[:200], extractive.write)
        print(
            f"{args.long}-article stories: {speed:.1f} stories/s "
            f"(x{speed / small:.3f} of 3-article stories)"
        )


if __name__ == "__main__":
    main()
