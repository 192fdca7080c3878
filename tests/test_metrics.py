import json
import os
import socket
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner
from prometheus_client.parser import text_string_to_metric_families

from newsdesk.cli import main
from newsdesk.metrics import render, write_textfile
from newsdesk.models import RawDocument, RunReport
from newsdesk.store import SQLiteStore


def test_metrics_come_from_the_store(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "t.db")
    for n in range(2):
        report = RunReport(started_at=datetime(2025, 1, 1, n, tzinfo=UTC))
        store.start_run(report)
        report.count("extract.articles", 3)
        report.error("extract.too_short", n + 1)
        report.timings["extract"] = 0.5 + n
        report.finished_at = report.started_at
        store.finish_run(report)
    store.add_raw(
        RawDocument(
            key="k",
            url="u",
            final_url="u",
            status=200,
            headers={},
            body=b"x",
            fetched_at=datetime(2025, 1, 1, tzinfo=UTC),
        )
    )
    families = {f.name: f for f in text_string_to_metric_families(render(store).decode())}
    samples = {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for f in families.values()
        for s in f.samples
    }
    assert samples[("newsdesk_items_total", (("outcome", "articles"), ("stage", "extract")))] == 6
    assert (
        samples[("newsdesk_items_failed_total", (("reason", "too_short"), ("stage", "extract")))]
        == 3
    )
    assert samples[("newsdesk_stage_seconds", (("stage", "extract"),))] == 1.5
    assert samples[("newsdesk_queue_depth", (("stage", "extract"),))] == 1
    assert samples[("newsdesk_runs_total", ())] == 2
    out = tmp_path / "newsdesk.prom"
    write_textfile(store, out)
    assert "newsdesk_queue_depth" in out.read_text(encoding="utf-8")


SAMPLE = Path(__file__).resolve().parent / "fixtures" / "sample"


def _samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_watch_writes_and_serve_answers_the_metrics_of_a_run(tmp_path: Path) -> None:
    config = tmp_path / "newsdesk.toml"
    config.write_text(
        "[extract]\nmin_words = 25\n"
        f'[[sources]]\nurl = {json.dumps(str(SAMPLE / "articles.jsonl"))}\nkind = "jsonl"\n'
        f'[[sources]]\nurl = {json.dumps(str(SAMPLE / "pages"))}\nkind = "folder"\n',
        encoding="utf-8",
    )
    metrics_file = tmp_path / "newsdesk.prom"
    args = ["watch", "--once", "--config", str(config), "--metrics-file", str(metrics_file)]
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    store = SQLiteStore(tmp_path / "newsdesk.db")
    (run,) = store.runs()
    assert run.counts["extract.articles"] == 31 and run.counts["write.versions"] > 0
    assert run.finished_at is not None
    written = _samples(metrics_file.read_text(encoding="utf-8"))

    def item(stage: str, outcome: str) -> tuple[str, tuple[tuple[str, str], ...]]:
        return ("newsdesk_items_total", (("outcome", outcome), ("stage", stage)))

    assert written[item("ingest", "new")] == 31
    assert written[item("extract", "articles")] == 31
    assert written[item("write", "versions")] == run.counts["write.versions"]
    fell_back = run.counts.get("write.fell_back", 0)
    assert written.get(item("write", "fell_back"), 0) == fell_back
    assert written[("newsdesk_runs_total", ())] == 1
    took = (run.finished_at - run.started_at).total_seconds()
    assert written[("newsdesk_run_seconds_total", ())] == pytest.approx(took)
    assert written[("newsdesk_last_run_duration_seconds", ())] == pytest.approx(took)
    # A page the run could not use is counted by its stage and reason.
    failed = {k: v for k, v in written.items() if k[0] == "newsdesk_items_failed_total"}
    assert sum(failed.values()) == sum(run.errors.values())

    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "newsdesk", "serve", "--config", str(config), "--port", str(port)],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )
    try:
        url = f"http://127.0.0.1:{port}/metrics"
        deadline = time.monotonic() + 60
        response = None
        while response is None and time.monotonic() < deadline and proc.poll() is None:
            try:
                response = httpx.get(url, timeout=5)
            except httpx.TransportError:
                time.sleep(0.2)
        assert response is not None, proc.stderr.read() if proc.poll() is not None else "no answer"
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/plain; version=")
        served = _samples(response.text)
        assert served[item("extract", "articles")] == 31
        assert served[("newsdesk_runs_total", ())] == 1
        # Read from the store at each scrape: a second run shows at once.
        again = CliRunner().invoke(main, ["run", "--config", str(config)])
        assert again.exit_code == 0, again.output
        served = _samples(httpx.get(url, timeout=5).text)
        assert served[("newsdesk_runs_total", ())] == 2
        second = store.runs()[0].counts["ingest.unchanged"]
        assert second > 0 and served[item("ingest", "unchanged")] == second
    finally:
        proc.terminate()
        proc.communicate(timeout=30)
