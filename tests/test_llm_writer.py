"""The LLM writer against a real HTTP server on loopback speaking the OpenAI chat API.

The server (started by the tests, ``http.server`` in a thread) answers
``POST /v1/chat/completions`` with scripted replies, one per request: a good story,
malformed JSON, a wrong citation, an invented name, a changed number, an invented quote,
and a reply slower than the client's timeout. The verifier and the fallback to the
default writer run exactly as in the pipeline.
"""

from __future__ import annotations

import json
import logging
import re
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from newsdesk.cli import main
from newsdesk.config import load_config
from newsdesk.errors import ConfigError
from newsdesk.models import Article, Source, SourceKind
from newsdesk.pipeline import run
from newsdesk.store import SQLiteStore
from newsdesk.verify import verify
from newsdesk.write import ExtractiveWriter, LLMWriter, WriterError, write_verified

RAW = Path(__file__).parent / "fixtures" / "write" / "rco-news-raw-article.txt"


@dataclass
class Script:
    replies: list[tuple[float, int, str]] = field(default_factory=list)  # delay, status, body
    requests: list[dict[str, Any]] = field(default_factory=list)
    headers: list[dict[str, str]] = field(default_factory=list)
    echo: bool = False  # with no scripted reply left: a story made of the prompt's sentences


def completion(content: str) -> str:
    return json.dumps(
        {
            "id": "chatcmpl-test",
            "object": "chat.completion",
            "model": "scripted",
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": content},
                    "finish_reason": "stop",
                }
            ],
            "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
        }
    )


def echo_story(request: dict[str, Any]) -> str:
    """What a careful model might answer: source sentences copied whole, each citing itself.

    The headline is the first numbered sentence (an outlet's title), the summary the
    longest sentence and the body the next two longest.
    """
    numbered = re.findall(r"^\[(\d+)\] \([^)]*\) (.+)$", request["messages"][1]["content"], re.M)
    title = numbered[0][1]
    longest = sorted(numbered[1:] or numbered, key=lambda n: -len(n[1]))
    summary, *body = [{"text": text, "sources": [int(number)]} for number, text in longest[:3]]
    return json.dumps({"headline": title, "summary": summary, "paragraphs": [body]})


@pytest.fixture
def server() -> Iterator[tuple[str, Script]]:
    script = Script()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            body = json.loads(self.rfile.read(length))
            script.requests.append(body)
            script.headers.append(dict(self.headers))
            if self.path != "/v1/chat/completions" or not (script.replies or script.echo):
                self.send_error(404)
                return
            if script.replies:
                delay, status, reply = script.replies.pop(0)
            else:
                delay, status, reply = 0, 200, completion(echo_story(body))
            time.sleep(delay)
            data = reply.encode("utf-8")
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (the timeout test)

        def log_message(self, format: str, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/v1", script
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)


def articles() -> list[Article]:
    title, *paragraphs = RAW.read_text(encoding="utf-8").splitlines()
    body = [p for p in paragraphs if p.strip()]
    return [
        Article("https://rco-news.example/a", title, tuple(body[:9]), site_name="RCO NEWS", id=1),
        Article(
            "https://wire.example/b",
            "Trump declared a national emergency at the border",
            tuple(body[9:]),
            site_name="Wire",
            id=2,
        ),
    ]


def number_of(writer: LLMWriter, fragment: str) -> int:
    """The number the prompt gives the source sentence containing ``fragment``."""
    for n in writer.number_sentences(articles()):
        if fragment in n.text:
            return n.number
    raise AssertionError(fragment)


def story(writer: LLMWriter, body: list[tuple[str, str]]) -> str:
    """A reply whose paragraph sentences cite the source sentences holding each key."""
    flights = number_of(writer, "two similar flights to Guatemala")
    return json.dumps(
        {
            "headline": "Mexico Rejects U.S. Request to Land Military Plane Carrying Migrants",
            "summary": {
                "text": "Mexico rejected a U.S. request to land a military plane carrying "
                "deported migrants, while two similar flights went to Guatemala on Friday.",
                "sources": [number_of(writer, "Informed sources confirmed"), flights],
            },
            "paragraphs": [
                [{"text": text, "sources": [number_of(writer, key)]} for text, key in body]
            ],
        }
    )


