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
FORMAT = "kind-voice/1"  # the feature extractor's version: bump it when features change
TEXT_CHARS = 1200  # the voice of a piece shows in its opening
# The span the weights were fitted on: the stream's excerpts run to 106 words, and the
# score (features worth 1/sqrt(count)) of a longer span is on another scale.
TEXT_WORDS = 110
CHAR_GRAMS: tuple[int, ...] = ()  # character n-gram lengths inside the text's words: none

_TOKEN = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?|\d[\d,.]*|[?!“”\"—:;()$%]")
_DIGITS = re.compile(r"\d[\d,.]*")


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

    def score(self, title: str, text: str) -> float:
        """The log-odds that ``title`` and ``text`` are an opinion or analysis piece."""
        weights = self.weights
        total = self.bias
        for name, value in voice_features(title, text).items():
            weight = weights.get(name)
            if weight is not None:
                total += weight * value
        return total

    def is_view(self, title: str, text: str) -> bool:
        """Whether the score reaches the threshold chosen when the model was fitted."""
        return self.score(title, text) >= self.threshold

    def doubts(self, score: float) -> bool:
        """Whether a report of this ``score`` reads as much like a view as like a report."""
        return score >= min(self.doubt, self.threshold)


def parse_model(content: str) -> VoiceModel:
    """Read a ``kind_voice.tsv``: ``#`` header lines (key: value), ``bias``, features.

    ``doubt`` is optional: without it the writer doubts only what the label says.

    Args:
        content: the file's text.

    Returns:
        The model.

    Raises:
        VoiceModelError: another format version, a missing key, or a malformed line.
    """
    header: dict[str, str] = {}
    weights: dict[str, float] = {}
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
    except (KeyError, ValueError) as exc:
        raise VoiceModelError(f"{MODEL_FILE} lacks a threshold or a bias: {exc}") from exc
    if not math.isfinite(threshold) or not math.isfinite(doubt):
        raise VoiceModelError(f"{MODEL_FILE}: threshold and doubt must be numbers")
    return VoiceModel(weights, bias, threshold, header.get("trained on", ""), doubt)


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
