"""An experiment: fit the text-voice model by distant supervision, with no stream labels.

Usage:
    PYTHONPATH=src .venv/bin/python bench/fit_voice_distant.py --out FILE [--sets ...]
        [--blog] [--news-signal] [--target 0.95]

The shipped ``classify/kind_voice.tsv`` learns from the AllSides stream's labels
(``opinion_tag``), so the dev stream's figures that read the kind are in sample. Here
each page's kind comes from the page's own markup instead: its URL path, its
``article:section``, its JSON-LD ``@type`` and a title marker, read by the same rules
``classify_kind`` reads before the text (``--blog`` also counts a ``/blog/`` path
segment and a ``BlogPosting`` type as a view). A page the markup calls opinion or
analysis is a view (1); one it calls news or a fact check, or leaves silent, is a report
(0) (with ``--news-signal``, silent pages count only when the page declares itself a
``NewsArticle``/``ReportageNewsArticle`` or has a ``/news/`` path segment; the others
are left out); other kinds (live blogs, interviews, press releases) and non-English
pages are left out.

Sets (dev splits only): ``aeb`` (article-extraction-benchmark: page markup from the HTML,
text its gold body), ``wcxb`` (wcxb-articles: gold title and body), ``traf``
(trafilatura-eval, English pages: title and body extracted by ``html_fields``; its
``url`` field is a file name, so the URL is the page's canonical link), ``stream``
(allsides-stream dev: each article's own URL and title, never its ``opinion_tag``).
NeuS and GoogleNews hold no URL or page, so no kind can be read from them.

The features are ``voice_features`` of the title and text, as ``fit_kind_model.py``
computes them (the stream's outlet names blanked). The threshold is chosen on the
distant labels alone: the lowest log-odds at which the out-of-fold precision (5 folds
grouped by site, 3 repeats) is at least ``--target``, with no markup counted (the markup
is the label). Then it prints the kind classifier's precision and recall against the
whole dev stream's ``opinion_tag`` (``FACT CHECK``/``DATA`` are news), which the model
never saw.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import numpy as np
from sklearn.model_selection import StratifiedGroupKFold

sys.path.insert(0, str(Path(__file__).resolve().parent))

import fit_kind_model
import oof_voice
from fit_kind_model import Fitted, blank_outlets, pick_threshold
from trafilatura.utils import load_html

from newsdesk.classify.kind import PageSignals, classify_kind
from newsdesk.classify.voice import FORMAT, MODEL_ENV, voice_features, voice_model
from newsdesk.extract.body import html_fields
from newsdesk.extract.metadata import guess_language, page_meta, pick_title
from newsdesk.extract.options import ExtractOptions
from newsdesk.models import ArticleKind, Rejected

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"
SETS = ("aeb", "wcxb", "traf", "stream")
VIEW_KINDS = {ArticleKind.OPINION, ArticleKind.ANALYSIS}
NEWS_KINDS = {ArticleKind.NEWS, ArticleKind.FACT_CHECK}
_BLOG = re.compile(r"/blogs?/")
_NEWS_PATH = re.compile(r"/news/")
PRUNE = fit_kind_model.PRUNE


def _read(path: Path) -> list[dict[str, Any]]:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _html(base: Path, row: dict[str, Any]) -> str:
    with gzip.open(base / row["html_file"], "rt", encoding="utf-8", errors="replace") as fh:
        return fh.read()


def pages(name: str) -> Iterator[dict[str, Any]]:
    """The pages of one set: url, title, text, section, ld_types, lang, site."""
    if name == "stream":
        rows = _read(SHARED / "allsides-stream" / "dev.jsonl.gz")
        for (title, text), r in zip(blank_outlets(rows), rows, strict=True):
            yield {"url": r["url"], "title": title, "text": text, "section": "",
                   "ld_types": [], "lang": "en", "site": urlsplit(r["url"]).netloc}  # fmt: skip
        return
    base = (
        SHARED
        / {
            "aeb": "article-extraction-benchmark",
            "wcxb": "wcxb-articles",
            "traf": "trafilatura-eval",
        }[name]
    )
    for r in _read(base / "dev.jsonl.gz"):
        html = _html(base, r)
        tree = load_html(html)
        if tree is None:
            continue
        meta = page_meta(tree)
        url = r["url"] if str(r.get("url") or "").startswith("http") else meta.canonical
        if name == "traf":
            fields = html_fields(html, url, ExtractOptions())
            if isinstance(fields, Rejected):
                continue
            title, text = fields.title, "\n".join(fields.paragraphs)
        elif name == "wcxb":
            title, text = r.get("title") or "", r.get("main_content") or ""
        else:
            title = pick_title(meta, "", meta.site_name, url)
            text = r.get("article_body") or ""
        yield {"url": url or "", "title": title, "text": text, "section": meta.section,
               "ld_types": list(meta.ld_types), "lang": guess_language(text, meta.lang),
               "site": urlsplit(url or "").netloc or r["id"]}  # fmt: skip


def distant_label(page: dict[str, Any], blog: bool, news_signal: bool) -> int | None:
    """1 a view, 0 a report, None left out, from the page's markup alone."""
    if not str(page["lang"]).startswith("en") or len(page["text"].split()) < 30:
        return None
    verdict = classify_kind(
        PageSignals(
            url=page["url"],
            title=page["title"],
            section=page["section"],
            ld_types=tuple(page["ld_types"]),
        )
    )
    types = {str(t).rsplit("/", 1)[-1].lower() for t in page["ld_types"]}
    if verdict.signal not in ("none", "text"):
        if verdict.kind in VIEW_KINDS:
            return 1
        return 0 if verdict.kind in NEWS_KINDS else None
    if blog and (_BLOG.search(page["url"].lower()) or "blogposting" in types):
        return 1
    if news_signal and not (
        types & {"newsarticle", "reportagenewsarticle"} or _NEWS_PATH.search(page["url"].lower())
    ):
        return None
    return 0


