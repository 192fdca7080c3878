"""The LLM writer: any OpenAI-compatible chat endpoint (Ollama, llama.cpp, vLLM, OpenAI...).

The story's source sentences are numbered ([1], [2], ...) under their outlet's name and
sent with instructions to answer in JSON only::

    {"headline": "...", "summary": {"text": "...", "sources": [1, 4]},
     "paragraphs": [[{"text": "...", "sources": [2]}, ...], ...]}

Citations are sentence numbers; they are mapped back to the articles those sentences
come from. A number that names no sentence is dropped, and a sentence left with no
citation is dropped (the verifier would reject it anyway). The prompt is kept within a
token budget (sentences are taken round-robin across outlets, leads first). Timeouts,
HTTP errors and unusable replies are retried ``retries`` times, then ``WriterError`` is
raised so that the caller falls back to the default writer; after ``give_up_after``
stories in a row without a usable reply the endpoint is not asked again by this writer
(a run builds its own), so that a dead or overloaded endpoint costs a run a few
timeouts, not a few for every story. Good replies are cached by a hash of the model and
the prompt, so an unchanged story is never paid for twice (the pipeline keeps the cache
in the store, so this holds across runs).
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import httpx

from newsdesk.config import default
from newsdesk.models import Article, Draft, Sentence
from newsdesk.text import headline_case
from newsdesk.write.base import (
    WriterError,
    WriterUnavailable,
    article_sentences,
    condense_attribution,
    is_boilerplate,
    outlet_of,
)

log = logging.getLogger(__name__)

CHARS_PER_TOKEN = 4  # a rough, model-independent estimate for English text
PROMPT_VERSION = "1"  # part of the cache key: change it when the instructions change
SYSTEM_PROMPT = """You are a neutral news editor. You write one short news story from \
numbered sentences taken from several outlets' articles about the same event.
Rules:
- Use only facts stated in the numbered sentences. Never add names, numbers, dates or \
quotes that are not there; copy numbers and quoted words exactly.
- Neutral, calm wording; no opinions; no outlet voice ("we", "our").
- Attribute claims to their real source ("X, Reuters reported"), not to re-reporting chains.
- Every sentence cites the numbers of the sentences that support it.
- Build the headline from words of the source sentences; do not add names.
Answer with JSON only, in this form:
{"headline": "...", "summary": {"text": "one sentence", "sources": [1]},
 "paragraphs": [[{"text": "...", "sources": [2, 5]}]]}"""


class ReplyCache(Protocol):
    """Where good replies are kept: a dict, or the store's state (see the pipeline)."""

    def get(self, key: str, /) -> str | None: ...
    def __setitem__(self, key: str, value: str, /) -> None: ...


@dataclass(frozen=True, slots=True)
class _Numbered:
    number: int
    article_id: int
    outlet: str
    text: str


