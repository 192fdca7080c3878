from datetime import UTC, datetime
from pathlib import Path

from prometheus_client.parser import text_string_to_metric_families

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
