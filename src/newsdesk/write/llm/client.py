"""The chat endpoint, asked as a careful client asks: the ``openai`` SDK with its own rules.

Any OpenAI-compatible base URL works (Ollama, vLLM, llama.cpp's server, hosted APIs).
The SDK's own retries are off; ``ChatEndpoint`` decides:

* every request has one total deadline (connecting, waiting and reading the whole
  reply): a server that trickles bytes cannot hold it longer, and a reply over
  ``MAX_REPLY_BYTES`` is cut off;
* a 408, a 429, a 5xx or a broken connection is tried again, after the server's
  ``Retry-After`` (``retry-after-ms`` or seconds or an HTTP date) when it gives one and
  that is within ``retry_after_cap``, else after a short backoff; a longer Retry-After
  ends the tries for this story at once (the story is queued for a later run);
* any other 4xx is not tried again: the request itself is wrong;
* a circuit breaker opens for the rest of the run (the endpoint is not called again)
  when a request runs out of its deadline (so a hanging endpoint costs one deadline per
  run), on a 401, 403 or 404 (wrong key, model or URL), or after ``give_up_after``
  stories in a row got no usable reply.

Each failure is an ``EndpointError`` with a short reason ("timeout", "http_503",
"connection", ...) for the run's counts.
"""

from __future__ import annotations

import asyncio
import email.utils
import json
import logging
import math
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import openai
from openai.types.chat import ChatCompletionMessageParam

from newsdesk.write.base import WriterError, WriterUnavailable

log = logging.getLogger(__name__)

MAX_REPLY_BYTES = 2_000_000  # a reply of 800 tokens is a few kilobytes
BACKOFF_SECONDS = (0.5, 2.0, 5.0)  # waits before the 2nd, 3rd, 4th try without Retry-After
# Statuses after which the endpoint will not answer this run: wrong key, model or URL.
_FATAL = {401: "http_401", 403: "http_403", 404: "http_404"}


class EndpointError(WriterError):
    """The endpoint gave no reply (timeout, HTTP error, broken connection)."""

    def __init__(
        self,
        message: str,
        reason: str,
        status: int | None = None,
        retry_after: float | None = None,
        retryable: bool = True,
    ) -> None:
        super().__init__(message, reason)
        self.status = status  # the HTTP status, when there was one
        self.retry_after = retry_after  # seconds the server asked to wait
        self.retryable = retryable


@dataclass(slots=True)
class Breaker:
    """Stops calling an endpoint for the rest of a run once it is known to be dead."""

    give_up_after: int  # stories in a row without a usable reply; 0: never for that
    name: str = "the LLM endpoint"
    failed_in_a_row: int = 0
    open_reason: str = ""  # why it opened; "" while closed

    @property
    def is_open(self) -> bool:
        return bool(self.open_reason)

    def open(self, reason: str) -> None:
        if not self.open_reason:
            self.open_reason = reason
            log.warning(
                "%s is not asked again in this run (%s); the extractive writer writes "
                "the rest, and the stories are offered to the model by the next run",
                self.name,
                reason,
            )

    def story_failed(self, reason: str) -> None:
        """Count a story without a usable reply; opens after ``give_up_after`` in a row."""
        self.failed_in_a_row += 1
        if self.give_up_after and self.failed_in_a_row >= self.give_up_after:
            self.open(f"{reason}, {self.failed_in_a_row} stories in a row")

    def story_answered(self) -> None:
        self.failed_in_a_row = 0

    def check(self, url: str) -> None:
        """Raise ``WriterUnavailable`` when open."""
        if self.open_reason:
            raise WriterUnavailable(
                f"{url} is not asked again in this run ({self.open_reason})",
                reason="endpoint_unavailable",
            )


def retry_after_seconds(headers: Any, now: datetime | None = None) -> float | None:
    """The wait a response asks for: ``retry-after-ms``, or ``retry-after`` in seconds or
    as an HTTP date; None when it asks none or says something unreadable."""
    millis = headers.get("retry-after-ms")
    if millis:
        try:
            value = float(millis) / 1000
        except ValueError:
            value = math.nan
        if math.isfinite(value) and value >= 0:
            return value
    raw = headers.get("retry-after")
    if not raw:
        return None
    try:
        value = float(raw)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(raw)
        except (TypeError, ValueError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())
    return value if math.isfinite(value) and value >= 0 else None


