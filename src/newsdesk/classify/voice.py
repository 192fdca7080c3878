"""The text's voice as a learnt model: is a piece with no markup an opinion or analysis?

A logistic regression over the words and word pairs of the title and the opening of the
text (and the characters of the text's words), fitted by ``bench/fit_kind_model.py`` on
the AllSides stream's dev half and shipped as ``kind_voice.tsv`` beside this module:
a header (format version, data, decision threshold), the bias, then one weighted feature
a line. ``voice_features`` is the one feature extractor, used both to fit and to score,
so that the shipped weights mean here what they meant there. Decisions and figures:
docs/decisions/classify.md.

The environment variable ``NEWSDESK_VOICE_MODEL`` names another weights file of the same
format to use instead of the shipped one (for measuring a model fitted on other data, as
``bench/oof_voice.py`` does); unset or empty, the shipped file is read.
"""

from __future__ import annotations

import math
import os
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from itertools import pairwise
from pathlib import Path

from newsdesk.errors import NewsdeskError

MODEL_FILE = "kind_voice.tsv"
MODEL_ENV = "NEWSDESK_VOICE_MODEL"  # a path to another weights file, read instead
FORMAT = "kind-voice/2"  # the feature extractor's version: bump it when features change
TEXT_CHARS = 1200  # the voice of a piece shows in its opening
# The span the weights were fitted on: the stream's excerpts run to 106 words, and the
# score (features worth 1/sqrt(count)) of a longer span is on another scale.
TEXT_WORDS = 110
CHAR_GRAMS: tuple[int, ...] = ()  # character n-gram lengths inside the text's words: none

_TOKEN = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?|\d[\d,.]*|[?!“”\"—:;()$%]")
_DIGITS = re.compile(r"\d[\d,.]*")
_QUOTED = re.compile(r"[\"“][^\"”]{0,400}[\"”]")
_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*")
_MID_CAPITAL = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z]+")
_SENTENCE_END = re.compile(r"[.!?](?:\s|$)")
_TITLE_EXPLAINER = re.compile(r"\b(?:here's|what we know|what to know|explained|why|how|what)\b")
STYLE_PREFIX = "s:"
WRITER_PREFIX = "writer:"  # a line of the writer's doubt weights: "writer:bias", "writer:<name>"
# Word classes of a piece's register, counted outside quotations per 10 words: they say
# how a piece is told (hedged, addressed, evaluative, attributed, dated) whatever its
# topic, and so carry over to stories the model never saw (docs/decisions/classify.md).
_STYLE_WORDS: dict[str, frozenset[str]] = {
    name: frozenset(words.split())
    for name, words in {
        "modal": "could would might may should must can cannot can't won't wouldn't couldn't",
        "future": "will going future next coming likely expected",
        "hedge": "perhaps likely probably seems seem appears potentially arguably possibly "
        "maybe unclear suggests suggest",
        "day": "monday tuesday wednesday thursday friday saturday sunday yesterday today tonight",
        "said": "said says told according announced stated reported confirmed added "
        "spokesperson spokesman spokeswoman statement",
        "i": "i me my mine i'm i've i'd",
        "we": "we us our ours we're we've let's",
        "you": "you your you're you've yours",
        "eval": "good bad great terrible important wrong right huge big real really very clear "
        "clearly obvious obviously simply just even worst best absurd remarkable significant "
        "major serious crucial key critical striking stunning",
        "why": "why how what whether",
        "abstract": "implications question questions problem problems issue issues reason "
        "reasons debate politics political power strategy role future world impact effect "
        "consequences challenge lesson lessons",
        "contract": "it's that's there's here's isn't doesn't don't aren't what's",
        "be": "is are be being been am",
        "past": "was were had did",
    }.items()
}


class VoiceModelError(NewsdeskError):
    """The shipped voice model is missing, of another format, or malformed."""


def _tokens(value: str) -> list[str]:
    return [_DIGITS.sub("0", t) for t in _TOKEN.findall(value.lower().replace("’", "'"))]


