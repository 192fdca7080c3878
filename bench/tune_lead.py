"""Which article opening should lead: each allowed opening's ROUGE, the rest as the writer picks.

Usage:
    .venv/bin/python bench/tune_lead.py collect --offset 300 --limit 900 --out B.json
    .venv/bin/python bench/tune_lead.py show B.json [A.json ...]
    .venv/bin/python bench/tune_lead.py fit --train B.json --test B.json A.json [--all]

``collect`` writes every NeuS/AllSides item of the part with each opening the writer may
lead with (``lead.lead_choices``) forced in turn, and records that opening's
features and the ROUGE-1/2/L of headline + lead (as ``eval summarize`` scores it, without
the verifier's fallback). ``show`` prints, per file, the writer's own choice, the oracle
(the best opening with the reference in hand) and each rule in ``RULES``: a rule adds its
weights times an opening's features to ``score + lead_credit`` (the writer's ranking).
``fit`` fits a small learned ranker (a ridge on the openings' features) on some files and
shows its choice on others. The reference is read only to score; no rule sees it.
Findings: docs/decisions/write.md ("Which opening leads: saturated", issue 20, session 6).
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from rouge_score import rouge_scorer

from newsdesk.evaluate.data import iter_records
from newsdesk.evaluate.summarization import item_articles
from newsdesk.models import Article
from newsdesk.text import cosine, names
from newsdesk.text.days import MONTHS, WEEKDAY_NAMES
from newsdesk.write import ExtractiveWriter
from newsdesk.write.base import lead_budget, lead_sentences
from newsdesk.write.scoring import Candidate, features_of

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "neus-allsides"
METRICS = ("rouge1", "rouge2", "rougeL")
# Extra weights on an opening's features (``lead_features``) beside the writer's ranking.
RULES: dict[str, dict[str, float]] = {
    "writer": {},
    "closest +0.5": {"closest": 0.5},
    "closest -0.5": {"closest": -0.5},
    "to_docs +0.5": {"to_docs": 0.5},
    "to_openings +0.5": {"to_openings": 0.5},
    "shared_words +0.1": {"shared_words": 0.1},
    "when +0.1": {"when": 0.1},
    "when -0.1": {"when": -0.1},
    "said -0.05": {"said": -0.05},
    "words -0.5": {"words": -0.5},
    "style +0.5": {"style": 0.5},
    "core_names +0.5": {"core_names": 0.5},
    "core_names +1": {"core_names": 1.0},
    "core_names_n +0.2": {"core_names_n": 0.2},
    "core_names_n +0.5": {"core_names_n": 0.5},
}
# The openings' features a learned ranker (``fit``) may use beside the writer's ranking.
FITTED = ("to_docs", "closest", "to_openings", "words", "when", "said", "core_names")


_WHEN = re.compile(
    rf"\b(?:{WEEKDAY_NAMES}|today|tonight|yesterday|{'|'.join(m.title() for m in MONTHS)})\b"
)
_SAID = re.compile(r"\b(?:said|says|told|according to|announced)\b")


def lead_features(
    openings: Sequence[Candidate], articles: Sequence[Article]
) -> list[dict[str, float]]:
    """Features of each opening beside the writer's own (``features_of``): its mean cosine
    to the other openings, its length, whether it names a day or month, an attribution
    ("said", "according to"), its article's length, its loaded words, and the names that
    two or more articles give which it names (share and count)."""
    named = [_name_words(f"{a.title}. {a.text}") for a in articles]
    core = {w for w in set().union(*named) if sum(w in n for n in named) >= 2}
    out = []
    for c in openings:
        mine = _name_words(c.text) & core
        others = [o for o in openings if o.article != c.article]
        to_openings = (
            sum(cosine(c.tokens, o.tokens) for o in others) / len(others) if others else 0.0
        )
        out.append(
            {
                "to_openings": to_openings,
                "words": min(c.words, 60) / 60,
                "when": float(bool(_WHEN.search(c.text))),
                "said": float(bool(_SAID.search(c.text))),
                "article_words": min(len(articles[c.article].text.split()), 2000) / 2000,
                "loaded_n": float(c.loaded),
                "core_names": len(mine) / len(core) if core else 0.0,
                "core_names_n": min(len(mine), 5) / 5,
            }
        )
    return out


def _name_words(text: str) -> set[str]:
    """The last word of each name in ``text``, lower case ("trump" for "President Donald
    Trump" and "Trump")."""
    return {n.split()[-1].lower() for n in names(text)}


class Probe(ExtractiveWriter):
    """The default writer that records the openings it may lead with, or leads with one."""

    def __init__(self) -> None:
        super().__init__()
        self.forced: tuple[int, int] | None = None
        self.choices: list[Candidate] = []
        self.features: dict[tuple[int, int], dict[str, float]] = {}
        self.chosen: tuple[int, int] | None = None

    def _scored(
        self,
        pool: list[Candidate],
        articles: Sequence[Article],
        outlets: list[str],
        words: list[Counter[str]],
    ) -> list[Candidate]:
        features = features_of(pool, articles, outlets, words)
        self.features = {c.key: f for c, f in zip(pool, features, strict=True)}
        return super()._scored(pool, articles, outlets, words)

    def _opening(self, choices: list[Candidate]) -> Candidate:
        self.choices = choices
        found = [c for c in choices if c.key == self.forced]
        first = found[0] if found else super()._opening(choices)
        self.chosen = first.key
        return first


def collect(offset: int, limit: int) -> list[dict[str, Any]]:
    """Each item's allowed openings: features and ROUGE when each leads."""
    scorer = rouge_scorer.RougeScorer(list(METRICS), use_stemmer=True)
    probe = Probe()
    items = []
    for n, record in enumerate(iter_records(DATA)):
        if n < offset:
            continue
        if n >= offset + limit:
            break
        articles = item_articles(record)
        ref = record["reference"]
        reference = f"{ref.get('title', '')} {ref.get('summary', '')}"
        budget = lead_budget(articles)
        probe.forced = None
        probe.choices = []
        probe.write(articles)
        default, choices = probe.chosen, list(probe.choices)
        if not choices:
            continue
        extra = lead_features(choices, articles)
        rows = []
        for c, more in zip(choices, extra, strict=True):
            probe.forced = c.key
            draft = probe.write(articles)
            lead = " ".join(s.text for s in lead_sentences(draft, budget))
            result = scorer.score(reference, f"{draft.headline} {lead}")
            rows.append(
                {
                    "key": list(c.key),
                    "text": c.text,
                    "default": c.key == default,
                    "rank": c.score + c.lead_credit,
                    "features": {**probe.features[c.key], **more},
                    **{m: 100 * result[m].fmeasure for m in METRICS},
                }
            )
        items.append({"n": n, "openings": rows})
    return items


def choose(openings: list[dict[str, Any]], weights: dict[str, float]) -> dict[str, Any]:
    """The opening a rule leads with."""
    return max(
        openings,
        key=lambda o: o["rank"] + sum(w * o["features"][k] for k, w in weights.items()),
    )


def show(paths: list[Path]) -> None:
    for path in paths:
        items = json.loads(path.read_text(encoding="utf-8"))
        print(f"{path.name}: {len(items)} items")
        best = [max(i["openings"], key=lambda o: o["rouge1"] + o["rouge2"]) for i in items]
        _line("oracle", best)
        for name, weights in RULES.items():
            _line(name, [choose(i["openings"], weights) for i in items])


def fit(train: list[Path], tests: list[Path], features: Sequence[str]) -> None:
    """A ridge of each opening's ROUGE-1 + ROUGE-2 on its features (both centred within
    its story: what tells one opening from the others) fitted on ``train``; its choice on
    every file."""
    import numpy as np
    from sklearn.linear_model import Ridge

    def matrix(item: dict[str, Any]) -> Any:
        rows = [[o["rank"], *(o["features"][k] for k in features)] for o in item["openings"]]
        x = np.array(rows)
        return x - x.mean(axis=0)

    items = [i for p in train for i in json.loads(p.read_text(encoding="utf-8"))]
    items = [i for i in items if len(i["openings"]) > 1]
    x = np.vstack([matrix(i) for i in items])
    y = np.concatenate(
        [
            (t := np.array([o["rouge1"] + o["rouge2"] for o in i["openings"]])) - t.mean()
            for i in items
        ]
    )
    for alpha in (1.0, 10.0, 100.0):
        model = Ridge(alpha=alpha, fit_intercept=False).fit(x, y)
        coef = dict(zip(("rank", *features), model.coef_ / model.coef_[0], strict=True))
        print(f"alpha {alpha}: " + ", ".join(f"{k} {v:+.2f}" for k, v in coef.items()))
        for path in tests:
            part = json.loads(path.read_text(encoding="utf-8"))
            picked = [i["openings"][int(np.argmax(matrix(i) @ model.coef_))] for i in part]
            _line(path.name, picked)


def _line(name: str, picked: list[dict[str, Any]]) -> None:
    means = [sum(o[m] for o in picked) / len(picked) for m in METRICS]
    print(f"  {name:24s} " + " / ".join(f"{v:.2f}" for v in means))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    one = sub.add_parser("collect")
    one.add_argument("--offset", type=int, default=300)
    one.add_argument("--limit", type=int, default=900)
    one.add_argument("--out", type=Path, required=True)
    two = sub.add_parser("show")
    two.add_argument("paths", type=Path, nargs="+")
    three = sub.add_parser("fit")
    three.add_argument("--train", type=Path, nargs="+", required=True)
    three.add_argument("--test", type=Path, nargs="+", required=True)
    three.add_argument("--all", action="store_true", help="every feature, not only FITTED")
    args = parser.parse_args()
    if args.command == "collect":
        items = collect(args.offset, args.limit)
        args.out.write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")
    elif args.command == "show":
        show(args.paths)
    else:
        first = json.loads(args.train[0].read_text(encoding="utf-8"))
        names = sorted(first[0]["openings"][0]["features"]) if args.all else FITTED
        fit(args.train, args.test, names)


if __name__ == "__main__":
    main()
