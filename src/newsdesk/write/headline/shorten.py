"""One title made shorter without changing what it says.

A title's shorter self-contained parts (``title_parts``: before or after a colon, before
a dash, the statement after a question, the claim under a rebuttal's "No,"), none of
which drops who said it; and a title or sentence cut to at most ``MAX_WORDS`` only where
a clause that adds begins (``shortened``). Why these choices: docs/decisions/write.md.
"""

from __future__ import annotations

import re

from newsdesk.text import split_sentences
from newsdesk.text.statements import is_statement, is_verb_form

# A teaser after the news: "Eric Adams will likely be NYC's next mayor. | Here's why".
_TEASER = re.compile(r"[.?!]\s+(?:[Hh]ere['’]s|[Hh]ere [Ii]s|[Hh]ere [Aa]re|[Ww]hat [Tt]o)\b")
# A fact-checker's rebuttal: "No, | Emails to Dr. Anthony Fauci Don't Show ..."
_REBUTTAL = re.compile(r"^No,\s+(?=\w)")
# The longest headline: AllSides' editors' headlines on the dev half run 9 words on
# average and 14 at the 95th percentile (17 at most); AP's run shorter still.
MAX_WORDS = 14
MIN_WORDS = 4
# Where a sentence may be cut and still say what it said: before a clause that only
# adds (when, why, how, what else). Not before "as", which as often completes the verb
# ("casting opponents | as dangerous").
CLAUSE_CUT = re.compile(
    r",(?P<quote>['’\"”]?)\s|;\s|\s[-–—]\s|\s(?=(?:after|amid|while|because|when|during|following|despite|"
    r"since|ahead of|saying|according to|even as|until|in what)\s)"
)
# Where a phrase that only adds may be cut ("... a comprehensive plan | to address ..."):
# not inside a reported or relative clause ("joked that people who think they needed
# guns | to ..."), and not after a verb that waits for it ("Biden meets | with Putin").
# Not before "to", which often completes what comes before ("advise candidates | to
# skip debates", "going from bad | to worse"); only in a head of one plain clause.
_PHRASE_CUT = re.compile(r"\s(?=(?:for|and|over|on|in|at|with|from|into|about|against|near)\s)")
_NOT_ONE_CLAUSE = re.compile(
    r"[,;:?!]\s|\s[-–—]+\s|\b(?:that|who|whom|which|whether|if|what|how|why|but|after|as|"
    r"amid|while|because|when|during|following|despite|since|until)\b",
    re.I,
)
_TRAILING_TIME = re.compile(
    r"\s(?:on\s)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|today|"
    r"yesterday|tonight)$"
)
# A sentence that leans on one before it: no headline on its own.
# A quotation first is the speaker's words, not the news.
_LEANS = re.compile(
    r"^(?:He|She|They|It|This|These|That|Those|His|Her|Their|Its|But|And)\b|^[\"'“‘]"
)
# A leading phrase before the main clause ("As prices rise, ...", "Ahead of the summit,
# ...", "On Wednesday, ...", "Capping two weeks of talks, ...").
_LEADING = re.compile(
    r"^(?:(?:after|as|ahead of|amid|while|when|following|despite|before|since|in|on|at|"
    r"during|with|under|hours|days|weeks|months|once|if|although|though)\b|\w+ing\b)[^,]*,\s",
    re.I,
)
_PARENTHESIS = re.compile(r"\s\([^()]{1,40}\)")
_ATTRIBUTION = re.compile(
    r"\b(?:said|says|say|told|tells|tell|according|claimed|argued|argues|wrote|writes|"
    r"alleged|alleges|insisted|insists)\b",
    re.I,
)
_ENDS_BADLY = re.compile(
    r"\b(?:a|an|the|of|to|and|or|but|for|in|on|at|by|with|from|that|than|its|his|her|"
    r"their|is|are|was|were|be|has|have|had|not)$",
    re.I,
)
# Words after which a comma more often continues a list than ends a clause.
_LIST_AFTER = frozenset(
    "from with against between among of to for including like and or in on at by".split()
)
_LIST_END = re.compile(r",\S*\s+(?:\S+\s+){0,2}(?:and|or|&)\s", re.I)


