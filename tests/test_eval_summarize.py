"""`newsdesk eval summarize` on a fixed subset of the real NeuS data, with quality floors.

The floors read NeuS/AllSides and the NRC-VAD lexicon beside it through ``data_dir``;
the output lines are checked on the NeuS/AllSides slice in ``tests/fixtures/datasets``.
"""

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from newsdesk.errors import EvalDataError
from newsdesk.evaluate.summarization import arousal, item_articles, run_summarize_eval

FIXTURES = Path(__file__).parent / "fixtures"
FLOORS = json.loads((FIXTURES / "write" / "floors.json").read_text())


@pytest.fixture(scope="module")
def scored(
    tmp_path_factory: pytest.TempPathFactory, data_dir: Callable[[str], Path]
) -> tuple[dict[str, object], Path]:
    data = data_dir("neus-allsides")
    data_dir("lexicons")  # the arousal figures need NRC-VAD beside the dataset
    out = tmp_path_factory.mktemp("eval") / "out.jsonl"
    return run_summarize_eval(data, out=out, limit=FLOORS["items"], splits=["val"]), out


def test_quality_floors_on_a_fixed_subset(scored: tuple[dict[str, object], Path]) -> None:
    result, _ = scored
    assert result["items"] == FLOORS["items"]
    for key in ("rouge1", "rouge2", "rougeL", "headline_rougeL"):
        assert result[key] >= FLOORS[key], (key, result[key])
    assert result["unsupported_claims"] == 0
    assert isinstance(result["arousal"], float) and isinstance(result["source_arousal"], float)
    assert result["arousal"] < result["source_arousal"]
    assert 20 < result["mean_words"] < 120  # type: ignore[operator]


def test_output_lines_cite_the_dataset_ids(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    result = run_summarize_eval(FIXTURES / "datasets" / "neus-allsides", out=out)
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == result["items"] == 80
    assert result["arousal"] is None  # no lexicon beside the slice
    for line in lines:
        assert set(line) == {"id", "headline", "summary", "body", "sentences"}
        assert line["summary"].startswith(line["sentences"][0]["text"])
        # The body goes on after the summary: every sentence is in one of them, once.
        told = " ".join(filter(None, [line["summary"], line["body"].replace("\n\n", " ")]))
        assert told == " ".join(s["text"] for s in line["sentences"])
        for sentence in line["sentences"]:
            assert sentence["sources"]
            assert all(s.startswith(line["id"] + "-a") for s in sentence["sources"])


def test_items_become_articles_without_the_reference() -> None:
    record = {
        "id": "x",
        "articles": [{"id": "x-a0", "title": "T", "text": "One.\nTwo."}],
        "reference": {"title": "Secret", "summary": "Secret words"},
    }
    (article,) = item_articles(record)
    assert article.id == 1 and article.paragraphs == ("One.", "Two.")
    assert "Secret" not in repr(article)


def test_arousal_counts_only_words_beyond_the_reference() -> None:
    lexicon = {"massacre": (0.05, 0.95), "victory": (0.9, 0.7), "table": (0.5, 0.2)}
    assert arousal("A massacre and a victory at the table.", "", lexicon) == (0.7, 0.95)
    assert arousal("Massacres.", "the massacre", lexicon) == (0.0, 0.0)  # plural lemmatised


def test_not_a_summarization_dataset(tmp_path: Path) -> None:
    import gzip

    path = tmp_path / "x.jsonl.gz"
    with gzip.open(path, "wt") as fh:
        fh.write(json.dumps({"id": "1", "html_file": "a.html"}) + "\n")
    with pytest.raises(EvalDataError):
        run_summarize_eval(path)


def test_offset_scores_a_later_part_of_the_data(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from newsdesk.cli import main

    slice_ = FIXTURES / "datasets" / "neus-allsides"
    out = tmp_path / "part.jsonl"
    result = CliRunner().invoke(
        main,
        ["eval", "summarize", "--data", str(slice_), "--offset", "3", "--limit", "2"],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["items"] == 2
    run_summarize_eval(slice_, out=out, limit=2, offset=3)
    whole = tmp_path / "whole.jsonl"
    run_summarize_eval(slice_, out=whole, limit=5)
    ids = [json.loads(line)["id"] for line in out.read_text(encoding="utf-8").splitlines()]
    first = [json.loads(line)["id"] for line in whole.read_text(encoding="utf-8").splitlines()]
    assert ids == first[3:5]