def voice_features(title: str, text: str) -> dict[str, float]:
    """The features of a piece's voice, each worth 1 / sqrt(how many there are).

    Title words and word pairs (``t:``), text words and word pairs (``w:``), and the
    character 4-grams inside the text's words (``c:``), all lower-cased, every figure
    written "0"; presence only, so that a long piece counts no more than a short one.

    Args:
        title: the article's title.
        text: its text (only the first ``TEXT_WORDS`` words, at most ``TEXT_CHARS``
            characters, are read: the span the shipped weights were fitted on).

    Returns:
        feature -> value.
    """
    names: set[str] = set()
    opening = " ".join(text[:TEXT_CHARS].split()[:TEXT_WORDS])
    for prefix, value in (("t:", title), ("w:", opening)):
        tokens = _tokens(value)
        names.update(prefix + t for t in tokens)
        names.update(f"{prefix}{a} {b}" for a, b in pairwise(tokens))
        if prefix == "w:":
            for token in set(tokens):
                padded = f" {token} "
                for n in CHAR_GRAMS:
                    names.update("c:" + padded[i : i + n] for i in range(len(padded) - n + 1))
    if not names:
        return {}
    return dict.fromkeys(names, 1.0 / math.sqrt(len(names)))


def register_features(title: str, text: str) -> dict[str, float]:
    """What the writer's doubt reads: ``voice_features`` and the piece's register
    (``style_features`` of the title and the same opening), raw."""
    words = voice_features(title, text)
    if not words:
        return {}
    return words | style_features(title, " ".join(text[:TEXT_CHARS].split()[:TEXT_WORDS]))


def style_features(title: str, opening: str) -> dict[str, float]:
    """The register of a title and a text's opening, every key always present (``s:``).

    Rates of the word classes of ``_STYLE_WORDS`` outside quotations, words ending in
    "-ed", the share of the text inside quotation marks, a question outside quotes, the
    density of digits and of capitalised words inside sentences, the sentence length, and
    of the title: a question, an explainer's words, a modal, a colon, a "says", an
    evaluative word. Raw values: the fit standardises them and folds the scale into the
    shipped weights, so that scoring is a plain weighted sum.
    """
    outside = _QUOTED.sub(" ", opening)
    words = [w.lower().replace("’", "'") for w in _WORD.findall(outside)]
    count = max(len(words), 1)
    found: dict[str, float] = {}
    for name, members in _STYLE_WORDS.items():
        found[name] = sum(w in members for w in words) / count * 10
    found["ed"] = sum(w.endswith("ed") for w in words) / count * 10
    found["quote"] = 1 - len(outside) / max(len(opening), 1)
    found["question"] = float("?" in outside)
    found["digits"] = sum(c.isdigit() for c in opening) / max(len(opening), 1) * 10
    found["capitals"] = len(_MID_CAPITAL.findall(outside)) / count
    sentences = max(len(_SENTENCE_END.findall(opening)), 1)
    found["sentence_length"] = min(len(_WORD.findall(opening)) / sentences / 30, 3)
    lowered = title.lower().replace("’", "'")
    title_words = set(_WORD.findall(lowered))
    found["title_question"] = float("?" in title)
    found["title_explainer"] = float(bool(_TITLE_EXPLAINER.search(lowered)))
    found["title_modal"] = float(bool(title_words & _STYLE_WORDS["modal"]))
    found["title_colon"] = float(":" in title)
    found["title_says"] = float(bool(title_words & {"says", "said", "announces", "announced"}))
    found["title_eval"] = float(bool(title_words & _STYLE_WORDS["eval"]))
    return {STYLE_PREFIX + name: value for name, value in found.items()}


def _log_odds(weights: dict[str, float], bias: float, features: dict[str, float]) -> float:
    """``bias`` plus each feature's value times its weight (a feature with none adds 0)."""
    total = bias
    for name, value in features.items():
        weight = weights.get(name)
        if weight is not None:
            total += weight * value
    return total


