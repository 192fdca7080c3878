"""`newsdesk eval summarize` on a small fixed subset of the real NeuS data."""

import json
from pathlib import Path

from newsdesk.evaluate.summarization import run_summarize_eval

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "neus-allsides"


def test_scores_and_output_lines(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    result = run_summarize_eval(DATA, out=out, limit=40)
    assert result["items"] == 40
    # Floors: a little under what the default writer scored on these 40 items.
    assert result["rouge1"] >= 30 and result["rougeL"] >= 20 and result["headline_rougeL"] >= 30
    assert result["unsupported_claims"] == 0
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == 40
    first = lines[0]
    assert set(first) == {"id", "headline", "summary", "body", "sentences"}
    assert all(s["sources"] for s in first["sentences"])
