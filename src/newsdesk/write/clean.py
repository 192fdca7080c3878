"""Which source sentences the default writer may use, and how they are shortened.

Outlet boilerplate, first-person outlet voice and an opinion writer's address to the
reader ("Note their silence", a question or an exclamation outside quotes) go, so does a
page's voice about itself ("Ali Velshi reports live from", "Roll Call explains what",
"Here's what"); attribution chains are condensed ("According to Isna, NBC News reported
that X" -> "X, NBC News reported"), labels ("Why it matters:", "VIDEO:") and an opening
clause that no other outlet supports ("In a deeply divided climate, ...") are dropped,
never one that says when or on what condition ("In the next few days, ...") or where, in
which body or under what ("In the House, ...", "Under the plan, ...").
A sentence the source cut off ("... where the police said that more than..."), one with
no closing punctuation and a quotation with no speaker are never used: a whole sentence
or none; nor one that names a day relative to its writing outside quotes ("ruled 6-3
this morning") without the date beside it. An article's opening (its lead) that a feed
cut off is closed at its last whole clause instead ("..., calling his vote “disgraceful”
and saying he will “never” be a fan of the" ends at "“disgraceful”."), where one is
whole: never before "but" or "according to", inside an aside or a list, or where a
reported clause has lost its verb. Nothing is reworded, so every fact stays the source's.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import pairwise

from newsdesk.text import content_stems, stem
from newsdesk.text.days import undated_relative_day
from newsdesk.text.sentences import QUOTED_SPAN
from newsdesk.text.statements import has_verb, is_verb_form
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
# An opening clause that says when or on what condition the rest holds: dropping it
# changes the news ("In the next few days, the United States will surpass 600,000
# deaths" is no "The United States will surpass ..."). Only framing goes.
_WHEN_OR_IF = re.compile(
    r"^(?:After|Before|While|As|Now|During|Since|Following|Earlier|Later|Then|Until|Once|"
    r"When|If|Unless)\b|\b(?:days?|weeks?|months?|years?|hours?|minutes?|today|tonight|"
    r"tomorrow|yesterday|morning|afternoon|evening|night|weekend|next|last|coming|past|"
    r"recent|ago|soon|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|"
    r"February|March|April|May|June|July|August|September|October|November|December|"
    r"spring|summer|fall|autumn|winter|if|unless|until|when|once)\b"
)
# A negation in an opening clause ("But don't take my word for it, take five minutes
# ...") is no framing: what follows reads otherwise without it, and the verifier rightly
# refuses a sentence that drops the source's "not" next to words it keeps.
_NEGATION = re.compile(
    r"n[’']t\b|\b(?:not|never|no|nobody|nothing|none|neither|nor|without|cannot|unable)\b",
    re.I,
)
# An opening phrase that scopes the claim to a place, a body or a frame ("In the House, one
# Democrat and all Republicans voted against it" is no "One Democrat and all Republicans
# voted against it"; "In Texas,", "At the state level,", "Under the plan,"): a name in
# the three words after its first, or a noun of place, body or plan. (A name further
# on is framing: "In a stunning setback to regulators’ efforts to break up Facebook,".)
_SCOPE_NAME = re.compile(r"^\S+ (?:\S+ ){0,2}[A-Z]")
_SCOPE_WORD = re.compile(
    r"\b(?:house|senate|chamber|congress|court|states?|country|countries|nation|city|cities|"
    r"county|counties|district|region|province|capital|level|plan|bill|law|deal|proposal|"
    r"agreement|measure|policy|rules?|order|program|version|case|terms|according|under|among|"
    r"within|outside|inside|across)\b"
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
# or a source's stray attribution: "Politico reported, citing interviews with 22 aides."
_ATTRIBUTION_ONLY = re.compile(
    r"^(?:According to [^,;]{0,80}|(?:[A-Z][\w.’'-]*\s){1,4}(?:reported|said|says|reports)"
    r"(?:, citing [^.;]{0,80})?)\.$"
)
# What someone asked or said is missing: the question was the sentence before ("CNN's
# chief White House correspondent, Kaitlan Collins, asked Biden at the end of the news
# conference."). A verb of saying, perhaps whom, perhaps where or when, and the end.
_NOTHING_SAID = re.compile(
    r"\b(?:asked|said|says|told|tweeted|wrote|added|replied|responded)"
    r"((?: [A-Z][\w.’'-]*)*(?: (?:at|in|on|during|after) (?:the|a|an|his|her|their) [^,;]*)?)"
    r"\.$"
)
_DIGIT = re.compile(r"\d")
# A figure whose thousands separators cannot be read ("from the initially reported
# 4730,000": 473,000 or 4,730,000?): a figure we cannot read is one we may misstate.
_MALFORMED_FIGURE = re.compile(r"(?<![\d.,])\d{4,},\d{3}(?!\d)")
_CLOSED = re.compile(r"[.!?][\"”’')\]]*$")
# Who said a quotation: a verb of saying (or "according to") outside the quote marks.
_SPEAKER = re.compile(
    r"\b(?:said|says|say|told|tells|according|wrote|writes|asked|asks|added|adds|stated|"
    r"states|tweeted|posted|argued|argues|noted|notes|explained|explains|claimed|claims|"
    r"insisted|replied|declared|announced|warned|urged|called|recalled|testified|"
    r"acknowledged|continued|concluded)\b",
    re.I,
)


# A word written twice, the second perhaps after an opening quote ("the labor Labor
# Department", "would “would extract"): a slip in the source. The first copy is lower
# case, so a name that doubles ("Walla Walla") is left alone, and so are the doublings
# that English allows ("had had").
_DOUBLED = re.compile(r"\b([a-z]+) ([“\"‘]?)(?=(\1)\b( (?-i:[A-Z]))?)", re.I)
_MAY_DOUBLE = frozenset(
    {"had", "that", "is", "do", "very", "many", "no", "so", "now", "there", "well", "bye"}
    # the reduplicatives English writes as two words ("a hush hush deal", "tut tut")
    | {"hush", "pooh", "tut", "tsk", "chop", "knock", "ha", "yum", "bling", "night", "boo"}
    | {"choo", "cha", "bang", "blah", "yada", "la", "rah", "go", "tom", "bam", "mahi"}
)
# A comma with no space after it between words ("May 26,the latest"); not "1,000".
_NO_SPACE = re.compile(r"(?<=[A-Za-z0-9]),(?=[A-Za-z])")
# A superlative or ordinal person or body and a bare verb where "to" went missing: "the
# first US president declare formal recognition".
_MISSING_TO = re.compile(
    r"\b(?:first|last|only|second|third|latest)\s+(?:[\w.-]+\s+){0,2}"
    r"(?:president|person|woman|man|country|state|leader|senator|player|team|nation|"
    r"company|city|official|member|lawmaker|governor|judge|court|athlete|candidate)\s+"
    r"([a-z]+)\b"
)


def mend(sentence: str) -> str:
    """``sentence`` with a source's slips mended where the words stay the source's: a
    doubled word told once, a space after a comma that lacked one."""
    text = _NO_SPACE.sub(", ", sentence)
    out: list[str] = []
    last = 0
    for match in _DOUBLED.finditer(text):
        first, second = match.group(1), match.group(3)
        # "fires Fires in the Golden State" is two sentences run together: a capital
        # copy is the same word only inside a name ("the labor Labor Department").
        named = second.islower() or match.group(4) is not None
        if (
            first.islower()
            and first.lower() == second.lower()
            and first.lower() not in _MAY_DOUBLE
            and named
        ):
            out.append(text[last : match.start()])
            last = match.start(2)  # from the second copy on (its quote mark kept)
    return "".join(out) + text[last:] if out else text


# A contracted verb, on any word, the first too ("There's no evidence", "Isn't it").
_CONTRACTION = re.compile(
    r"(?i)^(?:there|here|it|that|what|who|he|she|where|let)[’']s$|n[’']t$|[’'](?:re|ve|ll|m)$"
)


def finite(sentence: str) -> bool:
    """Whether a sentence may have a finite verb: an inflected form ("rose", "poses",
    "was"), a contraction ("there's") or a bare verb not after "to"; "Republican Sen.
    Josh Hawley the only senator to vote against it." has none. Loose on purpose: any
    lower-case word in "-s" or "-ed" counts, so that only a sentence that lost its verb
    is refused."""
    words = re.findall(r"[A-Za-z][A-Za-z’'-]*", QUOTED_SPAN.sub(" said ", sentence))
    if any(_CONTRACTION.search(word) for word in words):
        return True
    # (A word in "n't" is a contraction, found above.)
    return any(
        word.endswith(("s", "ed"))
        or is_verb_form(word)
        or (before.lower() != "to" and is_verb_form(word, "will"))
        for before, word in pairwise(words)
        if word[0].islower()
    )


def ungrammatical(sentence: str) -> bool:
    """A sentence a source garbled: no finite verb, or "to" missing before a verb."""
    if not finite(sentence):
        return True
    match = _MISSING_TO.search(sentence)
    return (
        match is not None
        and is_verb_form(match.group(1), "will")
        and not is_verb_form(match.group(1))
    )


def _support(text: str, others: set[str]) -> float:
    words = list(content_stems(text))
    return sum(w in others for w in words) / len(words) if words else 1.0


def clean_sentence(sentence: str, others: set[str], *, opening: bool = False) -> str:
    """Condense attribution, drop a label and an opening clause no other outlet supports,
    and close an article's opening sentence that the source cut off at its last whole
    clause.

    An article's first sentence is its lead, the news; when a feed or a dataset cut it
    off, its main clause still tells the news. A later sentence cut off is a detail
    that whole sentences tell well enough, and is left out as before (why:
    docs/decisions/write.md).

    Args:
        sentence: one source sentence.
        others: stemmed words of the other outlets' articles.
        opening: whether it is its article's first sentence.

    Returns:
        The sentence, shortened only by whole leading parts, or for an opening the
        source cut off, by what follows its last whole clause (``whole_clause``; it
        stays cut off, and so unusable, where none is whole).
    """
    text = _LABEL.sub("", condense_attribution(mend(sentence)))
    opener = _OPENER.match(text)
    if opener:
        text = text[opener.end() :]
        text = text[:1].upper() + text[1:]
    match = _LEAD_CLAUSE.match(text)
    if (
        match
        and others
        and _support(match.group(1), others) < 0.5
        and not _WHEN_OR_IF.search(match.group(1))
        and not _NEGATION.search(match.group(1))
        and not _SCOPE_NAME.match(match.group(1))
        and not _SCOPE_WORD.search(match.group(1))
    ):
        rest = text[match.end() :]
        if (
            len(rest.split()) >= 6
            and not _DIGIT.search(match.group(1))
            and not _CLAUSE_GOES_ON.match(rest)
        ):
            text = rest[:1].upper() + rest[1:]
    if opening and cut_off(text):
        return whole_clause(text) or text
    return text


def usable(sentence: str) -> bool:
    """Whether a cleaned sentence may be picked: news in the story's voice, whole."""
    words = sentence.split()
    if len(words) < 6 or len(words) > 60 or is_boilerplate(sentence):
        return False
    own_words = QUOTED_SPAN.sub("", sentence).rstrip()
    if own_words.endswith(("?", "!")) or _FIRST_PERSON.search(own_words):
        return False
    if sentence.endswith(":"):  # it opens a list or a quotation that is left behind
        return False
    if _IMPERATIVE.match(sentence) or _PRESENTER.search(own_words) or _open_quote(sentence):
        return False
    if cut_off(sentence) or bare_quote(sentence) or sentence[:1].islower():
        return False  # a lower-case start: the source cut the sentence's beginning off
    if _ATTRIBUTION_ONLY.match(sentence) or _nothing_said(sentence) or ungrammatical(sentence):
        return False
    # A day named relative to the writing outside quotes ("ruled 6-3 this morning", "will
    # be arraigned later today", "today's ruling"): our story has no dateline, and a stored
    # time in UTC (or a feed's late one) does not say which day that was, so no date can be
    # put in its place; unless the sentence dates that day beside it ("signed today,
    # January 15").
    if undated_relative_day(own_words) or _MALFORMED_FIGURE.search(sentence):
        return False
    return not sentence.startswith(("[", "(")) and not sentence.lower().startswith("click")


