"""`newsdesk eval extract`: the scorers reproduce the published figures, and quality floors
hold on a fixed subset of each benchmark (both read the datasets through ``data_dir``);
the runner's output is checked on the WCXB slice in ``tests/fixtures/datasets``."""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from newsdesk.errors import EvalDataError
from newsdesk.evaluate.extraction import (
    Prediction,
    detect_dataset,
    run_extraction_eval,
    score_predictions,
)
from newsdesk.evaluate.extraction_metrics import (
    SegmentCounts,
    author_match,
    score_aeb,
    title_match,
    word_prf,
)

DATASETS = Path(__file__).resolve().parent / "fixtures" / "datasets"
FLOORS = Path(__file__).resolve().parent / "fixtures" / "extract" / "floors.json"


def _records(folder: Path) -> list[dict[str, Any]]:
    with gzip.open(folder / "dev.jsonl.gz", "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


# Dev-split figures from the datasets' README.md (AEB table, "dev" columns).
PUBLISHED_DEV = {
    "trafilatura": (0.953, 0.934, 0.974, 0.268),
    "rs_trafilatura": (0.966, 0.944, 0.989, 0.285),
    "AutoExtract": (0.964, 0.982, 0.946, 0.423),
    "html-text": (0.664, 0.499, 0.994, 0.000),
}


@pytest.mark.parametrize("system", sorted(PUBLISHED_DEV))
def test_aeb_scorer_reproduces_published_dev_figures(
    system: str, data_dir: Callable[[str], Path]
) -> None:
    aeb = data_dir("article-extraction-benchmark")
    with gzip.open(aeb / "baseline_outputs" / f"{system}.json.gz", "rt", encoding="utf-8") as fh:
        output = json.load(fh)["output"]
    records = _records(aeb)
    predictions = {
        r["id"]: Prediction(id=r["id"], text=output.get(r["id"], {}).get("articleBody", ""))
        for r in records
    }
    got = score_predictions(records, predictions)
    f1, p, r, acc = PUBLISHED_DEV[system]
    assert got["dataset"] == "aeb" and got["items"] == 123
    assert round(got["f1"], 3) == f1
    assert round(got["precision"], 3) == p
    assert round(got["recall"], 3) == r
    assert round(got["accuracy"], 3) == acc


def test_aeb_metric_edge_cases() -> None:
    text = "one two three four five six"
    assert score_aeb([(text, text)])["f1"] == 1.0
    assert score_aeb([(text, text)])["accuracy"] == 1.0
    assert score_aeb([(text, "")])["f1"] == 0.0
    half = score_aeb([(text, "one two three four")])
    assert half["precision"] == 1.0 and 0 < half["recall"] < 1


def test_wcxb_word_metric() -> None:
    assert word_prf("The cat sat", "the CAT sat") == (1.0, 1.0, 1.0)
    p, r, f = word_prf("a b c d", "a b x y")
    assert (p, r) == (0.5, 0.5) and f == 0.5
    assert word_prf("a", "") == (0.0, 0.0, 0.0)


def test_segment_counts_are_micro_and_whitespace_free() -> None:
    counts = SegmentCounts()
    counts.add(
        "Hello   big\nworld. Share this", ["Hello big world", "missing"], ["Share this", "ad"]
    )
    assert (counts.tp, counts.fn, counts.fp, counts.tn) == (1, 1, 1, 1)
    assert counts.scores()["accuracy"] == 0.5


def test_metadata_rules() -> None:
    assert title_match("Eintracht stellt Weichen", "eintracht  stellt weichen!")
    assert not title_match("A title", "A title - Site")
    assert author_match("Ann Lee, Bo Kim", "Bo Kim; Ann Lee")
    assert not author_match("Ann Lee", "Ann Lee; Bo Kim")


def test_dataset_detection() -> None:
    assert detect_dataset({"article_body": ""}) == "aeb"
    assert detect_dataset({"main_content": "", "with": []}) == "wcxb"
    assert detect_dataset({"with": [], "without": []}) == "trafilatura-eval"
    with pytest.raises(EvalDataError):
        detect_dataset({"text": "x"})


def test_out_file_has_one_line_per_page(tmp_path: Path) -> None:
    out = tmp_path / "pred.jsonl"
    result = run_extraction_eval(DATASETS / "wcxb-articles", out=out, limit=3)
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert result["items"] == 3 and len(lines) == 3
    assert set(lines[0]) == {"id", "text", "title", "author", "date"}
    assert all(line["text"] for line in lines)
    assert result["items_per_second"] > 0


@pytest.mark.parametrize(
    "dataset", ["article-extraction-benchmark", "wcxb-articles", "trafilatura-eval"]
)
def test_quality_floor(dataset: str, data_dir: Callable[[str], Path]) -> None:
    floors = json.loads(FLOORS.read_text(encoding="utf-8"))[dataset]
    result = run_extraction_eval(data_dir(dataset), limit=int(floors["pages"]))
    assert result["items"] == floors["pages"]
    for metric, floor in floors["floors"].items():
        assert result[metric] >= floor, f"{dataset} {metric} {result[metric]:.4f} < {floor}"