GOOD_BODY = [
    (
        "Each of the two flights to Guatemala carried about 80 migrants.",
        "two similar flights to Guatemala",
    ),
    (
        "Trump has already deployed 1,500 additional US troops to the border.",
        "1,500 additional US troops",
    ),
]


def writer_for(url: str, **kwargs: Any) -> LLMWriter:
    options: dict[str, Any] = {"timeout": 2.0, "retries": 1, "api_key": "k"}
    options.update(kwargs)
    return LLMWriter(url, "scripted-model", **options)


def test_good_reply_becomes_a_verified_draft_citing_articles(
    server: tuple[str, Script],
) -> None:
    url, script = server
    writer = writer_for(url)
    script.replies.append((0, 200, completion(story(writer, GOOD_BODY))))
    draft, report = write_verified(articles(), writer, ExtractiveWriter())
    assert draft.writer == "llm" and not report.fell_back
    assert draft.summary.sources == (1,)
    assert [s.sources for s in draft.paragraphs[0]] == [(1,), (2,)]
    assert report.checked_claims == report.supported_claims == 4
    request = script.requests[0]
    assert request["model"] == "scripted-model" and request["max_tokens"] == writer.max_tokens
    assert "[1] (RCO NEWS) Mexico opposes the landing" in request["messages"][1]["content"]
    assert "end of message" not in request["messages"][1]["content"]
    assert script.headers[0]["Authorization"] == "Bearer k"


def test_cache_keyed_by_content_means_no_second_request(server: tuple[str, Script]) -> None:
    url, script = server
    cache: dict[str, str] = {}
    writer = writer_for(url, cache=cache)
    script.replies.append((0, 200, completion(story(writer, GOOD_BODY))))
    first = writer.write(articles())
    second = writer.write(articles())
    assert first == second and len(script.requests) == 1 and len(cache) == 1
    changed = [*articles()[:1], Article("https://x.example/c", "More", ("New text here.",), id=3)]
    script.replies.append((0, 200, completion("{}")))
    script.replies.append((0, 200, completion("{}")))
    with pytest.raises(WriterError):
        writer.write(changed)  # a changed story is asked again (and this reply is unusable)
    assert len(script.requests) == 3


def test_malformed_json_is_retried(server: tuple[str, Script]) -> None:
    url, script = server
    writer = writer_for(url)
    script.replies.append((0, 200, completion('{"headline": "Mexico", "summary": ')))
    script.replies.append((0, 200, completion("```json\n" + story(writer, GOOD_BODY) + "\n```")))
    draft = writer.write(articles())
    assert len(script.requests) == 2 and draft.headline.startswith("Mexico Rejects")


def test_malformed_json_every_time_falls_back(server: tuple[str, Script]) -> None:
    url, script = server
    writer = writer_for(url)
    script.replies += [
        (0, 200, completion("Sure! Here is your story: Mexico...")) for _ in range(2)
    ]
    draft, report = write_verified(articles(), writer, ExtractiveWriter())
    assert report.fell_back and draft.writer == "extractive"
    assert "not JSON" in report.notes[0]


def test_server_error_is_retried(server: tuple[str, Script]) -> None:
    url, script = server
    writer = writer_for(url)
    script.replies.append((0, 503, '{"error": "loading model"}'))
    script.replies.append((0, 200, completion(story(writer, GOOD_BODY))))
    assert writer.write(articles()).writer == "llm"


def test_timeout_falls_back_to_the_default_writer(server: tuple[str, Script]) -> None:
    url, script = server
    writer = writer_for(url, timeout=0.3, retries=0)
    script.replies.append((1.0, 200, completion(story(writer, GOOD_BODY))))
    draft, report = write_verified(articles(), writer, ExtractiveWriter())
    assert report.fell_back and draft.writer == "extractive"
    assert "Timeout" in report.notes[0]