def _nothing_said(sentence: str) -> bool:
    """Whether a sentence with no quotation is only a speaker, a verb of saying and
    perhaps whom, where or when: what was said is missing."""
    if QUOTED_SPAN.search(sentence) or "“" in sentence or '"' in sentence:
        return False
    match = _NOTHING_SAID.search(sentence)
    if match is None:
        return False
    # Only the speaker before the verb ("..., officials said." ends a report that says
    # something) and no verb after it.
    for part in (sentence[: match.start()].split(), match.group(1).split()):
        if any(is_verb_form(w, before) for before, w in zip(["", *part], part, strict=False)):
            return False
    return True


# Where a main clause may end inside a longer sentence: before a trailing participle
# (", calling ...", " and saying ..." after one), a second clause (", and delayed
# ..."), a temporal clause (" before hosting ...", ", after ..."), an aside on the last
# name (", who ...") or on the whole clause (", a move that ..."), a dash or a
# semicolon. Never before "according to" (the claim would lose
# its source) nor before "but" (", but" or "— but": the other side often follows).
_CLAUSE_END = re.compile(
    r", (?=(?:while|amid|after|as well as|(?!according)\w{3,}ing)\b)"
    r"|, (?=an? (?:[\w’'-]+ ){1,3}(?:that|which)\b)"
    r"|, (?=(?:who|which) )"
    r"|, and (?=\w+ )"
    r"| (?=(?:before|after|while) \w{3,}ing\b)"
    r"| and (?=\w{3,}ing\b)"
    r"|(?:(?<!\s)|(?<=; ))\s++(?:[—–]|--)\s+(?!but\b)|; "
)
_DASH = re.compile(r"\s[—–]\s?|\s?[—–]\s|\s--\s")
# Words a whole clause does not end on: what they open is missing.
_OPEN_END = re.compile(
    r"\b(?:a|an|the|of|to|in|on|for|and|or|but|with|at|from|by|that|than|as|who|which|"
    r"his|her|their|its|is|are|was|were|be|has|have|had|said|says|told|Mr|Mrs|Ms|Dr|Sen|Rep)$",
    re.I,
)
_SUBORDINATE = re.compile(
    r"^(?:After|Before|When|While|If|As|Although|Though|Because|Since|Unless|Until|Once|"
    r"Despite|Amid|Following|In|On|At|With|By|Starting|Beginning)\b"
)
# The last reported clause of a head ("said that ...", "insist that ..."): it must keep
# its own verb ("insist that Biden's plan, including ..." has lost it).
_REPORTED = re.compile(r"\b(?:that|said|says|told|tells|insist|insists|whether|if)\b(?!.*,)")
# A finite verb of the reported clause ("that his show is ...", "that the U.S. had ...").
_FINITE = re.compile(
    r"\b(?:is|are|was|were|has|have|had|will|would|can|could|should|may|might|must|does|"
    r"did|[a-z]{3,}ed)\b"
)
# "Politico reported, citing ...": the head would be the attribution alone.
_ATTRIBUTION_COMMA = re.compile(
    r"\b(?:said|says|reported|reports|told|wrote|writes|added|adds|noted|according)\b,"
)
_PARTICIPLE = re.compile(r", \w{3,}ing\b[^,;]*$")
WHOLE_MIN_WORDS = 8


