"""Which source sentences the default writer may use, and how they are shortened.

Outlet boilerplate, first-person outlet voice and an opinion writer's address to the
reader ("Note their silence", a question or an exclamation outside quotes) go, so does a
page's voice about itself ("Ali Velshi reports live from", "Roll Call explains what",
"Here's what"); attribution chains are condensed ("According to Isna, NBC News reported
that X" -> "X, NBC News reported"), labels ("Why it matters:", "VIDEO:") and an opening
clause that no other outlet supports ("In a deeply divided climate, ...") are dropped.
A sentence the source cut off ("... where the police said that more than..."), one with
no closing punctuation and a quotation with no speaker are never used: a whole sentence
or none. Nothing is reworded, so every fact stays the source's.
"""

from __future__ import annotations

import re

from newsdesk.text import content_stems
from newsdesk.write.base import condense_attribution, is_boilerplate

# Outlet voice: "we", "our", "us" outside quotes; the story is not the outlet's.
_FIRST_PERSON = re.compile(r"\b(?:[Ww]e|[Oo]ur|us|I|[Mm]y)\b")  # not "US"
# An address to the reader: an opinion writer's ("Note their silence ...", "Imagine ...")
# or a page's teaser ("Watch ...", "Here's what ...").
_IMPERATIVE = re.compile(
    r"^(?:Note|Consider|Imagine|Remember|Recall|Look|Think|Let's|Let us|Don't|Do not|"
    r"Watch|Listen|See|Read|Find out|Learn|Here(?:'s|’s| is| are))\b"
)
# A broadcast's or a page's voice about itself: "Ali Velshi reports live from ...",
# "Roll Call explains what ...", "... joins Fox News to discuss ...".
_PRESENTER = re.compile(
    r"\breports? live\b|\b(?:explains|breaks down|walks through) (?:what|why|how)\b"
    r"|\bjoins? [^.]{1,60}\bto (?:discuss|talk|break down)\b"
)
_QUOTED = re.compile(r"[\"“][^\"”]*[\"”]")
_LABEL = re.compile(
    r"^(?:Why it matters|The big picture|Driving the news|Details|What's happening|"
    r"The latest|Catch up quick|Between the lines|The bottom line|Go deeper|"
    r"What they're saying|Flashback|By the numbers|Context|State of play|The backstory|"
    r"What's next|Zoom in|Zoom out|The other side|Where it stands|Be smart|The backdrop|"
    r"Editor's note|UPDATE|BREAKING|VIDEO|WATCH|LISTEN|PHOTOS?|EXCLUSIVE|LIVE|JUST IN)\s*:\s*",
    re.I,
)
_LEAD_CLAUSE = re.compile(
    r"^((?:On|In|At|After|Before|While|As|Now|Meanwhile|However|But|And|Although|Though|"
    r"Despite|With|Amid|During|Since|Following|Earlier|Later|Instead|Still|Yet|Also|So|"
    r"Then)\b[^,]{0,70}), "
)
# The clause did not end at its first comma ("But while personalizing a movement,
# especially with ..., is usually PR gold"): what follows is no sentence of its own.
_CLAUSE_GOES_ON = re.compile(
    r"^(?:\w+ly|with|of|in|to|for|on|at|by|from|and|or|but|which|who|that|is|are|was|"
    r"were|has|have|had|including|such as)\b"
)
# Discourse openers that point at text the story does not have.
_OPENER = re.compile(r"^(?:Now|Meanwhile|However|Also|Still|Instead|Separately|Moreover|Yet),\s+")
# The tail of a sentence split off by a line break: "According to a new Pew survey."
_ATTRIBUTION_ONLY = re.compile(r"^According to [^,;]{0,80}\.$")
_DIGIT = re.compile(r"\d")
_CLOSED = re.compile(r"[.!?][\"”’')\]]*$")
# Who said a quotation: a verb of saying (or "according to") outside the quote marks.
_SPEAKER = re.compile(
    r"\b(?:said|says|say|told|tells|according|wrote|writes|asked|asks|added|adds|stated|"
    r"states|tweeted|posted|argued|argues|noted|notes|explained|explains|claimed|claims|"
    r"insisted|replied|declared|announced|warned|urged|called|recalled|testified|"
    r"acknowledged|continued|concluded)\b",
    re.I,
)


def _support(text: str, others: set[str]) -> float:
    words = list(content_stems(text))
    return sum(w in others for w in words) / len(words) if words else 1.0


def clean_sentence(sentence: str, others: set[str]) -> str:
    """Condense attribution, drop a label and an opening clause no other outlet supports.

    Args:
        sentence: one source sentence.
        others: stemmed words of the other outlets' articles.

    Returns:
        The sentence, shortened only by whole leading parts.
    """
    text = _LABEL.sub("", condense_attribution(sentence))
    opener = _OPENER.match(text)
    if opener:
        text = text[opener.end() :]
        text = text[:1].upper() + text[1:]
    match = _LEAD_CLAUSE.match(text)
    if match and others and _support(match.group(1), others) < 0.5:
        rest = text[match.end() :]
        if (
            len(rest.split()) >= 6
            and not _DIGIT.search(match.group(1))
            and not _CLAUSE_GOES_ON.match(rest)
        ):
            text = rest[:1].upper() + rest[1:]
    return text


def usable(sentence: str) -> bool:
    """Whether a cleaned sentence may be picked: news in the story's voice, whole."""
    words = sentence.split()
    if len(words) < 6 or len(words) > 60 or is_boilerplate(sentence):
        return False
    own_words = _QUOTED.sub("", sentence).rstrip()
    if own_words.endswith(("?", "!")) or _FIRST_PERSON.search(own_words):
        return False
    if sentence.endswith(":"):  # it opens a list or a quotation that is left behind
        return False
    if _IMPERATIVE.match(sentence) or _PRESENTER.search(own_words) or _open_quote(sentence):
        return False
    if cut_off(sentence) or bare_quote(sentence) or sentence[:1].islower():
        return False  # a lower-case start: the source cut the sentence's beginning off
    if _ATTRIBUTION_ONLY.match(sentence):
        return False
    return not sentence.startswith(("[", "(")) and not sentence.lower().startswith("click")


def _open_quote(sentence: str) -> bool:
    """A quotation left open or closed without its opening: a source cut off mid-quote."""
    return sentence.count("“") != sentence.count("”") or sentence.count('"') % 2 == 1


def cut_off(sentence: str) -> bool:
    """Cut off by the source ("...", "…") or with no closing punctuation (a heading, a dek)."""
    stripped = sentence.rstrip()
    return stripped.endswith(("...", "…")) or not _CLOSED.search(stripped)


def bare_quote(sentence: str) -> bool:
    """A quotation standing alone, with no one saying it outside the quote marks."""
    stripped = sentence.strip().rstrip(".")
    if stripped[:1] not in "\"“‘'" or stripped[-1:] not in "\"”’'":
        return False
    return not _SPEAKER.search(_QUOTED.sub(" ", stripped))
