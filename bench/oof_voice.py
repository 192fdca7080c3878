"""The dev stream's figures with OUT-OF-FOLD text-voice models: an honest estimate of the
hidden half.

Usage:
    PYTHONPATH=src .venv/bin/python bench/oof_voice.py [--work DIR] [--skip-runs]

The shipped ``classify/kind_voice.tsv`` was fitted on the whole dev half of
``allsides-stream``, and the figures that depend on the kind (the clustering's B-cubed
F1, whose views rules read it, and the stream rows of ``score_stream.py``) are measured
on that same half: in sample. Here the dev stream's stories are split by date into two
halves (its 256 stories in date order, first 128 / last 128; a story's articles stay
together). For each half, a voice model is fitted on the OTHER half exactly as
``bench/fit_kind_model.py`` fits the shipped one (``fit_file``: threshold and doubt level
from cross-validation inside the training half, then one fit, pruned) and put in place
of the shipped one through ``NEWSDESK_VOICE_MODEL``.

Three whole-stream runs (the shipped model, the model fitted on the early half, the one
fitted on the late half), each of ``newsdesk eval cluster --out`` and ``newsdesk eval
stream --out``, as subprocesses with the commands printed. Each half is then scored on
its own articles and stories: the shipped run (in sample) against the run whose model
never saw that half (out of fold). The clusterer and the writer see the whole stream
as they do on a real run; only the held-out half's articles are counted (B-cubed over
them; ``score_stream.py`` given a data folder with only that half's articles and gold
stories). The other half's articles in an out-of-fold run are classified in sample,
and can touch the held-out half only where a predicted story spans the date cut.

Also printed: the kind classifier's opinion+analysis precision and recall per half (all
rules: URL, title marker, model, cues; ``FACT CHECK`` and ``DATA`` count as news), and
how many of the views and reports it calls news the writer doubts (``VoiceModel.doubts``)
and how many the register's doubt keeps from leading (``VoiceModel.writer_doubts``).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import shlex
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import fit_kind_model

from newsdesk.classify.kind import PageSignals, classify_kind
from newsdesk.classify.voice import MODEL_ENV, voice_model
from newsdesk.evaluate.clustering import bcubed
from newsdesk.models import ArticleKind

ROOT = Path(__file__).resolve().parents[1]
DATA = fit_kind_model.DATA
SCORER = ROOT.parent / "shared" / "tools" / "score_stream.py"
HALVES = ("early", "late")
OTHER = {"early": "late", "late": "early"}
ROWS = (
    "headline_from_opinion",
    "lead_from_opinion",
    "opinion_sentences",
    "sentences",
    "opinion_sentence_share",
    "with_news_report",
    "rouge1",
    "rouge2",
    "rougeL",
)


def read_gz(path: Path) -> list[dict[str, Any]]:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def write_gz(path: Path, rows: Sequence[dict[str, Any]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")


def split_by_date(stories: Sequence[dict[str, Any]]) -> dict[str, set[Any]]:
    """The stories' ids, first half and second half in date order."""
    ordered = sorted(stories, key=lambda s: (str(s["date"]), str(s["cluster_id"])))
    cut = len(ordered) // 2
    return {
        "early": {s["cluster_id"] for s in ordered[:cut]},
        "late": {s["cluster_id"] for s in ordered[cut:]},
    }


def run(cmd: list[str], env: dict[str, str]) -> str:
    shown = f"{MODEL_ENV}={env[MODEL_ENV]} " if env.get(MODEL_ENV) else ""
    print(f"$ {shown}{shlex.join(cmd)}", flush=True)
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False, cwd=ROOT)
    if done.returncode not in (0, 1):  # score_stream.py exits 1 when a bound is missed
        sys.exit(f"failed ({done.returncode}): {done.stderr[-2000:]}")
    return done.stdout