def whole_clause(sentence: str) -> str:
    """The longest whole main clause that opens a sentence the source cut off, or "".

    "President Trump on Tuesday renewed his attacks on the late Sen. John McCain,
    calling his 2017 vote against repealing ObamaCare “disgraceful” and saying he will
    “never” be a fan of the" -> "President Trump on Tuesday renewed his attacks on the
    late Sen. John McCain, calling his 2017 vote against repealing ObamaCare
    “disgraceful”.": what the source wrote up to where a clause ends, closed with a
    full stop. Nothing is reworded; only the words from a clause boundary on are left
    out, and never an attribution.

    Args:
        sentence: a cleaned sentence that ``cut_off`` finds cut off.

    Returns:
        The clause with a full stop, or "" when no boundary leaves a whole one.
    """
    for match in reversed(list(_CLAUSE_END.finditer(sentence))):
        head = sentence[: match.start()].rstrip(" ,;")
        tail = sentence[match.end() :]
        if _whole(head) and not _clause_goes_on(head, match.group(), tail):
            return head if head.endswith(".") else head + "."
    return ""


def _whole(head: str) -> bool:
    """Whether a sentence's opening words make a clause of their own."""
    if len(head.split()) < WHOLE_MIN_WORDS or _OPEN_END.search(head):
        return False
    if head.count("(") != head.count(")") or _open_quote(head):
        return False
    if _SUBORDINATE.match(head) and "," not in head:
        return False  # "After the vote" opens a clause it does not hold
    if len(_DASH.findall(head)) % 2 or _ATTRIBUTION_COMMA.search(head):
        return False  # inside a dash aside ("The emails — made public by ..."); "X said,"
    reported = _REPORTED.search(head)
    if reported and not _FINITE.search(head[reported.end() :]):
        return False  # "officials insist that Biden's plan, including ...": its verb is cut
    return has_verb(head)