def run_planted(server: tuple[str, Script], text: str, key: str) -> tuple[Any, Any]:
    url, script = server
    writer = writer_for(url)
    body = [GOOD_BODY[0], (text, key)]
    script.replies.append((0, 200, completion(story(writer, body))))
    checked, report = verify(writer.write(articles()), articles())
    assert checked is not None
    assert text not in [s.text for s in checked.sentences()]
    assert report.dropped == (text,)
    return checked, report


def test_wrong_citation_is_caught(server: tuple[str, Script]) -> None:
    # The troops are in the Wire article; the reply cites an RCO sentence.
    _, report = run_planted(
        server,
        "Trump has already deployed 1,500 additional US troops to the border.",
        "Mexico’s foreign ministry said",
    )
    assert "number 1500" in report.notes[0]


def test_invented_name_is_caught(server: tuple[str, Script]) -> None:
    _, report = run_planted(
        server,
        "Defense Secretary Pete Hegseth said 1,500 additional US troops were deployed.",
        "1,500 additional US troops",
    )
    assert "name Pete" in report.notes[0] or "name Hegseth" in report.notes[0]


def test_changed_number_is_caught(server: tuple[str, Script]) -> None:
    _, report = run_planted(
        server,
        "Trump has already deployed 15,000 additional US troops to the border.",
        "1,500 additional US troops",
    )
    assert "number 15000" in report.notes[0]


def test_swapped_name_is_caught(server: tuple[str, Script]) -> None:
    _, report = run_planted(
        server,
        "Each of the two flights to Honduras carried about 80 migrants.",
        "two similar flights to Guatemala",
    )
    assert "name Honduras" in report.notes[0]


def test_invented_quote_is_caught(server: tuple[str, Script]) -> None:
    _, report = run_planted(
        server,
        'Mexico\'s foreign ministry said it "will never accept military deportation flights".',
        "Mexico’s foreign ministry said",
    )
    assert "quote" in report.notes[0]


def test_citation_of_an_unknown_sentence_number_is_dropped(server: tuple[str, Script]) -> None:
    url, script = server
    writer = writer_for(url)
    reply = json.loads(story(writer, GOOD_BODY))
    reply["paragraphs"][0].append({"text": "An extra sentence.", "sources": [999, "x"]})
    script.replies.append((0, 200, completion(json.dumps(reply))))
    draft = writer.write(articles())
    assert "An extra sentence." not in [s.text for s in draft.sentences()]


def test_the_headline_takes_the_sites_case(server: tuple[str, Script]) -> None:
    url, script = server
    reply = json.loads(story(writer_for(url), GOOD_BODY))
    reply["headline"] = "Mexico rejects U.S. request to land military plane carrying migrants."
    script.replies += [(0, 200, completion(json.dumps(reply)))] * 2
    title = writer_for(url).write(articles()).headline
    sentence = writer_for(url, case="sentence").write(articles()).headline
    assert title == "Mexico Rejects U.S. Request to Land Military Plane Carrying Migrants"
    assert sentence == "Mexico rejects U.S. request to land military plane carrying migrants"


def test_token_budget_limits_the_prompt() -> None:
    writer = LLMWriter("http://127.0.0.1:9/v1", "m", max_input_tokens=60)
    numbered = writer.number_sentences(articles())
    assert sum(len(n.text) for n in numbered) <= 60 * 4 + 200
    assert {n.article_id for n in numbered} == {1, 2}  # round-robin: both outlets


# ---------------------------------------------------------------- in the pipeline and eval

SAMPLE = Source(
    url=str(Path(__file__).resolve().parent / "fixtures" / "sample" / "articles.jsonl"),
    kind=SourceKind.JSONL,
    name="sample",
)
NEUS = Path(__file__).resolve().parent / "fixtures" / "datasets" / "neus-allsides"