class LLMWriter:
    """Writes a story with a chat model; see the module docstring."""

    name = "llm"

    def __init__(
        self,
        base_url: str,
        model: str,
        api_key: str = default("write.llm_api_key"),
        timeout: float = default("write.llm_timeout"),
        max_tokens: int = 800,
        retries: int = 2,
        cache: ReplyCache | None = None,
        max_input_tokens: int = default("write.llm_input_tokens"),
        transport: httpx.BaseTransport | None = None,
        give_up_after: int = default("write.llm_give_up_after"),
        case: str = default("write.headline_case"),
    ) -> None:
        """Configure the endpoint.

        Args:
            base_url: the API root, e.g. ``http://localhost:11434/v1`` (``/chat/completions``
                is appended).
            model: the model name.
            api_key: sent as a Bearer token when set.
            timeout: seconds allowed for one request.
            max_tokens: the reply's token budget.
            retries: further tries after a failed one.
            cache: prompt hash -> reply content; None: no cache.
            max_input_tokens: budget for the numbered sentences (estimated).
            transport: an httpx transport (None: the default network transport).
            give_up_after: stories in a row without a usable reply after which the
                endpoint is not asked again (0: always ask).
            case: the headline case, as for the default writer ("title" or "sentence").
        """
        self.url = base_url.rstrip("/") + "/chat/completions"
        self.model = model
        self.api_key = api_key
        self.timeout = timeout
        self.max_tokens = max_tokens
        self.retries = retries
        self.cache = cache
        self.max_input_tokens = max_input_tokens
        self.transport = transport
        self.give_up_after = give_up_after
        self.case = case
        self.failed_in_a_row = 0  # stories, not requests
        self.requests = 0  # HTTP requests made, for the run report and tests

    # ------------------------------------------------------------------ prompt

    def number_sentences(self, articles: Sequence[Article]) -> list[_Numbered]:
        """The source sentences to send, numbered, within the input token budget.

        Args:
            articles: the story's articles.

        Returns:
            Sentences taken round-robin across articles (titles first, then leads).
        """
        per_article: list[list[str]] = []
        for article in articles:
            texts = [article.title] if article.title.strip() else []
            texts += [
                condense_attribution(s) for s in article_sentences(article) if not is_boilerplate(s)
            ]
            per_article.append(texts)
        budget = self.max_input_tokens * CHARS_PER_TOKEN
        numbered: list[_Numbered] = []
        depth = 0
        while budget > 0 and any(depth < len(t) for t in per_article):
            for article, texts in zip(articles, per_article, strict=True):
                if depth < len(texts) and budget > 0 and article.id is not None:
                    text = texts[depth]
                    budget -= len(text) + 8
                    numbered.append(
                        _Numbered(len(numbered) + 1, article.id, outlet_of(article), text)
                    )
            depth += 1
        return numbered

    def prompt(self, numbered: Sequence[_Numbered]) -> str:
        """The user message: numbered sentences under their outlet's name."""
        lines = [f"[{n.number}] ({n.outlet}) {n.text}" for n in numbered]
        return "Source sentences:\n" + "\n".join(lines) + "\n\nWrite the story as JSON."

    def cache_key(self, user_prompt: str) -> str:
        """A hash of everything that decides the reply."""
        material = "\n".join([PROMPT_VERSION, self.model, SYSTEM_PROMPT, user_prompt])
        return "llm:" + hashlib.sha256(material.encode("utf-8")).hexdigest()

    # ------------------------------------------------------------------ write

    def write(self, articles: Sequence[Article]) -> Draft:
        """Ask the model for the story and map its citations back to articles.

        Args:
            articles: the story's articles (ids set).

        Returns:
            The model's draft (not yet verified).

        Raises:
            WriterError: when no usable reply came within the retries.
        """
        numbered = self.number_sentences(articles)
        if not numbered:
            raise WriterError("no source sentences to send")
        user_prompt = self.prompt(numbered)
        key = self.cache_key(user_prompt)
        cached = self.cache.get(key) if self.cache is not None else None
        if cached is not None:
            try:
                return self.parse(cached, numbered)
            except WriterError:
                log.warning("cached reply %s unusable; asking again", key[:16])
        if self.give_up_after and self.failed_in_a_row >= self.give_up_after:
            raise WriterUnavailable(
                f"{self.url} gave no usable reply for {self.failed_in_a_row} stories in a row;"
                " not asked again by this run"
            )
        last_error = "no attempt"
        for attempt in range(self.retries + 1):
            if attempt:
                time.sleep(min(2.0, 0.25 * 2**attempt))
            try:
                content = self._ask(user_prompt)
                draft = self.parse(content, numbered)
            except (httpx.HTTPError, WriterError) as exc:
                last_error = f"{type(exc).__name__}: {exc}"
                log.warning("LLM %s at %s, try %d: %s", self.model, self.url, attempt + 1, exc)
                continue
            if self.cache is not None:
                self.cache[key] = content
            self.failed_in_a_row = 0
            return draft
        self.failed_in_a_row += 1
        if self.failed_in_a_row == self.give_up_after:
            log.warning(
                "LLM %s at %s: no usable reply for %d stories in a row; this run writes the "
                "rest without it",
                self.model,
                self.url,
                self.failed_in_a_row,
            )
        raise WriterError(f"no usable reply from {self.url} ({last_error})")

    def _ask(self, user_prompt: str) -> str:
        headers = {"Authorization": f"Bearer {self.api_key}"} if self.api_key else {}
        body: dict[str, Any] = {
            "model": self.model,
            "messages": [
                {"role": "system", "content": SYSTEM_PROMPT},
                {"role": "user", "content": user_prompt},
            ],
            "temperature": 0,
            "max_tokens": self.max_tokens,
            "response_format": {"type": "json_object"},
        }
        self.requests += 1
        with httpx.Client(timeout=self.timeout, transport=self.transport) as client:
            response = client.post(self.url, json=body, headers=headers)
        response.raise_for_status()
        try:
            content = response.json()["choices"][0]["message"]["content"]
        except (ValueError, KeyError, IndexError, TypeError) as exc:
            raise WriterError("reply is not a chat completion") from exc
        if not isinstance(content, str):
            raise WriterError("reply has no text content")
        return content

    # ------------------------------------------------------------------ reply

    def parse(self, content: str, numbered: Sequence[_Numbered]) -> Draft:
        """Turn the model's JSON into a Draft citing article ids.

        Args:
            content: the reply text (a JSON object, possibly in a code fence).
            numbered: the sentences that were sent.

        Returns:
            The draft; citations to unknown numbers are dropped, as are sentences
            left without any.

        Raises:
            WriterError: when the reply is not the expected JSON.
        """
        data = _json_object(content)
        by_number = {n.number: n.article_id for n in numbered}
        headline = data.get("headline")
        if not isinstance(headline, str) or not headline.strip():
            raise WriterError("reply has no headline")
        summary = _sentence(data.get("summary"), by_number)
        if summary is None:
            raise WriterError("reply has no cited summary")
        paragraphs = []
        raw_paragraphs = data.get("paragraphs") or []
        if not isinstance(raw_paragraphs, list):
            raise WriterError("'paragraphs' is not a list")
        for raw in raw_paragraphs:
            items = raw if isinstance(raw, list) else [raw]
            sentences = tuple(s for s in (_sentence(i, by_number) for i in items) if s)
            if sentences:
                paragraphs.append(sentences)
        return Draft(headline_case(headline, self.case), summary, tuple(paragraphs), self.name)


def _json_object(content: str) -> dict[str, Any]:
    text = content.strip()
    fenced = re.search(r"```(?:json)?\s*(\{.*\})\s*```", text, re.S)
    if fenced:
        text = fenced.group(1)
    elif not text.startswith("{") and "{" in text:
        text = text[text.index("{") : text.rindex("}") + 1]
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise WriterError(f"reply is not JSON ({exc.msg})") from exc
    if not isinstance(data, dict):
        raise WriterError("reply is not a JSON object")
    return data


def _sentence(raw: object, by_number: dict[int, int]) -> Sentence | None:
    if not isinstance(raw, dict):
        return None
    text = raw.get("text")
    cited = raw.get("sources") or raw.get("citations") or []
    if not isinstance(text, str) or not text.strip() or not isinstance(cited, list):
        return None
    ids = sorted(
        {
            by_number[n]
            for n in cited
            if isinstance(n, int) and not isinstance(n, bool) and n in by_number
        }
    )
    return Sentence(" ".join(text.split()), tuple(ids)) if ids else None