# Who said it, before a title's colon ("WHO chief:", "Justice Department:", "McCarthy:")
# or after it (": report", ": doctor", ": CDC"): a part without it states a claim as fact.
_SOURCE_WORDS = frozenset(
    "chief head commander secretary director official officials spokesman spokeswoman "
    "spokesperson president governor gov senator sen rep mayor minister doctor doctors "
    "expert experts scientist scientists ceo leader leaders judge court report reports poll "
    "polls study survey sources source agency department prosecutor prosecutors lawmaker "
    "lawmakers analyst analysts aide aides adviser advisers insiders".split()
)
# A topic label may go: "Opinion:", "Analysis:", "Watch:", "Exclusive:" (a date has digits).
_TOPIC_LABELS = frozenset(
    "opinion analysis commentary watch exclusive explainer timeline perspectives breaking "
    "live update "
    "video editorial podcast review photos".split()
)
_NAME_LINKS = frozenset("of the and to for in on at de da van von".split())


def is_speaker(part: str, suffix: bool = False) -> bool:
    """Whether ``part``, on one side of a title's colon, names who said it: a role or a
    source ("WHO chief", "Report", "Ex-Space Force commander"), or a name alone ("Glenn
    Greenwald", "CDC"); not a label, a quotation, a question, a date or a topic ("Capitol
    riot", "Biden's first 100 days")."""
    part = part.strip()
    words = part.split()
    if (
        not words
        or len(words) > (4 if suffix else 5)
        or part[0] in "\"'“‘"
        or part.endswith("?")
        or re.search(r"\d", part)
        or part.lower() in _TOPIC_LABELS
    ):
        return False
    bare = [w.lower().strip(",.'’") for w in words]
    if any(b in _SOURCE_WORDS or b.split("-")[-1] in _SOURCE_WORDS for b in bare):
        return True
    return "," not in part and all(
        (w[:1].isupper() and not re.search(r"['’]s?$", w)) or b in _NAME_LINKS
        for w, b in zip(words, bare, strict=True)
    )


def _speaker_suffix(text: str) -> bool:
    """Whether ``text`` ends with who said it after a colon ("...: doctor")."""
    return ":" in text and is_speaker(text.rsplit(":", 1)[1], suffix=True)


def title_parts(title: str) -> set[str]:
    """A title and its shorter self-contained parts (before/after a colon, before a dash).

    No part drops who said it: what follows a speaker and a colon ("WHO chief: 'Premature'
    to Rule Out ...", "Trump: Biden Didn't Mention ...") is that speaker's claim, and what
    precedes a source ("Researchers Hospitalized at Wuhan Lab in 2019: Report") is the
    source's; a part that leans on the rest ("...: They're 'Actively Targeting ...'") is
    none either. A topic label ("Opinion:", "Capitol riot:") may go.
    """
    out = {title}
    if _speaker_suffix(title):
        return {without_period(title)}
    if ":" in title:
        head, tail = title.split(":", 1)
        if len(head.split()) >= 4:
            out.add(head.strip())
        if len(tail.split()) >= 4 and not is_speaker(head) and not _LEANS.match(tail.strip()):
            out.add(tail.strip())
    if teaser := _TEASER.search(title):  # "Eric Adams will ... mayor. Here's why it matters"
        head = title[: teaser.start()]
        if len(head.split()) >= 4:
            out.add(head.strip())
    if "? " in title:  # "Altruism or PR? China Sends Supplies ...": the statement after it
        tail = title.split("? ", 1)[1]
        if len(tail.split()) >= 4 and "?" not in tail:
            out.add(tail.strip())
    if rebuttal := _REBUTTAL.match(title):
        claim = title[rebuttal.end() :]
        out.add(claim[:1].upper() + claim[1:])
    for sep in (" – ", " - ", " -- ", "; ", " | "):
        if sep in title:
            head = title.split(sep, 1)[0]
            if len(head.split()) >= 4:
                out.add(head.strip())
    return {without_period(t) for t in out if t.strip()}


def without_period(text: str) -> str:
    """``text`` without its final period, unless an initialism ends it ("the U.S.")."""
    text = text.strip()
    return text if re.search(r"\b(?:[A-Z]\.){2,}$", text) else text.rstrip(" .")


def balanced(text: str) -> bool:
    """Whether every quotation that opens also closes ("'Nobody Wants to Blink" does not)."""
    if text.count("“") != text.count("”") or text.count('"') % 2:
        return False
    opens = len(re.findall(r"(?:^|\s)['‘]\w", text))
    closes = len(re.findall(r"\w[.,!?]?['’](?=\s|$|[,.:;?!])", text))
    return closes >= opens


