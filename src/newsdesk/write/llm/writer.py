"""The LLM writer: asks the model, holds its reply to shape, has the verifier judge it.

A draft is accepted only when, after shaping (``shape``) and verification, its headline
and lead stand and enough of what it offered is left (``MIN_KEPT`` sentences, or fewer
for a story with few source sentences, and at least half of the sentences it offered).
Otherwise ``write_checked`` raises ``DraftRejected`` with the report of every sentence
left out, and the stage falls back to the extractive writer.

Only accepted replies are kept in the reply cache, keyed by a hash of the prompt
version, the model and the prompt; a cached reply that is no longer accepted is
forgotten and the model asked again.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Protocol

from newsdesk.config import default
from newsdesk.models import Article, Draft, VerifyReport
from newsdesk.text import english_figures
from newsdesk.verify import verify
from newsdesk.write.base import DraftRejected, WriterError
from newsdesk.write.guard import Sanitised, sanitise
from newsdesk.write.llm.client import Breaker, ChatEndpoint, EndpointError
from newsdesk.write.llm.prompt import (
    PROMPT_VERSION,
    Numbered,
    messages,
    number_sentences,
    user_prompt,
)
from newsdesk.write.llm.shape import Limits, Shaped, shape_reply

log = logging.getLogger(__name__)

MIN_KEPT = 3  # sentences a model's story must keep, lead included (fewer for tiny sources)


class ReplyCache(Protocol):
    """Where accepted replies are kept: ``MemoryReplies``, or the store (the pipeline's)."""

    def get(self, key: str, /) -> str | None: ...
    def put(self, key: str, reply: str, model: str, prompt_version: str) -> None: ...
    def discard(self, key: str, /) -> None: ...


class MemoryReplies:
    """Accepted replies by key, in memory, for one process (``eval summarize``, tests)."""

    def __init__(self) -> None:
        self.replies: dict[str, str] = {}

    def get(self, key: str, /) -> str | None:
        return self.replies.get(key)

    def put(self, key: str, reply: str, model: str, prompt_version: str) -> None:
        self.replies[key] = reply

    def discard(self, key: str, /) -> None:
        self.replies.pop(key, None)


@dataclass(slots=True)
class _Attempt:
    """What one story's reply was judged on."""

    articles: tuple[Article, ...]
    sanitised: Sanitised
    numbered: list[Numbered]
    notes: list[str] = field(default_factory=list)


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
        give_up_after: int = default("write.llm_give_up_after"),
        case: str = default("write.headline_case"),
        retry_after_cap: float = default("write.llm_retry_after_cap"),
        language: str = default("write.language"),
    ) -> None:
        """Configure the endpoint.

        Args:
            base_url: the API root, e.g. ``http://localhost:11434/v1``.
            model: the model name.
            api_key: sent as a Bearer token when set.
            timeout: seconds allowed for one request in all (the total deadline).
            max_tokens: the reply's token budget.
            retries: further tries after a failed request, and after an unusable reply.
            cache: accepted replies (``ReplyCache`` or the store's); None: no cache.
            max_input_tokens: budget for the numbered sentences (estimated).
            give_up_after: stories in a row without a usable reply after which the
                endpoint is not asked again in this run (0: only a deadline, a 401,
                403 or 404 stops it).
            case: the headline case, as for the default writer ("title" or "sentence").
            retry_after_cap: the longest Retry-After waited for, in seconds.
            language: the language stories are written in (ISO 639-1).
        """
        self.model = model
        self.cache = cache
        self.max_tokens = max_tokens
        self.retries = retries
        self.max_input_tokens = max_input_tokens
        self.case = case
        self.language = language
        self.breaker = Breaker(give_up_after)
        self.endpoint = ChatEndpoint(
            base_url, api_key, timeout, retries, retry_after_cap, self.breaker
        )

    @property
    def requests(self) -> int:
        """HTTP requests made so far by this writer."""
        return self.endpoint.requests

    @property
    def unavailable(self) -> str:
        """Why the endpoint is no longer asked in this run ("" while it is)."""
        return self.breaker.open_reason

    def number_sentences(self, articles: Sequence[Article]) -> list[Numbered]:
        """The source sentences to send, numbered (``prompt.number_sentences``)."""
        return number_sentences(articles, self.max_input_tokens)

    def prompt(self, articles: Sequence[Article], numbered: Sequence[Numbered]) -> str:
        """The user message for these articles (``prompt.user_prompt``)."""
        return user_prompt(articles, numbered, self.language)

    def cache_key(self, prompt: str) -> str:
        """A hash of everything that decides the reply."""
        turns = [text for _, text in messages(prompt)]
        material = "\n".join([PROMPT_VERSION, self.model, *turns])
        return "llm:" + hashlib.sha256(material.encode("utf-8")).hexdigest()

    def write(self, articles: Sequence[Article]) -> Draft:
        """The accepted draft (``write_checked``)."""
        return self.write_checked(articles)[0]

    def write_checked(self, articles: Sequence[Article]) -> tuple[Draft, VerifyReport]:
        """Ask the model, shape and verify its reply; the accepted draft and its report.

        Args:
            articles: the story's articles (ids set).

        Returns:
            The verified draft and the report of what was checked and left out.

        Raises:
            DraftRejected: when the reply was read but not accepted.
            WriterError: when no usable reply came (``EndpointError`` for the transport,
                ``WriterUnavailable`` once the endpoint is not asked any more).
        """
        sanitised = sanitise(articles)
        attempt = _Attempt(sanitised.articles, sanitised, self.number_sentences(sanitised.articles))
        if sanitised.removed:
            attempt.notes.append(
                f"{len(sanitised.removed)} source sentence(s) addressed to a model were "
                "removed and not sent: " + " | ".join(s[:80] for s in sanitised.removed[:3])
            )
        if not attempt.numbered:
            raise WriterError("no source sentences to send", reason="no_sources")
        prompt = self.prompt(attempt.articles, attempt.numbered)
        key = self.cache_key(prompt)
        cached = self.cache.get(key) if self.cache is not None else None
        if cached is not None:
            try:
                return self._judge(cached, attempt)
            except WriterError as exc:
                log.info("cached reply %s no longer accepted (%s); asking again", key[:16], exc)
                assert self.cache is not None
                self.cache.discard(key)
        last: WriterError | None = None
        for _ in range(self.retries + 1):
            try:
                content = self.endpoint.complete(self.model, messages(prompt), self.max_tokens)
            except EndpointError as exc:
                self.breaker.story_failed(exc.reason)
                raise
            except DraftRejected:
                raise
            except WriterError as exc:
                if exc.reason == "endpoint_unavailable":
                    raise
                last = exc
                continue
            try:
                result = self._judge(content, attempt)
            except DraftRejected:
                self.breaker.story_answered()  # the endpoint works; the draft did not
                raise
            except WriterError as exc:
                last = exc
                log.info("LLM %s: unusable reply (%s)", self.model, exc)
                continue
            self.breaker.story_answered()
            if self.cache is not None:
                self.cache.put(key, content, self.model, PROMPT_VERSION)
            return result
        assert last is not None
        self.breaker.story_failed(last.reason)
        raise last

    def _judge(self, content: str, attempt: _Attempt) -> tuple[Draft, VerifyReport]:
        """Shape and verify one reply; the accepted draft, or ``DraftRejected``."""
        articles = attempt.articles
        shaped = shape_reply(
            content, attempt.numbered, attempt.sanitised, Limits.for_sources(articles), self.case
        )
        notes = [*attempt.notes, *shaped.notes]
        dropped = [r.text for r in shaped.refused]
        reasons = [r.reason for r in shaped.refused]
        if shaped.draft is None:
            report = VerifyReport(0, 0, tuple(dropped), False, tuple(notes), tuple(reasons))
            why = next((n for n in shaped.notes if n.startswith("headline refused")), "")
            raise DraftRejected(why or "no usable sentence", shaped.reason, report)
        verified, checked = verify(
            shaped.draft, _comparable(articles, self.language), self.language
        )
        report = VerifyReport(
            checked.checked_claims,
            checked.supported_claims,
            (*dropped, *checked.dropped),
            False,
            (*notes, *checked.notes),
            (*reasons, *checked.reasons),
            translated_from=_translated_from(verified, articles, self.language),
            refused=checked.refused,
        )
        reason = _rejection(shaped, verified, checked, len(attempt.numbered))
        if reason:
            kept = len(verified.sentences()) if verified else 0
            why = next((n for n in checked.notes if n.startswith("headline unsupported")), "")
            if reason == "lead_unsupported":
                why = next(
                    (n for n in checked.notes if n.startswith(shaped.draft.summary.text[:60])), ""
                )
            raise DraftRejected(why or f"{kept} of {shaped.offered} sentences kept", reason, report)
        assert verified is not None
        return verified, report