def kind_figures(rows: Sequence[dict[str, Any]]) -> dict[str, float]:
    """Opinion+analysis precision and recall of ``classify_kind`` (the model in use), and
    of the articles it calls news, how many views and reports the writer doubts."""
    model = voice_model()
    said, doubted, register = [], [], []
    for r in rows:
        kind = classify_kind(PageSignals(url=r["url"], title=r["title"], text=r["text"])).kind
        said.append(kind.value in ("opinion", "analysis"))
        news = kind is ArticleKind.NEWS
        doubted.append(news and model.doubts(model.score(r["title"], r["text"])))
        register.append(news and model.writer_doubts(model.writer_score(r["title"], r["text"])))
    gold = [r.get("opinion_tag") in fit_kind_model.VIEWS for r in rows]
    tp = sum(s and g for s, g in zip(said, gold, strict=True))
    return {
        "views": sum(gold),
        "found": tp,
        "wrong": sum(s and not g for s, g in zip(said, gold, strict=True)),
        "precision": round(tp / max(sum(said), 1), 3),
        "recall": round(tp / max(sum(gold), 1), 3),
        "doubted_views": sum(d and g for d, g in zip(doubted, gold, strict=True)),
        "doubted_reports": sum(d and not g for d, g in zip(doubted, gold, strict=True)),
        "register_doubted_views": sum(d and g for d, g in zip(register, gold, strict=True)),
        "register_doubted_reports": sum(d and not g for d, g in zip(register, gold, strict=True)),
    }


