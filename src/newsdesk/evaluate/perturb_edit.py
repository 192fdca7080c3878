"""What the perturbation templates share: their input and output, and edits that leave
every quotation whole.

A template (``perturb`` changes a sentence's meaning, ``perturb_faithful`` keeps it) is a
function ``(sentence, context, rng) -> Rewrite | None``; ``text_only`` makes one of a
function that returns the new text alone.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from newsdesk.text import COMMON_WORDS, TITLE_WORDS, names
from newsdesk.text.days import MONTHS, WEEKDAYS


@dataclass(frozen=True, slots=True)
class Context:
    """What a template may draw on: the story's sentences and another story's.

    ``own`` holds the sentences of the article the sentence comes from (itself
    included), ``others`` those of the story's other articles, ``foreign`` sentences of
    unrelated stories (for invented sentences).
    """

    own: tuple[str, ...]
    others: tuple[str, ...] = ()
    foreign: tuple[str, ...] = ()
    titles: tuple[str, ...] = field(default=())

    @property
    def story(self) -> tuple[str, ...]:
        return (*self.own, *self.others, *self.titles)


@dataclass(frozen=True, slots=True)
class Rewrite:
    """A template's output: the new sentence, and the other source sentences it took
    material from (a joined sentence cites their articles too)."""

    text: str
    borrowed: tuple[str, ...] = ()


Template = Callable[[str, Context, random.Random], Rewrite | None]

QUOTED = re.compile(r"[\"“][^\"“”]*[\"”]|‘[^‘’]*’(?!\w)")
TITLED_WEEKDAYS = [w.title() for w in WEEKDAYS]
TITLED_MONTHS = [m.title() for m in MONTHS]
_NO_NAME_WORDS = TITLE_WORDS | COMMON_WORDS
_DATE_NAMES = frozenset(TITLED_WEEKDAYS + TITLED_MONTHS)


def _outside_quotes(text: str) -> list[tuple[int, int]]:
    """Spans of ``text`` outside quotation marks: edits there leave every quote whole."""
    spans, at = [], 0
    for m in QUOTED.finditer(text):
        spans.append((at, m.start()))
        at = m.end()
    spans.append((at, len(text)))
    return spans


def is_unquoted(text: str, start: int, end: int) -> bool:
    return any(a <= start and end <= b for a, b in _outside_quotes(text))


def unquoted_matches(pattern: re.Pattern[str], text: str) -> list[re.Match[str]]:
    return [m for m in pattern.finditer(text) if is_unquoted(text, m.start(), m.end())]


def splice(text: str, start: int, end: int, new: str) -> str:
    return text[:start] + new + text[end:]


def lower_first(text: str) -> str:
    """``text`` to follow a connective: its first word lowered unless it is a name."""
    first = text.split(" ", 1)[0].strip("\"“‘'")
    plain = text.replace("’", "'")
    keep = first.isupper() or any(plain.startswith(n) for n in name_spans(text))
    return text if keep else text[:1].lower() + text[1:]


def name_spans(text: str) -> list[str]:
    """Name spans of ``text`` that are not titles, dates or a capitalised opening word
    ("Citing"): a one-word span at the start counts only when it is capitalised again
    later in the text."""
    out = []
    plain = text.replace("’", "'")
    for span in names(text):
        bare = [w for w in span.split() if w.lower() not in _NO_NAME_WORDS]
        if not bare or any(w in _DATE_NAMES or "'" in w[:2] for w in bare):
            continue
        if " " not in span and plain.startswith(span) and plain.count(span) == 1:
            continue
        out.append(span)
    return out


def joined_with_one_of(
    sentence: str, pool: list[str], rng: random.Random
) -> tuple[str, str, str] | None:
    """``sentence`` and one drawn from ``pool``, ready to join: (the first without its full
    stop, the other with a small first letter, the other as drawn)."""
    if not pool:
        return None
    other = rng.choice(pool)
    a, b = sentence.rstrip(), other.strip()
    if a[-1:] not in ".!" or a[-2:-1] in "\"”’'" or not b:
        return None
    return a[:-1], lower_first(b), other


def text_only(
    template: Callable[[str, Context, random.Random], str | None],
    unchanged: bool = False,
) -> Template:
    """A template that takes nothing from other sentences. Its output equal to the
    sentence counts as not applying, unless ``unchanged`` (the sentence as it is)."""

    def run(sentence: str, ctx: Context, rng: random.Random) -> Rewrite | None:
        text = template(sentence, ctx, rng)
        return None if text is None or (text == sentence and not unchanged) else Rewrite(text)

    run.__doc__ = template.__doc__
    run.__name__ = template.__name__
    return run
