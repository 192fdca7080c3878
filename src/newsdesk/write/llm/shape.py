"""A model's reply held to the shape of a story, before the verifier judges its facts.

The reply is read leniently (a JSON object, possibly in a code fence; sentences as
``{"text", "sources"}`` objects or as plain strings with inline ``[n]`` markers;
``paragraphs`` or ``body``) and then strictly: nothing is dropped without a reason.
Every sentence left out is listed with one of these reasons:

* ``malformed``: not a sentence (a number, an empty text, a nested object);
* ``uncited``: cites no numbered sentence that was sent;
* ``repeated``: the same sentence again (copies are counted, the text listed once);
* ``too_long``: a sentence over ``Limits.sentence_words``, or a lead over ``lead_words``;
* ``over_length``: past the story's length cap, relative to the sources' length;
* ``outlet_voice``: written as an outlet ("we", "our reporters"), outside quotes;
* ``instruction``: repeats an instruction planted in a source (``write.guard``).

A shouted sentence or headline (mostly capitals) is lowered, each word taking the case
the sources give it. The headline is refused for the same reasons as a sentence (and
the reply with it); a refused lead is replaced by the first body sentence kept.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from newsdesk.models import Article, Draft, Sentence
from newsdesk.text import headline_case, split_sentences
from newsdesk.write.base import WriterError, lead_budget
from newsdesk.write.guard import Sanitised
from newsdesk.write.llm.prompt import Numbered

MAX_NOTES = 40  # notes kept per reply
MAX_REFUSED = 200  # sentences listed per reply; the rest are counted in one note
_CITES = ("sources", "source", "citations", "cites")  # names models give the citations
_MARKER = re.compile(r"\s*\[(\d+(?:\s*[,;]\s*\d+)*)\]")
# Markers written after a sentence's full stop belong to that sentence: "X. [4] Y. [5]".
_MARKERS_AFTER_END = re.compile(r"([.!?][\"”’)]?)((?:\s*\[\d+(?:\s*[,;]\s*\d+)*\])+)")
_MARKUP = re.compile(r"\*\*|__|^#+\s*|^[-*•]\s+|^\d+[.)]\s+")
_WORD = re.compile(r"[^\W\d_][\w'’.-]*")
_VOICE = re.compile(
    r"\b(?:[Ww]e|[Oo]ur|[Oo]urs|[Oo]urselves|us|[Mm]y|me)\b"
    r"|\b[Tt]his (?:newspaper|paper|reporter|correspondent|website|site|outlet|publication)\b"
)
_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"|‘[^’]*’")
_SAID_COLON = re.compile(
    r"\b(?:said|says|noted|added|wrote|stated|declared|told [^:]{1,40}):.*$", re.I
)


@dataclass(frozen=True, slots=True)
class Limits:
    """Caps on a reply, in words, relative to the story's sources."""

    headline_words: int
    lead_words: int
    story_words: int
    sentence_words: int = 80

    @classmethod
    def for_sources(cls, articles: Sequence[Article]) -> Limits:
        """Caps for a story: titles bound the headline, the lead budget the lead, and the
        longest article the whole story (a summary is no longer than its longest source)."""
        title = max((len(a.title.split()) for a in articles), default=10)
        longest = max((len(a.text.split()) for a in articles), default=0)
        return cls(
            headline_words=_clamp(title + 4, 12, 30),
            lead_words=_clamp(lead_budget(articles) + 10, 35, 110),
            story_words=_clamp(longest, 150, 900),
        )


@dataclass(frozen=True, slots=True)
class Refused:
    """A sentence of the reply left out, and why."""

    text: str
    reason: str
    detail: str = ""


@dataclass(frozen=True, slots=True)
class Shaped:
    """The reply as a draft (None when nothing usable was left) and what was left out."""

    draft: Draft | None
    refused: tuple[Refused, ...]
    offered: int  # distinct sentences the reply gave (lead and body)
    copies: int = 0  # repeated copies removed
    reason: str = ""  # why there is no draft
    notes: tuple[str, ...] = ()


def json_object(content: str) -> dict[str, Any]:
    """The JSON object of a reply (bare, in a code fence, or inside other text).

    Raises:
        WriterError: (reason "not_json") when there is none.
    """
    text = content.strip()
    fenced = re.search(r"```(?:json)?\s*(\{.*\})\s*```", text, re.S)
    if fenced:
        text = fenced.group(1)
    elif not text.startswith("{") and "{" in text:
        text = text[text.index("{") : text.rindex("}") + 1]
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise WriterError(f"reply is not JSON ({exc.msg})", reason="not_json") from exc
    if not isinstance(data, dict):
        raise WriterError("reply is not a JSON object", reason="not_json")
    return data