def both_halves(
    results: dict[str, dict[str, dict[str, Any]]], sizes: dict[str, int], label: str
) -> dict[str, Any]:
    """The two halves' figures as one: counts summed, B-cubed precision and recall
    averaged over articles (a half's gold stories lie wholly in it), F1 from those, the
    share from the sums; ROUGE is left out (the scorer does not say over how many)."""
    parts = [results[h][label] for h in HALVES]
    out: dict[str, Any] = {}
    total = sum(sizes.values())
    for key in ("bcubed_p", "bcubed_r"):
        out[key] = sum(results[h][label][key] * sizes[h] for h in HALVES) / total
    out["bcubed_f1"] = 2 * out["bcubed_p"] * out["bcubed_r"] / (out["bcubed_p"] + out["bcubed_r"])
    for key, value in parts[0].items():
        if isinstance(value, int):
            out[key] = sum(int(p[key]) for p in parts)
    out["opinion_sentence_share"] = out["opinion_sentences"] / max(out["sentences"], 1)
    out["kind_precision"] = out["kind_found"] / max(out["kind_found"] + out["kind_wrong"], 1)
    out["kind_recall"] = out["kind_found"] / max(out["kind_views"], 1)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--work", type=Path, default=None, help="keep the files here")
    parser.add_argument("--skip-runs", action="store_true", help="score the runs in --work")
    parser.add_argument(
        "--doubt-precision",
        type=float,
        default=fit_kind_model.DOUBT_PRECISION,
        help="an experiment: fit the halves' doubt levels for this precision",
    )
    args = parser.parse_args()
    fit_kind_model.DOUBT_PRECISION = args.doubt_precision
    work = args.work or Path(tempfile.mkdtemp(prefix="oof-voice-"))
    work.mkdir(parents=True, exist_ok=True)
    articles_file = args.data / "dev.jsonl.gz"
    rows = read_gz(articles_file)
    stories = read_gz(args.data / "stories" / "dev.jsonl.gz")
    halves = split_by_date(stories)
    half_rows = {h: [r for r in rows if r["cluster_id"] in halves[h]] for h in HALVES}
    for h in HALVES:
        write_gz(work / h / "dev.jsonl.gz", half_rows[h])
        write_gz(
            work / h / "stories" / "dev.jsonl.gz",
            [s for s in stories if s["cluster_id"] in halves[h]],
        )
        dates = sorted(str(s["date"]) for s in stories if s["cluster_id"] in halves[h])
        print(
            f"{h}: {len(halves[h])} stories, {len(half_rows[h])} articles, {dates[0]}..{dates[-1]}"
        )

    models = {"shipped": ""}
    for h in HALVES:
        path = work / f"voice-fitted-on-{h}.tsv"
        models[f"fitted-on-{h}"] = str(path)
        if args.skip_runs and path.exists():
            continue
        print(f"fitting on the {h} half ({len(half_rows[h])} articles)")
        feats, y, groups, markup = fit_kind_model.features_of(half_rows[h])
        content = fit_kind_model.fit_file(
            half_rows[h], feats, y, groups, markup, f"dev.jsonl.gz, {h} half only (oof_voice.py)"
        )
        path.write_text(content, encoding="utf-8")

    python = sys.executable
    for name, model in models.items():
        env = dict(os.environ, **{MODEL_ENV: model})
        out = work / name
        out.mkdir(exist_ok=True)
        if args.skip_runs and (out / "stories.jsonl").exists():
            continue
        cluster = run(
            [python, "-m", "newsdesk", "eval", "cluster", "--data", str(articles_file),
             "--out", str(out / "cluster.jsonl")],
            env,
        )  # fmt: skip
        (out / "cluster.json").write_text(cluster, encoding="utf-8")
        stream = run(
            [python, "-m", "newsdesk", "eval", "stream", "--data", str(args.data),
             "--out", str(out / "stories.jsonl")],
            env,
        )  # fmt: skip
        (out / "stream.json").write_text(stream, encoding="utf-8")

    gold_of = {str(r["id"]): r["cluster_id"] for r in rows}
    results: dict[str, dict[str, dict[str, Any]]] = {}
    for h in HALVES:
        ids = {str(r["id"]) for r in half_rows[h]}
        for label, name in (("shipped", "shipped"), ("out of fold", f"fitted-on-{OTHER[h]}")):
            out = work / name
            assigned = [json.loads(line) for line in (out / "cluster.jsonl").open()]
            mine = [a for a in assigned if a["id"] in ids]
            p, r, f = bcubed([a["story_id"] for a in mine], [gold_of[a["id"]] for a in mine])
            scored = json.loads(
                run(
                    [python, str(SCORER), str(work / h), str(out / "stories.jsonl")],
                    dict(os.environ),
                )
            )
            os.environ[MODEL_ENV] = models[name]
            kinds = kind_figures(half_rows[h])
            os.environ.pop(MODEL_ENV)
            figures: dict[str, Any] = {"bcubed_p": p, "bcubed_r": r, "bcubed_f1": f}
            figures |= {k: scored[k] for k in ROWS}
            figures |= {f"kind_{k}": v for k, v in kinds.items()}
            results.setdefault(h, {})[label] = figures
    whole = json.loads((work / "shipped" / "cluster.json").read_text())
    print(
        f"\nwhole stream, shipped: B-cubed P {whole['bcubed_precision']} "
        f"R {whole['bcubed_recall']} F1 {whole['bcubed_f1']}"
    )
    sizes = {h: len(half_rows[h]) for h in HALVES}
    results["both"] = {label: both_halves(results, sizes, label) for label in results["early"]}
    columns = (*HALVES, "both")
    print("\n| figure | " + " | ".join(f"{h}: shipped | {h}: out of fold" for h in columns) + " |")
    print("| --- |" + " --- |" * (2 * len(columns)))
    for key in results[HALVES[0]]["shipped"]:
        cells = []
        for h in columns:
            for label in ("shipped", "out of fold"):
                value = results[h][label].get(key)
                cells.append(
                    "-"
                    if value is None
                    else f"{value:.4f}"
                    if isinstance(value, float)
                    else str(value)
                )
        print(f"| {key} | " + " | ".join(cells) + " |")
    (work / "results.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
    print(f"\nfiles in {work}")


if __name__ == "__main__":
    main()
