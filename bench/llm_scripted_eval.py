"""`eval summarize --writer llm` against the scripted endpoint, and the deadlines it keeps.

The endpoint is the tests' (``tests/llm/llm_loopback.py``): it speaks the OpenAI chat
completions API on loopback and builds its replies from the prompt's numbered source
sentences. Three measurements:

1. ``faithful``: every reply is a careful model's (``faithful_story``): the acceptance
   rate, and the model's ROUGE on its accepted items beside the extractive writer's on
   the same items;
2. ``misbehaving``: a model that, story by story in turn, answers faithfully, invents
   a headline, repeats one sentence to a 1 MB reply, writes in an outlet's voice, gives
   paragraphs as plain strings, and answers something that is not JSON (the same way
   again when the story is retried): the acceptance rate and the fallbacks by reason;
3. ``deadlines``: one request against a server that trickles a byte every 50 ms, and a
   whole run of the bundled sample against an endpoint that never answers, each under a
   1 s deadline: seconds taken and requests made.

Usage:
    PYTHONPATH=src .venv/bin/python bench/llm_scripted_eval.py --limit 300
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from newsdesk.cli import main as cli
from newsdesk.config import load_config
from newsdesk.pipeline import run
from newsdesk.store import SQLiteStore
from newsdesk.write import ExtractiveWriter, LLMWriter, write_verified

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "llm"))
from llm_loopback import (
    SAMPLE,
    ChatServer,
    Reply,
    articles,
    faithful_story,
    llm_config,
    story_prompt,
)

NEUS = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "neus-allsides"
KEYS = ("items", "accepted", "acceptance_rate", "fell_back", "fell_back_by_reason", "endpoint")


def misbehaving() -> Any:
    """A model that misbehaves in turn, one way per story (faithful one story in six); a
    story asked again (a retry) gets the same kind of answer."""
    turns: dict[str, int] = {}

    def answer(request: dict[str, Any]) -> str:
        story = json.loads(faithful_story(request))
        turn = turns.setdefault(story_prompt(request), len(turns) + 1) % 6
        if turn == 1:
            story["headline"] = "Ministers Resign in Disgrace Over the Affair"
        elif turn == 2:
            lead = story["summary"]
            story["paragraphs"] = [[lead] * (1_000_000 // (len(lead["text"]) + 30))]
        elif turn == 3:
            story["headline"] = "Our Reporters: " + story["headline"]
        elif turn == 4:
            story["paragraphs"] = [
                " ".join(f"{s['text']} [{s['sources'][0]}]" for s in p) for p in story["paragraphs"]
            ]
        elif turn == 5:
            return "Here is the story: " + json.dumps(story)[:-40]
        return json.dumps(story)

    return answer


def evaluate(url: str, folder: Path, limit: int) -> dict[str, Any]:
    config = llm_config(folder, url)
    args = ["eval", "summarize", "--data", str(NEUS), "--limit", str(limit), "--writer", "llm"]
    result = CliRunner().invoke(cli, [*args, "--config", str(config)])
    if result.exit_code != 0:
        raise SystemExit(result.output)
    return dict(json.loads(result.output))


def rouge(metrics: dict[str, Any]) -> dict[str, Any]:
    keys = ("rouge1", "rouge2", "rougeL", "headline_rougeL")
    return {
        "model_on_accepted": {k: metrics[k] for k in keys},
        "extractive_on_accepted": {k: metrics["extractive_on_accepted"][k] for k in keys},
        "published": {k: metrics["published"][k] for k in keys},
    }


def deadlines(folder: Path) -> dict[str, Any]:
    results: dict[str, Any] = {}
    chat = ChatServer()
    chat.start()
    try:
        chat.script.replies.append(Reply("x" * 400, trickle=0.05))  # 20 s of bytes
        writer = LLMWriter(chat.url, "scripted-model", timeout=1.0, retries=2)
        started = time.monotonic()
        _draft, verified = write_verified(articles(), writer, ExtractiveWriter())
        results["trickling_request"] = {
            "deadline_s": 1.0,
            "seconds": round(time.monotonic() - started, 2),
            "requests": len(chat.script.requests),
            "fell_back": verified.rejected,
        }
    finally:
        chat.stop()
    chat = ChatServer()
    chat.start()
    try:
        chat.script.replies += [Reply(hang=True)] * 100
        config = load_config(llm_config(folder, chat.url, "llm_timeout = 1.0"), env={})
        store = SQLiteStore(config.store_url)
        for name in ("hanging_run", "hanging_next_run"):
            asked = len(chat.script.requests)
            report = run(config, store, sources=[SAMPLE])
            results[name] = {
                "deadline_s": 1.0,
                "write_seconds": round(report.timings["write"], 2),
                "stories_written": report.counts.get("write.versions", 0),
                "model_retries": report.counts.get("write.model_retries", 0),
                "requests": len(chat.script.requests) - asked,
            }
        store.close()
    finally:
        chat.stop()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, default=300, help="NeuS dev items")
    args = parser.parse_args()
    if not NEUS.exists():
        raise SystemExit(f"no NeuS data at {NEUS}")
    results: dict[str, Any] = {"limit": args.limit}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for name, answer in (("faithful", faithful_story), ("misbehaving", misbehaving())):
            chat = ChatServer()
            chat.script.answer = answer
            chat.start()
            try:
                metrics = evaluate(chat.url, folder, args.limit)
            finally:
                chat.stop()
            results[name] = {k: metrics[k] for k in KEYS} | rouge(metrics)
            results[name]["requests"] = len(chat.script.requests)
        results["deadlines"] = deadlines(folder)
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