def shape_reply(
    content: str,
    numbered: Sequence[Numbered],
    sanitised: Sanitised,
    limits: Limits,
    case: str = "title",
) -> Shaped:
    """Read a reply into a draft citing article ids, leaving out what breaks the shape.

    Args:
        content: the reply's text.
        numbered: the sentences that were sent.
        sanitised: the story's articles without planted instructions.
        limits: the caps for this story.
        case: the headline case ("title" or "sentence").

    Returns:
        The shaped reply.

    Raises:
        WriterError: (reason "not_json") when the reply holds no JSON object.
    """
    data = json_object(content)
    reader = _Reader(numbered, sanitised, limits)
    raw_headline = data.get("headline")
    if not isinstance(raw_headline, str) or not raw_headline.strip():
        return reader.result(None, "no_headline")
    headline = reader.headline(raw_headline)
    summary = list(reader.sentences(data.get("summary"), lead=True))
    body: list[tuple[Sentence, ...]] = []
    raw_body = data.get("paragraphs", data.get("body"))
    for raw in raw_body if isinstance(raw_body, list) else [raw_body]:
        if raw is None:
            continue
        paragraph = tuple(reader.sentences(raw, lead=False))
        if paragraph:
            body.append(paragraph)
    if headline is None:
        return reader.result(None, reader.headline_reason)
    lead = summary[0] if summary else None
    if lead is None and body:
        lead, body[0] = body[0][0], body[0][1:]
        reader.note("the lead was left out; the first body sentence leads instead")
    if lead is None:
        return reader.result(None, "no_sentence")
    extra = tuple(summary[1:])
    paragraphs = tuple(p for p in ((extra,) if extra else ()) + tuple(body) if p)
    return reader.result(Draft(headline_case(headline, case), lead, paragraphs, "llm"), "")


