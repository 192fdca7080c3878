"""A scripted chat endpoint on loopback that speaks the OpenAI chat completions API.

``ChatServer`` (``http.server`` in a thread) answers ``POST /v1/chat/completions`` with
the replies scripted in ``Script.replies``, one per request: a body, a status, headers
(Retry-After), a delay before answering, a trickle (the body a byte at a time), or a
hang (no answer until the server stops). With no scripted reply left it answers with
``Script.answer(request)`` when set (``faithful_story`` builds a careful model's reply
from the prompt's own numbered sentences), else 404.

``articles()`` is the example raw article split into two outlets' articles.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from newsdesk.models import Article, Source, SourceKind
from newsdesk.write.llm import SOURCE_LINE

RAW = Path(__file__).resolve().parent / "fixtures" / "write" / "rco-news-raw-article.txt"
FIRST_PERSON = re.compile(r"\b(?:we|our|us|my|me)\b", re.I)


@dataclass
class Reply:
    body: str = ""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds before the status line
    trickle: float = 0.0  # seconds between two bytes of the body
    hang: bool = False  # never answer (until the server stops)


@dataclass
class Script:
    replies: list[Reply] = field(default_factory=list)
    requests: list[dict[str, Any]] = field(default_factory=list)
    headers: list[dict[str, str]] = field(default_factory=list)
    arrived: list[float] = field(default_factory=list)  # time.monotonic() of each request
    answer: Callable[[dict[str, Any]], str] | None = None  # content when nothing is scripted
    gate: threading.Event | None = None  # when set here, each answer waits for it (60 s at most)

    def add(self, content: str, **kwargs: Any) -> None:
        """Script one chat completion whose message is ``content``."""
        self.replies.append(Reply(completion(content), **kwargs))


def completion(content: str) -> str:
    return json.dumps(
        {
            "id": "chatcmpl-test",
            "object": "chat.completion",
            "created": 0,
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


def story_prompt(request: dict[str, Any]) -> str:
    """The story's own prompt: the last message (earlier ones are the worked example)."""
    return str(request["messages"][-1]["content"])


def numbered(request: dict[str, Any]) -> list[tuple[int, str]]:
    """The prompt's numbered source sentences, by the documented line format."""
    return [(int(n), text) for n, text in SOURCE_LINE.findall(story_prompt(request))]


def faithful_story(request: dict[str, Any]) -> str:
    """What a careful model might answer: source sentences copied whole, each citing itself.

    The headline is the first article title (else the first twelve words of the shortest
    sentence), the lead the longest sentence and the body the next two longest; titles
    and sentences in the first person (an outlet's or a speaker's voice without quote
    marks) are not copied.
    """
    titles = re.findall(r"^Title: (.+)$", story_prompt(request), re.M)
    usable = [(n, t) for n, t in numbered(request) if not FIRST_PERSON.search(t)]
    longest = sorted(usable, key=lambda n: -len(n[1]))[:3]
    lead, *body = [{"text": text, "sources": [n]} for n, text in longest]
    shortest = min(usable, key=lambda n: len(n[1]))[1]
    headline = next(
        (t for t in titles if not FIRST_PERSON.search(t)),
        " ".join(shortest.rstrip(".").split()[:12]),
    )
    return json.dumps({"headline": headline, "summary": lead, "paragraphs": [body]})


class ChatServer:
    """The scripted endpoint; ``url`` is its API root (``.../v1``)."""

    def __init__(self) -> None:
        self.script = Script()
        self.released = threading.Event()
        script, released = self.script, self.released

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                body = json.loads(self.rfile.read(length))
                script.arrived.append(time.monotonic())
                script.requests.append(body)
                script.headers.append({k.lower(): v for k, v in self.headers.items()})
                if script.gate is not None:
                    script.gate.wait(60)
                if self.path != "/v1/chat/completions":
                    reply = Reply('{"error": {"message": "no such path"}}', 404)
                elif script.replies:
                    reply = script.replies.pop(0)
                elif script.answer is not None:
                    reply = Reply(completion(script.answer(body)))
                else:
                    reply = Reply('{"error": {"message": "model not found"}}', 404)
                if reply.hang:
                    released.wait(60)
                    return
                time.sleep(reply.delay)
                data = reply.body.encode("utf-8")
                try:
                    self.send_response(reply.status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    for name, value in reply.headers.items():
                        self.send_header(name, value)
                    self.end_headers()
                    if reply.trickle:
                        for i in range(len(data)):
                            if released.is_set():
                                return
                            self.wfile.write(data[i : i + 1])
                            self.wfile.flush()
                            time.sleep(reply.trickle)
                    else:
                        self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (deadline tests)

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        self.released.set()
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(5)


def articles() -> list[Article]:
    """The example raw article as two outlets' articles (ids 1 and 2)."""
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


SAMPLE = Source(
    url=str(Path(__file__).resolve().parent / "fixtures" / "sample" / "articles.jsonl"),
    kind=SourceKind.JSONL,
    name="sample",
)


def llm_config(tmp_path: Path, url: str, *extra: str, model: str = "scripted-model") -> Path:
    """A config for the sample with the LLM writer on ``url`` (``extra``: more [write] lines)."""
    lines = [
        "[extract]",
        "min_words = 25",
        "[write]",
        'writer = "llm"',
        f'llm_base_url = "{url}"',
        f'llm_model = "{model}"',
        *extra,
    ]
    if not any(line.startswith("llm_timeout") for line in extra):
        lines.append("llm_timeout = 5.0")
    path = tmp_path / "newsdesk.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