def shortened(text: str) -> str:
    """``text`` at most ``MAX_WORDS`` long, cut only where a clause that adds begins.

    A parenthesis ("(Ariz.)") and a leading phrase ("Ahead of the summit, ...") go first;
    then the longest cut that is still a statement, ends on a word that closes a phrase
    and does not drop who said it ("X is false, officials said" stays whole). "" when no
    cut gives one.
    """
    text = without_period(_PARENTHESIS.sub("", " ".join(text.split())))
    lead = _LEADING.match(text)
    rest = text[lead.end() :] if lead else ""
    if rest and is_statement(rest) and not re.match(r"(?:who|which|where|whose)\b", rest):
        text = rest[:1].upper() + rest[1:]
    if len(text.split()) <= MAX_WORDS:
        return text if is_statement(text) else ""
    ends = []  # after each sentence but the last: "Wildfires have burned ... NYC. | Here are"
    for sentence in split_sentences(text)[:-1]:
        ends.append(text.index(sentence) + len(sentence.rstrip(" .?!")))
    # A comma inside a closing quote ("a ‘Cult,’ says") is cut before, the quote kept.
    cuts = [(m.start(), False, m["quote"] or "") for m in CLAUSE_CUT.finditer(text)]
    cuts += [(e, False, "") for e in ends]
    cuts += [(m.start(), True, "") for m in _PHRASE_CUT.finditer(text)]
    best = ""
    for start, phrase, quote in sorted(cuts):
        head, tail = text[:start].rstrip(" ,;") + quote, text[start:]
        head = _TRAILING_TIME.sub("", head)
        n = len(head.split())
        if n > MAX_WORDS:
            break
        last = head.split()[-2:]
        waits = text[start] == " " and (is_verb_form(last[-1], last[0]) or last[-1].endswith("ing"))
        if waits:
            continue  # "casting opponents | as dangerous": the verb waits for what follows
        if phrase and (
            _NOT_ONE_CLAUSE.search(head)
            or len(split_sentences(head)) > 1
            or _ATTRIBUTION.search(head)
            or is_verb_form(last[-1], last[0])
            or last[-1].endswith("ing")
        ):
            continue
        if (
            n >= MIN_WORDS
            and all(map(is_statement, split_sentences(head)))
            and balanced(head)
            and not _ENDS_BADLY.search(head)
            and not drops_speaker(tail)
            and not _splits_list(head, tail)
            and not _dangles(head)
        ):
            best = head
    return best


def _splits_list(head: str, tail: str) -> bool:
    """The cut is a comma between items of a list, so the head would leave items out:
    after a preposition's object ("Challenges from China, | Russia as He Departs") or
    before the list's last item ("Teachers, | Nurses and Doctors")."""
    if not tail.startswith(","):
        return False
    words = head.split()
    if (len(words) > 1 and words[-2].lower() in _LIST_AFTER) or _LIST_END.match(tail):
        return True
    # The head already runs a list after its preposition ("focuses on workers, students, |
    # doctor's offices"): every item after it is short.
    last = max((i for i, w in enumerate(words) if w.lower() in _LIST_AFTER), default=-1)
    items = " ".join(words[last + 1 :]).split(",")
    return last >= 0 and len(items) > 1 and all(1 <= len(i.split()) <= 3 for i in items)


# A conjunction that opens a clause: a head that ends before its verb ("... Primary as
# Wiley | , Garcia Fight for Second Place") cuts the clause, and its list, in two.
_OPENS_CLAUSE = re.compile(
    r"\b(?:as|while|because|although|though|whereas|unless|if)\s+((?:\S+\s+){0,3}\S+)$", re.I
)


def _dangles(head: str) -> bool:
    """Whether ``head`` ends inside a clause it opened, before that clause's verb."""
    m = _OPENS_CLAUSE.search(head)
    if not m:
        return False
    words = m[1].split()
    return not any(is_verb_form(w, prev) for prev, w in zip(["", *words], words, strict=False))


def drops_speaker(tail: str) -> bool:
    """What a cut leaves out names who said it ("..., Jen Psaki said", "according to",
    "...: doctor"): the head would state as fact what was only said ("..., says he" keeps
    the speaker)."""
    if _speaker_suffix(tail):
        return True
    for m in _ATTRIBUTION.finditer(tail):
        before = [w for w in tail[: m.start()].split() if any(c.isalpha() for c in w)]
        if m.group().lower() == "according" or (
            before and before[-1].lower() not in ("he", "she", "they", "it", "who")
        ):
            return True
    return False


def leans_on_before(sentence: str) -> bool:
    """Whether ``sentence`` leans on one before it ("He said ...", a quotation first)."""
    return bool(_LEANS.match(sentence))


def cut_at_last_clause(text: str) -> str:
    """``text`` up to its last clause boundary within ``MAX_WORDS`` (whole where it has
    none), however the cut reads: the last resort where ``shortened`` finds no cut."""
    cuts = [
        m.start() for m in CLAUSE_CUT.finditer(text) if len(text[: m.start()].split()) <= MAX_WORDS
    ]
    return text[: cuts[-1]] if cuts else text