def load_pages(names: list[str], cache: Path) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for name in names:
        path = cache / f"{name}.jsonl.gz"
        if not path.exists():
            cache.mkdir(parents=True, exist_ok=True)
            rows = list(pages(name))
            with gzip.open(path, "wt", encoding="utf-8") as fh:
                for row in rows:
                    fh.write(json.dumps(row, ensure_ascii=False) + "\n")
        out[name] = _read(path)
    return out


def fit(
    feats: list[dict[str, float]], y: np.ndarray, groups: np.ndarray, target: float, note: str
) -> str:
    """The weights file: threshold from grouped out-of-fold scores on the distant labels."""
    oof = np.zeros(len(y))
    for seed in range(fit_kind_model.REPEATS):
        folds = StratifiedGroupKFold(n_splits=fit_kind_model.FOLDS, shuffle=True, random_state=seed)
        for train, test in folds.split(np.zeros(len(y)), y, groups):
            fitted = Fitted([feats[i] for i in train], y[train])
            oof[test] += fitted.score([feats[i] for i in test]) / fit_kind_model.REPEATS
    none = np.zeros(len(y), dtype=bool)
    threshold = pick_threshold(oof, y, none, target)
    said = oof >= threshold
    tp, fp = int((said & (y == 1)).sum()), int((said & (y == 0)).sum())
    print(
        f"distant labels, out of fold: threshold {threshold:.4f}, {tp} views found of "
        f"{int(y.sum())}, {fp} reports called views"
    )
    final = Fitted(feats, y)
    names = final.vec.get_feature_names_out()[final.keep]
    kept = sorted(
        ((str(n), float(w)) for n, w in zip(names, final.model.coef_[0], strict=True)
         if abs(w) >= PRUNE),
        key=lambda nw: (-abs(nw[1]), nw[0]),
    )  # fmt: skip
    for name, weight in kept[:15]:
        print(f"  {weight:+.3f} {name}")
    lines = [
        f"# format: {FORMAT}",
        f"# trained on: distant labels from page markup ({note}), {len(y)} pages, "
        f"{int(y.sum())} views (bench/fit_voice_distant.py)",
        f"# threshold: {threshold:.4f}",
        f"bias\t{float(final.model.intercept_[0]):.5f}",
    ]
    lines += [f"{name}\t{weight:.5f}" for name, weight in kept]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sets", default=",".join(SETS))
    parser.add_argument("--out", type=Path, required=True, help="the weights file to write")
    parser.add_argument("--cache", type=Path, default=Path("/tmp/voice-distant-cache"))
    parser.add_argument("--blog", action="store_true", help="a /blog/ page is a view")
    parser.add_argument("--news-signal", action="store_true", help="silent pages need one")
    parser.add_argument("--target", type=float, default=0.95, help="distant OOF precision")
    args = parser.parse_args()
    names = args.sets.split(",")
    loaded = load_pages(names, args.cache)
    feats: list[dict[str, float]] = []
    labels: list[int] = []
    groups: list[str] = []
    for name in names:
        tally: Counter[str] = Counter()
        for page in loaded[name]:
            label = distant_label(page, args.blog, args.news_signal)
            tally[{1: "view", 0: "report", None: "left out"}[label]] += 1
            if label is None:
                continue
            feats.append(voice_features(page["title"], page["text"]))
            labels.append(label)
            groups.append(f"{name}:{page['site']}")
        print(f"{name}: {len(loaded[name])} pages: {dict(tally)}")
    y, g = np.array(labels), np.array(groups)
    note = (
        args.sets + (", blog" if args.blog else "") + (", news signal" if args.news_signal else "")
    )
    args.out.write_text(fit(feats, y, g, args.target, note), encoding="utf-8")
    print(f"wrote {args.out}")
    judge(args.out)


def judge(model: Path) -> None:
    """The kind classifier with ``model`` against the whole dev stream's ``opinion_tag``;
    and, as a diagnosis only (chosen on the labels, so no operating point), the model's
    best recall on the markup-silent views at precision >= 0.95 with the markup."""
    rows = _read(SHARED / "allsides-stream" / "dev.jsonl.gz")
    os.environ[MODEL_ENV] = str(model)
    figures = oof_voice.kind_figures(rows)
    print(f"whole dev stream, {model.name}: {figures}")
    fitted = voice_model()
    scores = np.array([fitted.score(t, x) for t, x in blank_outlets(rows)])
    y = np.array([r.get("opinion_tag") in fit_kind_model.VIEWS for r in rows])
    markup = np.array([fit_kind_model.markup_says_view(r) for r in rows])
    best = pick_threshold(scores, y.astype(int), markup, 0.95)
    said = markup | (scores >= best)
    print(
        f"  diagnosis: markup alone finds {int((markup & y).sum())} of {int(y.sum())}; "
        f"at the stream-chosen threshold {best:.3f} markup+model find {int((said & y).sum())}, "
        f"{int((said & ~y).sum())} wrong"
    )


if __name__ == "__main__":
    main()
