"""Rejections visible to the operator (issue 21, item 6): the log, `runs list`,
`stories show` and the API each give the reasons."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from starlette.testclient import TestClient

from llm_loopback import SAMPLE, ChatServer, Reply, faithful_story, llm_config
from newsdesk.cli import main
from newsdesk.config import load_config
from newsdesk.pipeline import run
from newsdesk.publish import make_app
from newsdesk.store import SQLiteStore


def unsupported_headline(request: dict[str, Any]) -> str:
    """A faithful reply but for an invented name in the headline, and one invented sentence."""
    reply = json.loads(faithful_story(request))
    reply["headline"] = "Pete Hegseth: " + reply["headline"]
    reply["paragraphs"][0].append(
        {"text": "Officials in Oslo declined to comment.", "sources": [1]}
    )
    return json.dumps(reply)


def invented_sentence(request: dict[str, Any]) -> str:
    reply = json.loads(faithful_story(request))
    reply["paragraphs"][0].append(
        {"text": "Officials in Oslo declined to comment.", "sources": [1]}
    )
    return json.dumps(reply)


@pytest.fixture
def outage(chat: ChatServer, tmp_path: Path) -> tuple[Path, SQLiteStore]:
    """A run whose endpoint hangs (every story falls back), then one whose model invents."""
    chat.script.replies.append(Reply(hang=True))
    path = llm_config(tmp_path, chat.url, "llm_timeout = 1.0")
    store = SQLiteStore(load_config(path, env={}).store_url)
    run(load_config(path, env={}), store, sources=[SAMPLE])
    return path, store


def test_one_log_line_per_rejection_with_its_reason(
    chat: ChatServer, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    chat.script.answer = unsupported_headline
    config = load_config(llm_config(tmp_path, chat.url), env={})
    store = SQLiteStore(config.store_url)
    with caplog.at_level(logging.INFO, logger="newsdesk.write.stage"):
        report = run(config, store, sources=[SAMPLE])
    stories = report.counts["write.versions"]
    drafts = [r.getMessage() for r in caplog.records if "draft not used" in r.getMessage()]
    assert len(drafts) == stories == report.counts["write.fell_back.headline_unsupported"]
    assert all(
        r.levelno == logging.WARNING for r in caplog.records if "draft not used" in r.getMessage()
    )
    assert "llm draft not used (headline_unsupported)" in drafts[0]
    assert "name Pete" in drafts[0] or "name Hegseth" in drafts[0]
    left = [r.getMessage() for r in caplog.records if "sentence left out" in r.getMessage()]
    assert any("sentence left out (name): Officials in Oslo" in m for m in left)


def test_runs_list_shows_fallbacks_and_rejections_by_reason(
    chat: ChatServer, outage: tuple[Path, SQLiteStore]
) -> None:
    path, store = outage
    chat.script.answer = invented_sentence
    run(load_config(path, env={}), store, sources=[SAMPLE])
    result = CliRunner().invoke(main, ["runs", "list", "--config", str(path)])
    assert result.exit_code == 0, result.output
    recovered, down = result.output.splitlines()
    fell_back = store.runs()[1].counts["write.fell_back"]
    assert f"fell back {fell_back} (endpoint_unavailable {fell_back - 1}, timeout 1)" in down
    assert "left out: name " in recovered and "fell back" not in recovered


def test_stories_show_and_the_api_give_the_reasons(
    chat: ChatServer, outage: tuple[Path, SQLiteStore]
) -> None:
    path, store = outage
    story_id = store.latest_stories(limit=1)[0].story_id
    shown = CliRunner().invoke(main, ["stories", "show", str(story_id), "--config", str(path)])
    assert shown.exit_code == 0, shown.output
    assert "Written by: extractive" in shown.output
    assert "The model's draft was not used (endpoint_unavailable)" in shown.output or (
        "The model's draft was not used (timeout)" in shown.output
    )
    app = make_app(str(store.path), path.parent / "site")
    with TestClient(app) as client:
        first = client.get(f"/api/stories/{story_id}").json()["verification"]
    assert first["fell_back"] and first["rejected"] in ("timeout", "endpoint_unavailable")
    chat.script.answer = invented_sentence
    run(load_config(path, env={}), store, sources=[SAMPLE])
    shown = CliRunner().invoke(
        main, ["stories", "show", str(story_id), "--config", str(path), "--json"]
    )
    report = json.loads(shown.output)["verification"]
    assert report["fell_back"] is False and report["rejected"] == ""
    assert {"text": "Officials in Oslo declined to comment.", "reason": "name"} in report["dropped"]
    text = CliRunner().invoke(main, ["stories", "show", str(story_id), "--config", str(path)])
    assert "Written by: llm" in text.output
    assert "  name: Officials in Oslo declined to comment." in text.output

    with TestClient(app) as client:
        second = client.get(f"/api/stories/{story_id}").json()["verification"]
    assert second["dropped"] == [
        {"text": "Officials in Oslo declined to comment.", "reason": "name"}
    ]