def _clause_goes_on(head: str, boundary: str, tail: str) -> bool:
    """Whether the source's clause runs on past ``boundary``, so ``head`` is not whole."""
    first = tail.split()[0].strip('.,;:…"”’') if tail.split() else ""
    if _DASH.fullmatch(boundary) and re.search(r"[—–]|--", tail):
        return True  # "paying perks — such as ... — and not reporting them": an aside
    if first in ("who", "which") and re.search(r", [a-z]", tail):
        return True  # "Cox, who owns ..., feeling": the aside closes and the clause goes on
    if boundary == "; " and ";" in head:
        return True  # "attendees included A; B; C": a list
    if boundary == ", " and first.endswith("ing") and re.search(r", (?:who|which) ", head):
        return True  # "left people like Cox, who owns ..., feeling": the verb wants more
    if boundary == ", and " and not has_verb(f"It {first} it"):
        return True  # "A, B, and C": a list, not a second clause
    return boundary == " and " and not _PARTICIPLE.search(head)  # "calling X and saying Y"


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
    return not _SPEAKER.search(QUOTED_SPAN.sub(" ", stripped))


# A sentence that leans on the one before it in its source, beyond a pronoun: a quantity
# standing for people told before ("Many fired in the air, celebrating the truce." after
# "People went out of their homes"), or a noun that names what was just told ("The
# exchange killed ..." after the airstrikes and the rockets, "The incidents"). "The move"
# and "The decision" read well after any lead that tells the action, and stay.
_COUNTED_BACK = re.compile(r"^(?:Many|Some|Most|Others|Several|Few) ([a-z]+)\b")
_AFTER_VERB = re.compile(
    r"(?:in|on|at|to|into|the|a|an|that|for|with|from|out|up|down|off|back|as|their|his|her)\b"
    r"|[,.;]"
)
_NAMED_BACK = re.compile(
    r"^The (?:exchange|exchanges|incident|incidents|episode|outburst|altercation|clash|"
    r"clashes|confrontation|encounter|pair|duo|trio)\b"
    r"(?! (?:of|rate|rates|program|programme|student|students)\b)"
    r"|^The (?:latter|former)(?= (?:is|was|has|had|said|says|will|would|[a-z]+ed)\b|[,.])"
)


