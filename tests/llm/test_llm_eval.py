"""An honest eval of the LLM writer (issue 21, item 7): `eval summarize --writer llm`
never crashes, and scores the model only where its drafts were accepted, beside the
extractive writer on the same items."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from llm_loopback import ChatServer, faithful_story, llm_config
from newsdesk.cli import main

NEUS = Path(__file__).resolve().parents[1] / "fixtures" / "datasets" / "neus-allsides"


def evaluate(url: str, tmp_path: Path, *extra: str) -> dict[str, Any]:
    args = ["eval", "summarize", "--data", str(NEUS), "--limit", "5", "--writer", "llm"]
    config = llm_config(tmp_path, url, *extra)
    result = CliRunner().invoke(main, [*args, "--config", str(config)])
    assert result.exit_code == 0, result.output
    return dict(json.loads(result.output))


def test_eval_scores_the_model_beside_the_extractive_writer(
    chat: ChatServer, tmp_path: Path
) -> None:
    chat.script.answer = faithful_story
    metrics = evaluate(chat.url, tmp_path)
    assert metrics["writer"] == "llm" and metrics["items"] == 5 == len(chat.script.requests)
    assert metrics["accepted"] == 5 and metrics["acceptance_rate"] == 1.0
    assert metrics["unsupported_claims"] == 0 and metrics["fell_back"] == 0
    assert metrics["endpoint"] is None and metrics["fell_back_by_reason"] == {}
    assert metrics["rouge1"] > 0 and metrics["extractive_on_accepted"]["rouge1"] > 0
    assert metrics["published"]["rouge1"] == metrics["rouge1"]


def test_rejected_drafts_are_not_in_the_models_score(chat: ChatServer, tmp_path: Path) -> None:
    def invented(request: dict[str, Any]) -> str:
        return faithful_story(request).replace('"headline": "', '"headline": "Pete Hegseth: ', 1)

    answers = iter([invented, invented])

    def first_two_invented(request: dict[str, Any]) -> str:
        return next(answers, faithful_story)(request)

    chat.script.answer = first_two_invented
    metrics = evaluate(chat.url, tmp_path)
    assert metrics["accepted"] == 3 and metrics["fell_back"] == 2
    assert metrics["acceptance_rate"] == 0.6
    assert metrics["fell_back_by_reason"] == {"headline_unsupported": 2}
    assert metrics["unsupported_claims"] >= 2
    assert metrics["rouge1"] != metrics["published"]["rouge1"]


def test_a_dead_endpoint_is_reported_not_a_crash(tmp_path: Path) -> None:
    metrics = evaluate("http://127.0.0.1:9/v1", tmp_path, "llm_give_up_after = 2")
    assert metrics["items"] == 5 and metrics["accepted"] == 0 and metrics["fell_back"] == 5
    assert metrics["fell_back_by_reason"] == {"connection": 2, "endpoint_unavailable": 3}
    assert "connection" in metrics["endpoint"]
    assert metrics["rouge1"] is None and metrics["published"]["rouge1"] > 0