class ChatEndpoint:
    """One OpenAI-compatible chat endpoint, its deadline, retries and circuit breaker."""

    def __init__(
        self,
        base_url: str,
        api_key: str,
        deadline: float,
        retries: int,
        retry_after_cap: float,
        breaker: Breaker,
    ) -> None:
        """Configure the endpoint.

        Args:
            base_url: the API root, e.g. ``http://localhost:11434/v1``.
            api_key: the Bearer token ("" when the endpoint needs none).
            deadline: seconds one request may take in all.
            retries: further tries after a failed one (transport failures only).
            retry_after_cap: the longest Retry-After waited for, in seconds.
            breaker: the run's circuit breaker for this endpoint.
        """
        self.base_url = base_url.rstrip("/")
        self.api_key = api_key
        self.deadline = deadline
        self.retries = retries
        self.retry_after_cap = retry_after_cap
        self.breaker = breaker
        breaker.name = self.base_url
        self.requests = 0  # HTTP requests made, for the run report and tests

    def complete(self, model: str, turns: Sequence[tuple[str, str]], max_tokens: int) -> str:
        """Ask for a chat completion (temperature 0, a JSON object); the reply's text.

        Args:
            model: the model's name.
            turns: the chat as (role, text): "system", "user" or "assistant".
            max_tokens: the reply's token budget.

        Returns:
            ``choices[0].message.content``.

        Raises:
            WriterUnavailable: when the breaker is open.
            EndpointError: when no reply came within the tries.
            WriterError: when the reply is not a chat completion.
        """
        last: EndpointError | None = None
        for attempt in range(self.retries + 1):
            self.breaker.check(self.base_url)
            try:
                messages = [_message(role, text) for role, text in turns]
                raw = self._post(model, messages, max_tokens)
            except EndpointError as exc:
                last = exc
                wait = self._wait_before_next(exc, attempt)
                if wait is None:
                    break
                log.info("LLM at %s: %s; trying again in %.1f s", self.base_url, exc, wait)
                time.sleep(wait)
                continue
            return _message_text(raw)
        assert last is not None
        raise last

    def _wait_before_next(self, exc: EndpointError, attempt: int) -> float | None:
        """Seconds to wait before the next try, or None when there is none to make."""
        if self.breaker.is_open or attempt >= self.retries or not exc.retryable:
            return None
        status = exc.status
        if status is not None and status not in (408, 429) and status < 500:
            return None
        if exc.retry_after is not None:
            return exc.retry_after if exc.retry_after <= self.retry_after_cap else None
        return BACKOFF_SECONDS[min(attempt, len(BACKOFF_SECONDS) - 1)]

    def _post(
        self, model: str, messages: list[ChatCompletionMessageParam], max_tokens: int
    ) -> bytes:
        self.requests += 1
        try:
            return asyncio.run(self._post_async(model, messages, max_tokens))
        except TimeoutError:
            self.breaker.open(f"no reply within {self.deadline:g} s")
            raise EndpointError(
                f"no complete reply within {self.deadline:g} s", reason="timeout"
            ) from None
        except openai.APIStatusError as exc:
            status = exc.status_code
            if status in _FATAL:
                self.breaker.open(f"HTTP {status}")
            raise EndpointError(
                f"HTTP {status} from {self.base_url}: {_short(exc.message)}",
                reason=_FATAL.get(status, f"http_{status}"),
                status=status,
                retry_after=retry_after_seconds(exc.response.headers),
            ) from None
        except openai.APIConnectionError as exc:
            raise EndpointError(
                f"cannot reach {self.base_url}: {_short(str(exc.__cause__ or exc))}",
                reason="connection",
            ) from None

    async def _post_async(
        self, model: str, messages: list[ChatCompletionMessageParam], max_tokens: int
    ) -> bytes:
        async with openai.AsyncOpenAI(
            base_url=self.base_url,
            api_key=self.api_key or "not-needed",
            max_retries=0,
            timeout=self.deadline,
        ) as client:
            async with asyncio.timeout(self.deadline):
                async with client.chat.completions.with_streaming_response.create(
                    model=model,
                    messages=messages,
                    temperature=0,
                    max_tokens=max_tokens,
                    response_format={"type": "json_object"},
                ) as response:
                    data = bytearray()
                    async for chunk in response.iter_bytes():
                        data += chunk
                        if len(data) > MAX_REPLY_BYTES:
                            raise EndpointError(
                                f"reply longer than {MAX_REPLY_BYTES} bytes",
                                reason="too_large",
                                retryable=False,
                            )
                    return bytes(data)


def _message(role: str, text: str) -> ChatCompletionMessageParam:
    if role == "system":
        return {"role": "system", "content": text}
    if role == "assistant":
        return {"role": "assistant", "content": text}
    return {"role": "user", "content": text}


def _message_text(raw: bytes) -> str:
    try:
        content = json.loads(raw)["choices"][0]["message"]["content"]
    except (ValueError, KeyError, IndexError, TypeError) as exc:
        raise WriterError("reply is not a chat completion", reason="not_a_completion") from exc
    if not isinstance(content, str):
        raise WriterError("reply has no text content", reason="not_a_completion")
    return content


def _short(text: str) -> str:
    return " ".join(text.split())[:200]
