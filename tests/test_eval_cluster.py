"""`newsdesk eval cluster`: metrics, output format and a quality floor on real data.

The metric and runner tests read the slices of NeuS story clustering (its first 150 val
records) and GoogleNews-STC in ``tests/fixtures/datasets``. The quality floors read the
whole datasets through ``data_dir`` (NeuS val subset: 307 stories, 921 articles;
GoogleNews-STC dev). The floors below were measured with the default options (see
``FLOORS``) and sit a little under the measured figures; a change that lowers quality
below them fails here. Raise them when quality improves; lowering one needs a reason in
the commit.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from newsdesk.classify.kind import classify_article
from newsdesk.errors import EvalDataError
from newsdesk.evaluate.clustering import (
    bcubed,
    matched_accuracy,
    record_to_article,
    run_cluster_eval,
    score,
)
from newsdesk.evaluate.data import iter_records
from newsdesk.models import ArticleKind

DATASETS = Path(__file__).resolve().parent / "fixtures" / "datasets"

# Measured 2026-11-25 with the defaults (docs/decisions/cluster.md): NeuS val subset B3 F1
# 0.8127 (P 0.843, R 0.784); the first 3,000 NeuS dev records (a crowded pool: 1,000
# stories in one window) P 0.714, F1 0.785; GoogleNews-STC first 2,000 dev records B3 F1
# 0.828, accuracy 0.800. The GoogleNews floors were lowered from 0.815 / 0.78 when the
# ambiguity and margin tests came in (they cost GoogleNews 0.02 and raised the NeuS dev
# pool from 0.570 to 0.646). The NeuS val precision floor was lowered from 0.865 when
# the IDF table began counting documents (2026-11-25): val precision 0.881 -> 0.843 for
# recall 0.766 -> 0.784, while the crowded pool's precision rose (0.688 -> 0.714 here,
# 0.569 -> 0.611 on the whole dev pool). Late joins with the stricter first decision
# (threshold 0.28, ambiguity 0.8; 2026-11-25): val F1 0.820, P 0.874; first 3,000 P 0.763,
# F1 0.811; GoogleNews-STC first 2,000 F1 0.875, accuracy 0.833 (floors raised from
# 0.81 / 0.83 / 0.70 / 0.775 / 0.815 / 0.785).
# The AllSides dev stream (dated, outlets named; 2026-12-04, time in clustering): F1
# 0.9185, P 0.943 (before it: F1 0.879, P 0.850); facts decide torn articles (2026-12-04):
# F1 0.9242, P 0.943 (floor raised from 0.91); views join the report they discuss, with
# the articles classified as the extract stage does (2026-12-04): F1 0.9276, P 0.942;
# a view clearly ahead needs no fact (session 5): F1 0.9343, P 0.942 (floor from 0.925);
# a late join must tell the other story's core (session 5): F1 0.9389, P 0.951 (floors
# from 0.93 / 0.93).
FLOORS = {
    "allsides_f1": 0.935,
    "allsides_precision": 0.945,
    "neus_val_f1": 0.815,
    "neus_val_precision": 0.86,
    "neus_3000_precision": 0.75,
    "neus_3000_f1": 0.80,
    "gnews_2000_f1": 0.86,
    "gnews_2000_accuracy": 0.82,
}


def write_dataset(path: Path, records: list[dict[str, Any]]) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    file = path / "data.jsonl.gz"
    with gzip.open(file, "wt", encoding="utf-8") as fh:
        for r in records:
            fh.write(json.dumps(r) + "\n")
    return path


def neus_val(folder: Path = DATASETS / "neus-story-clustering") -> list[dict[str, Any]]:
    return [r for r in iter_records(folder) if r["orig_split"] == "val"]


def test_bcubed_and_accuracy_on_known_clusterings() -> None:
    gold = ["a", "a", "a", "b", "b", "c"]
    assert bcubed(gold, gold) == (1.0, 1.0, 1.0)
    one_story = [1] * 6
    p, r, f = bcubed(one_story, gold)
    assert (p, r) == pytest.approx(((9 + 4 + 1) / 36, 1.0))
    assert f == pytest.approx(2 * p / (p + 1))
    singletons = list(range(6))
    assert bcubed(singletons, gold)[:2] == pytest.approx((1.0, (3 * 1 / 3 + 2 * 1 / 2 + 1) / 6))
    assert matched_accuracy([5, 5, 7, 9, 9, 9], gold) == pytest.approx(4 / 6)
    assert score(gold, gold)["ari"] == 1.0


def test_records_become_articles_without_their_labels() -> None:
    gnews = next(iter_records(DATASETS / "googlenews-stc"))
    a = record_to_article(gnews, 4)
    assert (a.id, a.title, a.paragraphs) == (4, gnews["title"], (gnews["snippet"],))
    dated = record_to_article(
        {
            "title": "T",
            "text": "Body.",
            "published_at": "2024-05-01T10:00Z",
            "url": "https://news.example.org/a",
            "cluster_id": 3,
        },
        1,
    )
    assert dated.published_at is not None and dated.published_at.hour == 10
    assert dated.site_name == "news.example.org"
    assert str(3) not in (dated.title, dated.text, dated.url)


def test_records_are_classified_as_the_extract_stage_classifies_a_page() -> None:
    # The clusterer reads an article's kind (cluster/views.py): eval must see the product's.
    base = {"title": "Senate passes the bill", "text": "The Senate passed the bill on Tuesday."}
    column = record_to_article({**base, "url": "https://paper.example/opinion/the-bill"}, 1)
    report = record_to_article({**base, "url": "https://paper.example/news/the-bill"}, 2)
    assert (column.kind, report.kind) == (ArticleKind.OPINION, ArticleKind.NEWS)
    tagged = record_to_article({**base, "url": "https://x.example/a", "opinion_tag": "OPINION"}, 3)
    assert tagged.kind is ArticleKind.NEWS  # the dataset's own label is never read
    for article in (column, report, tagged):
        assert article.kind is classify_article(replace(article, kind=None)).kind


def test_eval_prints_metrics_and_writes_one_line_per_article(tmp_path: Path) -> None:
    records = neus_val()[:120]
    data = write_dataset(tmp_path / "ds", records)
    out = tmp_path / "stories.jsonl"
    result = run_cluster_eval(data, out=out)
    assert result["items"] == 120
    for key in ("bcubed_precision", "bcubed_recall", "bcubed_f1", "nmi", "ari", "accuracy"):
        assert 0.0 <= result[key] <= 1.0, key
    assert result["items_per_second"] > 0
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert [line["id"] for line in lines] == [r["id"] for r in records]
    assert all(isinstance(line["story_id"], int) for line in lines)
    assert len({line["story_id"] for line in lines}) == result["stories"]


def test_gold_labels_never_steer_the_clustering(tmp_path: Path) -> None:
    records = neus_val()[:150]
    relabelled = [{**r, "cluster_id": f"x{i % 7}"} for i, r in enumerate(records)]
    out1, out2 = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    run_cluster_eval(write_dataset(tmp_path / "one", records), out=out1)
    run_cluster_eval(write_dataset(tmp_path / "two", relabelled), out=out2)
    assert out1.read_text() == out2.read_text()


def test_limit_and_missing_labels(tmp_path: Path) -> None:
    records = neus_val()[:30]
    assert run_cluster_eval(write_dataset(tmp_path / "ok", records), limit=10)["items"] == 10
    bad = write_dataset(tmp_path / "bad", [{"title": "x", "text": "y"}])
    with pytest.raises(EvalDataError, match="cluster_id"):
        run_cluster_eval(bad)


def test_quality_floor_neus_val(tmp_path: Path, data_dir: Callable[[str], Path]) -> None:
    val = neus_val(data_dir("neus-story-clustering"))
    result = run_cluster_eval(write_dataset(tmp_path / "val", val))
    assert result["items"] == 921
    assert result["bcubed_f1"] >= FLOORS["neus_val_f1"], result
    assert result["bcubed_precision"] >= FLOORS["neus_val_precision"], result


def test_quality_floor_neus_crowded_pool(data_dir: Callable[[str], Path]) -> None:
    """Many open stories on one topic: stories must not absorb unrelated articles."""
    result = run_cluster_eval(data_dir("neus-story-clustering"), limit=3000)
    assert result["bcubed_precision"] >= FLOORS["neus_3000_precision"], result
    assert result["bcubed_f1"] >= FLOORS["neus_3000_f1"], result


def test_quality_floor_googlenews(data_dir: Callable[[str], Path]) -> None:
    result = run_cluster_eval(data_dir("googlenews-stc"), limit=2000)
    assert result["bcubed_f1"] >= FLOORS["gnews_2000_f1"], result
    assert result["accuracy"] >= FLOORS["gnews_2000_accuracy"], result


def test_quality_floor_allsides_stream(data_dir: Callable[[str], Path]) -> None:
    """A dated stream: an event's reports within a day, a saga's later events apart."""
    result = run_cluster_eval(data_dir("allsides-stream") / "dev.jsonl.gz")
    assert result["items"] == 739
    assert result["bcubed_f1"] >= FLOORS["allsides_f1"], result
    assert result["bcubed_precision"] >= FLOORS["allsides_precision"], result