@dataclass(frozen=True, slots=True)
class VoiceModel:
    """The shipped weights: ``score`` is the model's log-odds that a piece is a view."""

    weights: dict[str, float]
    bias: float
    threshold: float  # the log-odds from which a piece is called a view
    trained_on: str
    # The lower log-odds from which the writer doubts a report (as likely a view as a
    # report): it keeps its label, but a plainer report carries the neutral text.
    doubt: float = math.inf
    # The writer's own doubt (``writer_score``, ``writer_doubts``): weights over the words
    # and the register (``style_features``) and their level; without them the writer
    # reads ``score`` against ``doubt``.
    writer_weights: dict[str, float] | None = None
    writer_bias: float = 0.0
    writer_doubt: float = math.inf

    def score(self, title: str, text: str) -> float:
        """The log-odds that ``title`` and ``text`` are an opinion or analysis piece."""
        return _log_odds(self.weights, self.bias, voice_features(title, text))

    def writer_score(self, title: str, text: str) -> float:
        """The log-odds the writer's doubt reads: its own weights where the file has them
        (with the register they rank a view above a report better than the label's words
        do, out of sample; at their top they cross reports, so the label keeps its own:
        docs/decisions/classify.md), else ``score``."""
        if self.writer_weights is None:
            return self.score(title, text)
        return _log_odds(self.writer_weights, self.writer_bias, register_features(title, text))

    def is_view(self, title: str, text: str) -> bool:
        """Whether the score reaches the threshold chosen when the model was fitted."""
        return self.score(title, text) >= self.threshold

    def doubts(self, score: float) -> bool:
        """Whether a report of this ``score`` reads as much like a view as like a report."""
        return score >= min(self.doubt, self.threshold)

    def writer_doubts(self, score: float) -> bool:
        """Whether a report of this ``writer_score`` reads as much like a view as like a
        report, for the writer."""
        if self.writer_weights is None:
            return self.doubts(score)
        return score >= self.writer_doubt


def parse_model(content: str) -> VoiceModel:
    """Read a ``kind_voice.tsv``: ``#`` header lines (key: value), ``bias``, features.

    ``doubt`` is optional: without it the writer doubts only what the label says. Lines
    named ``writer:...`` are the writer's doubt weights (``writer:bias`` among them), with
    their level ``writer doubt`` in the header; optional too.

    Args:
        content: the file's text.

    Returns:
        The model.

    Raises:
        VoiceModelError: another format version, a missing key, or a malformed line.
    """
    header: dict[str, str] = {}
    weights: dict[str, float] = {}
    writer_weights: dict[str, float] = {}
    for number, line in enumerate(content.splitlines(), 1):
        if not line.strip():
            continue
        if line.startswith("#"):
            key, _, value = line[1:].partition(":")
            header[key.strip()] = value.strip()
            continue
        name, sep, weight = line.rpartition("\t")
        try:
            parsed = float(weight)
        except ValueError:
            parsed = math.nan
        if not sep or not math.isfinite(parsed):
            raise VoiceModelError(f"{MODEL_FILE} line {number}: no weight: {line[:60]!r}")
        if name.startswith(WRITER_PREFIX):
            writer_weights[name.removeprefix(WRITER_PREFIX)] = parsed
        else:
            weights[name] = parsed
    if header.get("format") != FORMAT:
        raise VoiceModelError(
            f"{MODEL_FILE} is format {header.get('format')!r}, this code reads {FORMAT!r}: "
            "refit it with bench/fit_kind_model.py"
        )
    try:
        threshold = float(header["threshold"])
        doubt = float(header.get("doubt", threshold))
        bias = weights.pop("bias")
        writer_bias = writer_weights.pop("bias") if writer_weights else 0.0
        writer_doubt = float(header["writer doubt"]) if writer_weights else math.inf
    except (KeyError, ValueError) as exc:
        raise VoiceModelError(
            f"{MODEL_FILE} lacks a threshold, a bias or (with writer lines) a writer doubt: {exc}"
        ) from exc
    if not all(math.isfinite(v) for v in (threshold, doubt, writer_bias)) or math.isnan(
        writer_doubt
    ):
        raise VoiceModelError(f"{MODEL_FILE}: threshold and doubt must be numbers")
    return VoiceModel(
        weights,
        bias,
        threshold,
        header.get("trained on", ""),
        doubt,
        writer_weights or None,
        writer_bias,
        writer_doubt,
    )


def voice_model() -> VoiceModel:
    """The model in use: the file ``NEWSDESK_VOICE_MODEL`` names, else the shipped one.

    Read once per path.

    Raises:
        VoiceModelError: the file cannot be read or is not a voice model.
    """
    return _load(os.environ.get(MODEL_ENV, ""))


@cache
def _load(path: str) -> VoiceModel:
    try:
        if path:
            content = Path(path).read_text(encoding="utf-8")
        else:
            content = (
                resources.files("newsdesk.classify")
                .joinpath(MODEL_FILE)
                .read_text(encoding="utf-8")
            )
    except OSError as exc:
        where = f"{MODEL_ENV}={path}" if path else f"the shipped {MODEL_FILE}"
        raise VoiceModelError(f"cannot read {where}: {exc}") from exc
    return parse_model(content)
