"""Titles: headline case, and the two ways an outlet's name comes off a title.

* ``strip_outlet_name``: a fetched page's title, where the outlet is known (its site
  name, host and ``<h1>``): "Mexico opposes landing - Reuters" -> "Mexico opposes landing";
* ``clean_title``: any outlet's title made headline material by its shape alone: a
  kicker ("WATCH:"), a short capitalised tail after a dash or bar, a final period.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from urllib.parse import urlsplit

from newsdesk.text.sentences import ABBREVIATIONS
from newsdesk.text.tokens import stem, words

# AP title case lowers only articles and conjunctions and prepositions of three letters or
# fewer; a word of four letters or more is capitalised ("Step Down Over", "Than", "With").
_SMALL_WORDS = frozenset(
    "a an and as at but by en for if in nor of off on or per the to up via vs".split()
)
# " - Reuters", " | CNN Politics", " — The Guardian": a short tail naming the outlet.
_TITLE_SUFFIX = re.compile(r"\s+[-|–—:]\s+[^-|–—:]{2,40}$")
# Thousands grouped with spaces, as South African and European outlets write them ("over
# 2 200 arrested"): read as two figures unless written "2,200".
_SPACED_THOUSANDS = re.compile(r"(?<![\d.,])(\d{1,3})((?: \d{3})+)(?![\d-])")
_TITLE_KICKER = re.compile(
    r"^(?:BREAKING|WATCH|LIVE|UPDATE[D]?|EXCLUSIVE|OPINION|ANALYSIS|VIDEO|EDITORIAL|"
    r"FACT CHECK|JUST IN)\s*[:|-]\s*",
    re.I,
)
_EDGE_PUNCTUATION = "\"'“”‘’()[],.:;!?"
_SEPARATORS = re.compile(r"\s+(?:[-|–—:·•»«/]|::)\s+")


def _written_lower(word: str, lower_words: Collection[str]) -> bool:
    """Whether the sources write ``word`` in lower case, in this form or another of its
    stem ("RECALLS" where they write "recalled")."""
    if word in lower_words:
        return True
    root = stem(word)
    return any(w[:3] == word[:3] and stem(w) == root for w in lower_words)


def headline_case(text: str, case: str = "title", lower_words: Collection[str] = ()) -> str:
    """Apply one headline case: 'title' (AP style) or 'sentence'.

    Words already written with capitals inside (iPhone, NATO, McCarthy) or with digits
    keep their form, except a shouted word ("SLAMS") that ``lower_words`` holds in lower
    case; words of three letters or fewer that AP lowers ("of", "in", "and") stay lower
    case, those of four or more are capitalised ("From", "Over", "Than"); "v." and "vs."
    stay lower case, and so do small words inside a hyphenated compound
    ("First-of-Its-Kind"); a trailing period is dropped.

    Args:
        text: the headline.
        case: "title" or "sentence".
        lower_words: words the sources write in lower case (folded): an all-capitals
            word among them, in any form of its stem, is shouting, not an acronym.

    Returns:
        The headline in that case.
    """
    text = " ".join(text.split()).strip()
    if not re.search(r"\b(?:[A-Z]\.){2,}$", text):  # "in the U.S." keeps its last period
        text = text.rstrip(".").strip()
    parts = text.split(" ")
    out = []
    for i, word in enumerate(parts):
        bare = word.strip(_EDGE_PUNCTUATION)
        shouted = len(bare) >= 3 and bare.isalpha() and bare.isupper()
        shouted = shouted and _written_lower(bare.lower(), lower_words)
        if shouted:
            word = word.lower()
        keep = any(c.isupper() for c in word[1:]) or any(c.isdigit() for c in word)
        if bare.lower() in ("v", "vs") and word.endswith(".") and 0 < i < len(parts) - 1:
            out.append(word.lower())
        elif keep:
            # "anti-Asian" opens a title-case headline as "Anti-Asian".
            out.append(_capitalise(word) if case == "title" and "-" in word else word)
        elif case == "sentence":
            out.append(word[:1].upper() + word[1:] if i == 0 else word)
        else:
            lower = bare.lower()
            # A word after a sentence end or a colon opens a new part: "available. But".
            opens = i > 0 and parts[i - 1].endswith((".", ":", "?", "!"))
            opens = opens and parts[i - 1] not in ABBREVIATIONS  # "Trump vs. the Press"
            first_or_last = i == 0 or i == len(parts) - 1 or opens
            if lower in _SMALL_WORDS and not first_or_last and bare == word:
                out.append(word.lower())
            else:
                pieces = word.split("-")
                out.append(
                    "-".join(
                        p.lower() if k and p.lower() in _SMALL_WORDS else _capitalise(p)
                        for k, p in enumerate(pieces)
                    )
                )
    return " ".join(out)


def _capitalise(word: str) -> str:
    # Skip an opening quote or bracket: "'shadow" -> "'Shadow".
    for i, char in enumerate(word):
        if char.isalpha():
            return word[:i] + char.upper() + word[i + 1 :]
    return word


def clean_title(title: str, site_name: str = "") -> str:
    """Remove an outlet suffix (" - Reuters"), a kicker ("WATCH:") and a final period;
    thousands grouped with spaces get commas ("2 200" is "2,200").

    Args:
        title: the outlet's title.
        site_name: the outlet's name, removed wherever it trails the title.

    Returns:
        The bare title.
    """
    title = " ".join(title.split())
    title = _SPACED_THOUSANDS.sub(lambda m: m[1] + m[2].replace(" ", ","), title)
    title = _TITLE_KICKER.sub("", title)
    if site_name and title.lower().endswith(site_name.lower()):
        title = title[: -len(site_name)].rstrip(" -|–—:")
    match = _TITLE_SUFFIX.search(title)
    # Only a tail without a verb-like lower-case run is an outlet's name.
    if match and len(match.group().split()) <= 5 and _looks_like_name(match.group()):
        title = title[: match.start()]
    return title.rstrip(" .").strip()


def _looks_like_name(tail: str) -> bool:
    parts = [w for w in re.split(r"[\s\-|–—:]+", tail) if w]
    return bool(parts) and all(w[:1].isupper() or w.lower() in _SMALL_WORDS for w in parts)


def title_eq(a: str, b: str) -> bool:
    """Whether two titles are the same words."""
    return bool(words(a)) and words(a) == words(b)


def _site_keys(site: str, url: str) -> set[str]:
    keys = set()
    if site:
        keys.add("".join(words(site)))
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:  # urllib raises on a malformed host such as ``http://[::1/a``
        host = ""
    parts = [p for p in host.split(".") if p not in {"www", "m", "amp", "edition", "news"}]
    if len(parts) >= 2:
        keys.add(re.sub(r"\W|_", "", parts[-2]))
        keys.add(re.sub(r"\W|_", "", "".join(parts[:-1])))
    return {k for k in keys if len(k) >= 2}


def strip_outlet_name(title: str, site: str = "", url: str = "", h1: str = "") -> str:
    """Remove the outlet's name from either end of a title.

    Args:
        title: a page title such as "Mexico opposes landing - Reuters".
        site: the outlet name when known.
        url: the page URL (its host name is another clue).
        h1: the page's headline element, when it has one.

    Returns:
        The title without the outlet suffix or prefix.
    """
    title = " ".join(title.split())
    parts = _SEPARATORS.split(title)
    if len(parts) < 2:
        return title
    keys = _site_keys(site, url)

    def is_site(part: str) -> bool:
        squashed = "".join(words(part))
        if not squashed:
            return True
        return any(k in squashed or squashed in k for k in keys if len(squashed) >= 2)

    # Drop outlet names (and section names after them) from the end, then the start.
    while len(parts) > 1 and (is_site(parts[-1]) or (h1 and title_eq(" ".join(parts[:-1]), h1))):
        parts.pop()
    while len(parts) > 1 and is_site(parts[0]) and len(words(parts[0])) <= 4:
        parts.pop(0)
    if len(parts) > 1 and h1:
        for part in parts:
            if title_eq(part, h1):
                return part.strip()
    return " - ".join(parts).strip() if len(parts) > 1 else parts[0].strip()
