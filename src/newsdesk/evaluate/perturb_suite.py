"""The perturbation suite: NeuS sentences rewritten by ``perturb``'s templates, scored at
the verifier.

Every sentence of every item's articles (6 to 60 words, whole) is given to every
template; a case is the rewritten sentence citing the article it came from (and, for a
sentence joined from two, the other one's article too), as a model that rewrote the
numbered sentence it was given would cite it. Items are split by a hash of their id:
``tune`` (two thirds) is where the verifier may be tuned, ``report`` (the other third)
is only ever reported, so that the figure is not fitted.
"""

from __future__ import annotations

import hashlib
import random
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsdesk.errors import EvalDataError
from newsdesk.evaluate.data import iter_records
from newsdesk.evaluate.perturb import PERTURBATIONS
from newsdesk.evaluate.perturb_edit import Context
from newsdesk.evaluate.perturb_faithful import FAITHFUL
from newsdesk.evaluate.summarization import item_articles
from newsdesk.models import Article
from newsdesk.text import content_stems, cosine, names, split_sentences

PARTS = ("tune", "report", "all")
REFUSED_AT_LEAST = 0.99  # of the perturbed sentences of every class
FAITHFUL_REFUSED_AT_MOST = 0.05  # of the faithful rewrites
_FOREIGN_OFFSETS = (17, 31, 53, 97)


@dataclass(frozen=True, slots=True)
class Case:
    """One rewritten sentence, what it cites, and whether the verifier must refuse it."""

    kind: str  # the template's class
    perturbed: bool  # True: must be refused; False: a faithful rewrite, must pass
    text: str
    original: str
    articles: tuple[Article, ...]  # the item's articles
    cited: tuple[int, ...]  # ids of the articles the sentence cites
    item: str


@dataclass
class Tally:
    """Cases and refusals per class, and the reasons given."""

    cases: Counter[str] = field(default_factory=Counter)
    refused: Counter[str] = field(default_factory=Counter)
    reasons: dict[str, Counter[str]] = field(default_factory=dict)
    misses: dict[str, list[Case]] = field(default_factory=dict)  # wrongly judged, a few

    def add(self, case: Case, reasons: Sequence[str], keep: int = 20) -> None:
        self.cases[case.kind] += 1
        if reasons:
            self.refused[case.kind] += 1
            self.reasons.setdefault(case.kind, Counter()).update(set(reasons))
        if bool(reasons) != case.perturbed:
            wrong = self.misses.setdefault(case.kind, [])
            if len(wrong) < keep:
                wrong.append(case)

    def share(self, kind: str) -> float:
        return self.refused[kind] / self.cases[kind] if self.cases[kind] else 0.0

    def faithful_share(self) -> float:
        kinds = [k for k in self.cases if k in FAITHFUL]
        total = sum(self.cases[k] for k in kinds)
        return sum(self.refused[k] for k in kinds) / total if total else 0.0

    def meets_targets(self) -> bool:
        """Every perturbed class refused >= 99%, faithful rewrites refused <= 5%."""
        perturbed = [k for k in self.cases if k in PERTURBATIONS]
        return all(self.share(k) >= REFUSED_AT_LEAST for k in perturbed) and (
            self.faithful_share() <= FAITHFUL_REFUSED_AT_MOST
        )


def part_of(item_id: str) -> str:
    """``"report"`` for a third of the items (by a hash of the id), else ``"tune"``."""
    return "report" if int(hashlib.sha256(item_id.encode()).hexdigest(), 16) % 3 == 0 else "tune"


def _sentences(article: Article) -> list[str]:
    out = []
    for paragraph in article.paragraphs:
        for sentence in split_sentences(paragraph):
            words = sentence.split()
            if 6 <= len(words) <= 60 and sentence.rstrip()[-1:] in '.!?"”’':
                out.append(sentence)
    return out


def _unrelated(candidates: Iterable[str], story: Sequence[str]) -> list[str]:
    """Sentences sharing no name and few words with the story: facts it does not have."""
    text = " ".join(story)
    bag = content_stems(text)
    lowered = text.lower()
    return [
        s
        for s in candidates
        if cosine(content_stems(s), bag) < 0.1 and not any(n.lower() in lowered for n in names(s))
    ]


