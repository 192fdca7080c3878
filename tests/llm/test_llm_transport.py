"""Transport as a careful client does it (issue 21, item 4), on the loopback endpoint.

A total deadline per request, Retry-After honoured up to a cap, no retry on a 4xx other
than 408 and 429, and a circuit breaker: a hanging endpoint costs one deadline per run.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import pytest
from test_llm_writer import GOOD_BODY, story, writer_for

from llm_loopback import SAMPLE, ChatServer, Reply, articles, llm_config
from newsdesk.config import load_config
from newsdesk.pipeline import run
from newsdesk.store import SQLiteStore
from newsdesk.write import ExtractiveWriter, WriterError, WriterUnavailable, write_verified
from newsdesk.write.llm.client import retry_after_seconds


def test_a_trickling_server_cannot_hold_a_request_past_its_deadline(chat: ChatServer) -> None:
    writer = writer_for(chat.url, timeout=1.0, retries=2)
    chat.script.replies.append(Reply("x" * 400, trickle=0.05))  # 20 s of bytes
    started = time.monotonic()
    draft, report = write_verified(articles(), writer, ExtractiveWriter())
    assert time.monotonic() - started < 2.0
    assert report.rejected == "timeout" and draft.writer == "extractive"
    assert len(chat.script.requests) == 1  # a deadline is not tried again


def test_retry_after_is_honoured(chat: ChatServer) -> None:
    writer = writer_for(chat.url, retries=2)
    chat.script.replies.append(Reply("{}", 429, {"Retry-After": "1"}))
    chat.script.replies.append(Reply("{}", 503, {"retry-after-ms": "300"}))
    chat.script.add(story(writer, GOOD_BODY))
    assert writer.write(articles()).writer == "llm"
    first, second, third = chat.script.arrived
    assert second - first >= 1.0 and third - second >= 0.3


def test_a_retry_after_over_the_cap_ends_the_tries(chat: ChatServer) -> None:
    writer = writer_for(chat.url, retries=2, retry_after_cap=5.0)
    chat.script.replies.append(Reply("{}", 429, {"Retry-After": "3600"}))
    started = time.monotonic()
    with pytest.raises(WriterError) as caught:
        writer.write(articles())
    assert caught.value.reason == "http_429" and len(chat.script.requests) == 1
    assert time.monotonic() - started < 1.0


def test_retry_after_as_an_http_date() -> None:
    now = datetime(2025, 1, 24, 12, 0, tzinfo=UTC)
    later = format_datetime(now + timedelta(seconds=20), usegmt=True)
    assert retry_after_seconds({"retry-after": later}, now) == 20.0
    assert retry_after_seconds({"retry-after": "soon"}, now) is None


@pytest.mark.parametrize(("status", "tries"), [(400, 1), (422, 1), (408, 2), (429, 2), (500, 2)])
def test_only_408_429_and_5xx_are_tried_again(chat: ChatServer, status: int, tries: int) -> None:
    writer = writer_for(chat.url, retries=1)
    chat.script.replies += [Reply("{}", status), Reply("{}", status)]
    with pytest.raises(WriterError) as caught:
        writer.write(articles())
    assert caught.value.reason == f"http_{status}" and len(chat.script.requests) == tries


def test_a_401_is_not_retried_and_stops_the_run_asking(chat: ChatServer) -> None:
    writer = writer_for(chat.url, retries=2)
    chat.script.replies += [Reply('{"error": {"message": "bad key"}}', 401)] * 3
    with pytest.raises(WriterError) as caught:
        writer.write(articles())
    assert caught.value.reason == "http_401"
    with pytest.raises(WriterUnavailable):
        writer.write(articles())
    assert len(chat.script.requests) == 1 and "HTTP 401" in writer.unavailable


def test_a_refused_connection_opens_the_breaker_after_stories_in_a_row() -> None:
    writer = writer_for("http://127.0.0.1:9/v1", retries=0, give_up_after=2)
    for _ in range(2):
        with pytest.raises(WriterError) as caught:
            writer.write(articles())
        assert caught.value.reason == "connection"
    with pytest.raises(WriterUnavailable):
        writer.write(articles())
    assert writer.requests == 2


def test_a_hanging_endpoint_costs_one_deadline_per_run(
    chat: ChatServer, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    chat.script.replies += [Reply(hang=True)] * 20
    config = load_config(llm_config(tmp_path, chat.url, "llm_timeout = 1.0"), env={})
    store = SQLiteStore(config.store_url)
    report = run(config, store, sources=[SAMPLE])
    assert len(chat.script.requests) == 1
    assert report.timings["write"] < 2 * 1.0 + 1.5  # one deadline, and the writing itself
    assert report.counts["write.versions"] == report.counts["write.fell_back"] >= 10
    assert report.counts["write.fell_back.timeout"] == 1
    assert (
        report.counts["write.fell_back.endpoint_unavailable"]
        == report.counts["write.fell_back"] - 1
    )
    # The log says once that the endpoint is not asked again, not once a story.
    said = [r.getMessage() for r in caplog.records if "is not asked again" in r.getMessage()]
    assert len(said) == 1 and "no reply within 1 s" in said[0]
    # The next run pays one deadline again, not one per story it retries.
    second = run(config, store, sources=[SAMPLE])
    assert len(chat.script.requests) == 2 and second.timings["write"] < 2 * 1.0 + 1.5