# A change told by where it started alone ("The percentage ... doubled from 3.4%"): where
# it went is the sentence before ("8% of all patients ... skipped the second dose").
_CHANGE_FROM = re.compile(
    r"\b(?:doubled|tripled|quadrupled|halved|rose|fell|increased|decreased|dropped|climbed|"
    r"jumped|grew|declined|slipped|surged)\s+from\s+\$?(?!(?:19|20)\d\d\b)\d(?!(?:[^.;]|\.\d)*\bto\s+(?:about\s+|nearly\s+)?"
    r"[\d$])"
)


def leans_back(sentence: str) -> bool:
    """Whether ``sentence`` needs the sentence before it in its source to be understood:
    a count of people told before, then its verb ("Many fired in the air"), a noun
    that names what was just told ("The exchange killed ..."), or a change from a
    figure to none ("doubled from 3.4%"). It may follow that sentence, never stand
    without it."""
    if _CHANGE_FROM.search(QUOTED_SPAN.sub(" ", sentence)):
        return True
    counted = _COUNTED_BACK.match(sentence)
    if counted and is_verb_form(counted.group(1)):
        # "Many fired in the air", not "Some unobligated money" (an adjective in -ed).
        after = sentence[counted.end() :].split(maxsplit=1)
        return not counted.group(1).endswith("ed") or not after or bool(_AFTER_VERB.match(after[0]))
    return bool(_NAMED_BACK.match(sentence))


# A role in place of a name ("the Republican president", "the former governor"): the
# reader needs the name first.
_ROLE = re.compile(
    r"\b[Tt]he (?:(?:former|then-|then|Republican|Democratic|GOP|embattled|outgoing|new|"
    r"sitting|\d+(?:st|nd|rd|th)) )?(president|governor|senator|mayor|prime minister|"
    r"chancellor|speaker|congressman|congresswoman)\b(?! of\b)"
)
_HOLDER = {
    role: re.compile(rf"\b(?i:{role})\s+((?:[A-Z][\w’'.-]+\s+){{0,2}}[A-Z][\w’'-]+)")
    for role in (
        "president",
        "governor",
        "senator",
        "mayor",
        "prime minister",
        "chancellor",
        "speaker",
        "congressman",
        "congresswoman",
    )
}


def role_reference(sentence: str, before: Sequence[str]) -> str:
    """The stem of the surname of whom ``sentence`` calls by a role alone ("The report
    does not discuss the role of the Republican president" after "then-President Donald
    Trump"), from its source's sentences ``before`` it; "" where it names no role or its
    source named no holder of it."""
    m = _ROLE.search(sentence)
    if m is None:
        return ""
    holders = _HOLDER[m.group(1)].findall(" ".join(before))
    return stem(re.sub(r"[’']s$", "", holders[-1].split()[-1]).lower()) if holders else ""