def build_cases(
    records: Sequence[Mapping[str, Any]],
    part: str = "all",
    seed: int = 0,
    classes: Iterable[str] | None = None,
) -> list[Case]:
    """Every template on every sentence of the items in ``part``.

    Args:
        records: NeuS items (``{id, articles: [{id, title, text}], ...}``), in file order.
        part: ``"tune"``, ``"report"`` or ``"all"`` (see ``part_of``).
        seed: varies the templates' random choices.
        classes: the templates to run (default: all of them).

    Returns:
        The cases, in item order.
    """
    if part not in PARTS:
        raise EvalDataError(f"the suite has no part {part!r}: one of {PARTS}")
    templates = {**PERTURBATIONS, **FAITHFUL}
    chosen = list(classes) if classes is not None else list(templates)
    per_item = [item_articles(r) for r in records]
    split = [[_sentences(a) for a in arts] for arts in per_item]
    cases: list[Case] = []
    for index, record in enumerate(records):
        item = str(record.get("id", index))
        if part != "all" and part_of(item) != part:
            continue
        articles = tuple(per_item[index])
        sentences = split[index]
        titles = tuple(a.title for a in articles if a.title)
        story = [s for group in sentences for s in group] + list(titles)
        foreign_pool = [
            s
            for offset in _FOREIGN_OFFSETS
            for group in split[(index + offset) % len(records)]
            for s in group
        ]
        foreign = tuple(_unrelated(foreign_pool, story))
        where = {s: a.id for a, group in zip(articles, sentences, strict=True) for s in group}
        for a_index, (article, group) in enumerate(zip(articles, sentences, strict=True)):
            others = tuple(s for j, g in enumerate(sentences) if j != a_index for s in g)
            ctx = Context(own=tuple(group), others=others, foreign=foreign, titles=titles)
            for s_index, sentence in enumerate(group):
                for kind in chosen:
                    rng = random.Random(f"{item}:{a_index}:{s_index}:{kind}:{seed}")
                    rewrite = templates[kind](sentence, ctx, rng)
                    if rewrite is None:
                        continue
                    cited = {article.id, *(where.get(b) for b in rewrite.borrowed)}
                    cases.append(
                        Case(
                            kind=kind,
                            perturbed=kind in PERTURBATIONS,
                            text=rewrite.text,
                            original=sentence,
                            articles=articles,
                            cited=tuple(sorted(i for i in cited if i is not None)),
                            item=item,
                        )
                    )
    return cases


def load_records(data: Path, limit: int | None = None) -> list[dict[str, Any]]:
    """The dataset's items, in file order (``limit``: the first so many)."""
    records = []
    for record in iter_records(data):
        records.append(record)
        if limit and len(records) >= limit:
            break
    return records


def score(cases: Iterable[Case], check: Callable[[str, Sequence[Article]], Sequence[str]]) -> Tally:
    """Run ``check`` (the verifier: reasons, empty when supported) on every case."""
    tally = Tally()
    for case in cases:
        cited = [a for a in case.articles if a.id in case.cited]
        tally.add(case, check(case.text, cited))
    return tally


def table(tallies: Mapping[str, Tally]) -> str:
    """A Markdown table: per class, cases and the share refused in each part."""
    parts = list(tallies)
    head = "| class | kind | " + " | ".join(f"{p}: cases | {p}: refused" for p in parts) + " |"
    rule = "| --- | --- | " + " | ".join("---: | ---:" for _ in parts) + " |"
    lines = [head, rule]
    for kinds, label in ((PERTURBATIONS, "perturbed"), (FAITHFUL, "faithful")):
        for kind in kinds:
            cells = []
            for p in parts:
                t = tallies[p]
                cells.append(f"{t.cases[kind]} | {100 * t.share(kind):.1f}%")
            lines.append(f"| {kind} | {label} | " + " | ".join(cells) + " |")
    cells = []
    for p in parts:
        t = tallies[p]
        total = sum(t.cases[k] for k in FAITHFUL)
        cells.append(f"{total} | {100 * t.faithful_share():.1f}%")
    lines.append("| all faithful | faithful | " + " | ".join(cells) + " |")
    return "\n".join(lines)