def _rejection(shaped: Shaped, verified: Draft | None, checked: VerifyReport, sent: int) -> str:
    """Why a shaped and verified reply is not good enough ("" when it is)."""
    if verified is None:
        if any(n.startswith("headline unsupported") for n in checked.notes):
            return "headline_unsupported"
        if shaped.draft is not None and shaped.draft.summary.text in checked.dropped:
            return "lead_unsupported"
        return "too_little_left"
    kept = len(verified.sentences())
    needed = min(MIN_KEPT, max(1, sent // 2))
    if kept < needed or 2 * kept < shaped.offered:
        return "too_little_left"
    return ""


def _comparable(articles: Sequence[Article], language: str) -> list[Article]:
    """The articles as the verifier compares a translation with them: the figures of those
    in another language than ``language`` written in English notation."""
    return [
        replace(
            a,
            title=english_figures(a.title, a.language),
            paragraphs=tuple(english_figures(p, a.language) for p in a.paragraphs),
        )
        if a.language and language and a.language[:2] != language[:2]
        else a
        for a in articles
    ]


def _translated_from(
    draft: Draft | None, articles: Sequence[Article], language: str
) -> tuple[str, ...]:
    if draft is None or not language:
        return ()
    cited = {i for s in draft.sentences() for i in s.sources}
    return tuple(
        sorted(
            {
                a.language
                for a in articles
                if a.id in cited and a.language and a.language != language
            }
        )
    )