class _Reader:
    """Reads one reply's sentences, keeping count of what it leaves out."""

    def __init__(self, numbered: Sequence[Numbered], sanitised: Sanitised, limits: Limits):
        self.by_number = {n.number: n.article_id for n in numbered}
        self.sanitised = sanitised
        self.limits = limits
        self.refused: list[Refused] = []
        self.seen: set[str] = set()
        self.copies: Counter[str] = Counter()
        self.beyond: Counter[str] = Counter()  # refused past MAX_REFUSED, by reason
        self.offered = 0
        self.words = 0
        self.notes: list[str] = []
        self.headline_reason = ""
        self._casing: dict[str, str] | None = None

    def note(self, text: str) -> None:
        if len(self.notes) < MAX_NOTES:
            self.notes.append(text)

    def refuse(self, text: str, reason: str, detail: str = "") -> None:
        if len(self.refused) >= MAX_REFUSED:
            self.beyond[reason] += 1
            return
        self.refused.append(Refused(text, reason, detail))
        self.note(f"left out ({reason}{': ' + detail if detail else ''}): {text[:80]}")

    def headline(self, raw: str) -> str | None:
        text = _clean(raw).strip(" .\"“”'")
        text = self.unshout(text)
        reason = ""
        if len(text.split()) > self.limits.headline_words:
            reason = "headline_too_long"
        elif self.sanitised.echoes_instruction(text):
            reason = "instruction"
        elif _voice(text):
            reason = "outlet_voice"
        if reason:
            self.headline_reason = reason
            self.note(f"headline refused ({reason}): {text[:80]}")
            return None
        return text

    def sentences(self, raw: object, lead: bool) -> Iterator[Sentence]:
        """The kept sentences of one paragraph (or of the lead), in order."""
        items: list[object] = raw if isinstance(raw, list) else [raw]
        for item in items:
            parts: list[tuple[str, list[int]]]
            if isinstance(item, str):
                marked = _MARKERS_AFTER_END.sub(r"\2\1", item)
                parts = [(s, []) for s in split_sentences(marked)] or [("", [])]
            elif isinstance(item, Mapping):
                text = item.get("text")
                cited: object = next((item[k] for k in _CITES if k in item), [])
                parts = [(text if isinstance(text, str) else "", _numbers(cited))]
            elif item is None and lead:
                continue
            else:
                self.offered += 1
                self.refuse(json.dumps(item)[:80], "malformed", "not a sentence")
                continue
            for text, cited in parts:
                sentence = self.sentence(text, cited, lead)
                if sentence is not None:
                    yield sentence

    def sentence(self, raw: str, cited: list[int], lead: bool) -> Sentence | None:
        inline = [int(n) for m in _MARKER.finditer(raw) for n in re.split(r"[,;]", m.group(1))]
        text = self.unshout(_clean(_MARKER.sub("", raw)))
        key = " ".join(re.findall(r"\w+", text.lower()))
        if key and key in self.seen:
            self.copies[key] += 1
            if self.copies[key] == 1:
                self.refuse(text, "repeated")
            return None
        self.seen.add(key)
        self.offered += 1
        if not key:
            self.refuse(raw[:80] or "(empty)", "malformed", "no text")
            return None
        wanted = [*cited, *inline]
        ids = sorted({self.by_number[n] for n in wanted if n in self.by_number})
        words = len(text.split())
        reason, detail = "", ""
        if not ids:
            reason = "uncited"
            unknown = [n for n in wanted if n not in self.by_number]
            detail = f"cites {unknown} that were not sent" if unknown else ""
        elif words > self.limits.sentence_words or (lead and words > self.limits.lead_words):
            reason, detail = "too_long", f"{words} words"
        elif self.sanitised.echoes_instruction(text):
            reason = "instruction"
        elif _voice(text):
            reason = "outlet_voice"
        elif self.words + words > self.limits.story_words:
            reason, detail = "over_length", f"the story's cap is {self.limits.story_words} words"
        if reason:
            self.refuse(text, reason, detail)
            return None
        self.words += words
        return Sentence(text, tuple(ids))

    def unshout(self, text: str) -> str:
        """``text`` in the sources' case when it is mostly capitals."""
        tokens = [w for w in _WORD.findall(text) if len(w) > 1]
        capitals = [w for w in tokens if w.isupper()]
        if len(tokens) < 3 or len(capitals) < 0.6 * len(tokens):
            return text
        if self._casing is None:
            self._casing = _casing(self.sanitised.articles)
        casing = self._casing

        def lowered(match: re.Match[str]) -> str:
            word = match.group()
            return casing.get(word.lower(), word.lower()) if word.isupper() else word

        result = _WORD.sub(lowered, text)
        return result[:1].upper() + result[1:]

    def result(self, draft: Draft | None, reason: str) -> Shaped:
        copies = sum(self.copies.values())
        # The totals are noted whatever the cap on notes.
        if copies:
            self.notes.append(f"{copies} repeated copies of {len(self.copies)} sentence(s) removed")
        if self.beyond:
            counts = ", ".join(f"{reason} {n}" for reason, n in sorted(self.beyond.items()))
            self.notes.append(f"{sum(self.beyond.values())} more sentences left out ({counts})")
        return Shaped(draft, tuple(self.refused), self.offered, copies, reason, tuple(self.notes))


def _clamp(value: int, low: int, high: int) -> int:
    return max(low, min(high, value))


def _clean(text: str) -> str:
    return " ".join(_MARKUP.sub("", " ".join(text.split())).split())


def _numbers(raw: object) -> list[int]:
    """Sentence numbers from a citation list: 3, "3" and "[3]" alike; nothing else."""
    if not isinstance(raw, list):
        raw = [raw]
    found = []
    for item in raw:
        if isinstance(item, bool):
            continue
        if isinstance(item, int):
            found.append(item)
        elif isinstance(item, str) and re.fullmatch(r"\s*\[?\d+\]?\s*", item):
            found.append(int(item.strip(" []")))
    return found


def _voice(text: str) -> bool:
    """True when ``text`` speaks as an outlet outside quotes ("We can report that ...")."""
    return _VOICE.search(_SAID_COLON.sub("", _QUOTED.sub("", text))) is not None


def _casing(articles: Sequence[Article]) -> dict[str, str]:
    """For each word of the sources, its most frequent written form (lower case preferred
    to capitals only when the sources never write it otherwise)."""
    forms: dict[str, Counter[str]] = {}
    for article in articles:
        for word in _WORD.findall(f"{article.title}\n{article.text}"):
            forms.setdefault(word.lower(), Counter())[word] += 1
    casing = {}
    for lower, counts in forms.items():
        # A form in mixed or lower case tells how the word is written; capitals alone
        # (an acronym, or a shouted title) only when the sources have nothing else.
        written = [(n, w) for w, n in counts.items() if not w.isupper()] or [
            (n, w) for w, n in counts.items()
        ]
        casing[lower] = max(written)[1]
    return casing