def llm_config(tmp_path: Path, url: str, *extra: str, model: str = "scripted-model") -> Path:
    lines = [
        "[extract]",
        "min_words = 25",
        "[write]",
        'writer = "llm"',
        f'llm_base_url = "{url}"',
        f'llm_model = "{model}"',
        "llm_timeout = 5.0",
        *extra,
    ]
    path = tmp_path / "newsdesk.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_run_with_the_llm_writer_publishes_its_drafts_and_never_pays_twice(
    server: tuple[str, Script], tmp_path: Path
) -> None:
    url, script = server
    script.echo = True
    config = load_config(llm_config(tmp_path, url), env={})
    store = SQLiteStore(config.store_url)
    first = run(config, store, sources=[SAMPLE])
    stories = [s.story_id for s in store.latest_stories(limit=50)]
    assert first.counts["write.versions"] == len(stories) == len(script.requests) >= 10
    assert "write.fell_back" not in first.counts
    for story_id in stories:
        version = store.versions(story_id)[-1]
        assert version.draft.writer == "llm" and not version.report.fell_back
        assert version.report.checked_claims == version.report.supported_claims > 0
    # Rewriting stories whose sentences did not change (as when a republished copy joins
    # one) takes the replies kept in the store: no request is paid for twice.
    with store.transaction():
        store.conn.execute("UPDATE stories SET needs_writing = 1")
    second = run(config, store, sources=[SAMPLE])
    assert second.counts["write.versions"] == len(stories) == len(script.requests)
    assert {store.versions(s)[-1].draft.writer for s in stories} == {"llm"}


def test_a_dead_endpoint_costs_a_run_a_few_tries_not_some_for_every_story(
    server: tuple[str, Script], tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    url, script = server  # nothing scripted: every request is answered 404
    config = load_config(llm_config(tmp_path, url, "llm_give_up_after = 2"), env={})
    store = SQLiteStore(config.store_url)
    with caplog.at_level(logging.WARNING):
        report = run(config, store, sources=[SAMPLE])
    assert report.counts["write.versions"] == report.counts["write.fell_back"] >= 10
    assert len(script.requests) == 2 * 3  # two stories, each asked once and retried twice
    # The log says it once, not once a story.
    warnings = [r.getMessage() for r in caplog.records if "writer llm failed" in r.getMessage()]
    assert len(warnings) == 2
    assert sum("writes the rest without it" in r.getMessage() for r in caplog.records) == 1
    for summary in store.latest_stories(limit=50):
        version = store.versions(summary.story_id)[-1]
        assert version.draft.writer == "extractive" and version.report.fell_back
        assert version.report.notes[0].startswith("llm failed:")


def test_the_writer_setting_names_a_known_writer_and_the_llm_needs_a_model(
    tmp_path: Path,
) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('[write]\nwriter = "gpt"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="must be one of 'extractive', 'llm', not 'gpt'"):
        load_config(bad, env={})
    config = load_config(llm_config(tmp_path, "http://127.0.0.1:9/v1", model=" "), env={})
    store = SQLiteStore(config.store_url)
    with pytest.raises(ConfigError, match=r"write\.llm_model is empty"):
        run(config, store, sources=[SAMPLE])
    assert store.runs() == []  # refused before anything started


def test_eval_summarize_measures_the_llm_writers_path(
    server: tuple[str, Script], tmp_path: Path
) -> None:
    url, script = server
    script.echo = True
    args = ["eval", "summarize", "--data", str(NEUS), "--limit", "5", "--writer", "llm"]
    result = CliRunner().invoke(main, [*args, "--config", str(llm_config(tmp_path, url))])
    assert result.exit_code == 0, result.output
    metrics = json.loads(result.output)
    assert metrics["writer"] == "llm" and metrics["items"] == 5 == len(script.requests)
    assert metrics["unsupported_claims"] == 0 and metrics["fell_back"] == 0
    assert metrics["rouge1"] > 0
