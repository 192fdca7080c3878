"""The headline: the most central of the news reports' titles, as an editor would sign it.

Candidates are the titles of the story's news reports and their shorter self-contained
parts (before or after a colon, before a dash, the statement after a question). Each is
scored by how central it is across outlets, near a target length; then an editor's
rules: never a title with a loaded word outside quotes ("Slams", "Bombshell"), an
unbalanced quotation or the outlet's own voice ("We", "Our", "Here's what"); a
statement rather than a label ("Free Speech") and a question only where nothing states
the news (both as strong penalties, so that a story whose every title breaks them still
gets one); a part that drops the names of the title it comes from ("Death Toll Rises
to 117" from "KZN, Gauteng unrest: Death toll rises to 117") loses to the whole title.
The case is AP title case (``headline_case``), shouted words lowered.

A headline is at most ``MAX_WORDS`` long: a longer title counts only shortened at a
clause boundary (``shortened``), a quotation alone ("'Potentially a Death Sentence'")
never counts. Where no title passes, the draft's own lead gives the headline: its main
clause, shortened the same way (``headline_from_text``). A story of opinion and analysis
alone is headlined with the most central of its pieces' titles under its kind's label
("Opinion: ...", "Analysis: ...", and "Commentary: ..." where no page marks the kind:
``views_headline``): its author's voice is allowed there, a loaded word or an open quote
is not. A headline states no figure that the story's text does not
(``carried_headline``). Why these choices: docs/decisions/write.md.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from newsdesk.classify.kind import page_kind
from newsdesk.models import Article, ArticleKind
from newsdesk.text import clean_title, content_stems, cosine, headline_case, split_sentences
from newsdesk.text.loaded import loaded_words, outside_quotes
from newsdesk.text.numbers import quantities
from newsdesk.text.statements import is_statement, is_verb_form
from newsdesk.write.base import outlet_of
from newsdesk.write.carried import carried_clauses

# The outlet's voice: a pronoun of its own or the reader's ("US" is a country), a teaser
# (also as a title's second sentence: "Eric Adams will likely be NYC's next mayor.
# Here's why it matters"), a list of its own ("5 Things To Watch At The Biden-Putin
# Summit", "... And 3 Other Takeaways From ..."): the page's packaging, not the news.
_OUTLET_VOICE = re.compile(
    r"\b(?:[Ww]e|[Oo]ur|us|I|[Mm]y|[Yy]ou|[Yy]our)\b|(?:^|[.?!:]\s+)(?:[Hh]ere['’]s|"
    r"[Hh]ere [Ii]s|[Hh]ere [Aa]re|[Ww]hat [Tt]o [Kk]now|[Ww]hat [Tt]o [Ww]atch|[Ww]atch|"
    r"[Ll]ive [Uu]pdates?|[Ll]isten)\b"
    r"|\b\d+ (?:[Oo]ther |[Mm]ore |[Kk]ey |[Bb]ig )?(?:[Tt]hings|[Tt]akeaways)\b|\b[Tt]akeaways\b"
)
_NAME = re.compile(r"(?<!^)(?<![.:?!] )\b[A-Z][\w’'.-]+")
_TEASER = re.compile(r"[.?!]\s+(?:[Hh]ere['’]s|[Hh]ere [Ii]s|[Hh]ere [Aa]re|[Ww]hat [Tt]o)\b")
_LOWER_WORD = re.compile(r"\b[a-z][a-z’'-]+\b")
NOT_A_STATEMENT = 1.5  # score lost by a label or teaser
# Titles that tell no news though they have a verb: a label over a "how"/"what" clause
# ("100 Days: How Biden Has Fared So Far on His Promises"), a superlative round-up ("The
# Most Savage Memes About ..."), a rebuttal in the fact-checker's voice ("No, Emails to
# Dr. Anthony Fauci Don't Show ...": its claim, without the "No", is a part of its own).
# A gerund over its object ("Plotting the Road Back to Normal", "Remembering the ...") and
# a round-up's label ("Reactions to Donald Rumsfeld's death") are a feature's labels too:
# they lose to a title that states the news, and stand where none does.
_NOT_NEWS = re.compile(
    r"^[^:]{1,60}:\s+(?:how|what|where|why|who|when)\b|^(?:the\s+)?(?:most|best|worst)\s|^no,\s"
    r"|^[a-z]+ing\s+(?:the|a|an|our|your)\s[^:]*$|(?:^|:\s+)(?:reactions?|tributes)\s+(?:to|for|as)\s",
    re.I,
)
_REBUTTAL = re.compile(r"^No,\s+(?=\w)")
# The longest headline: AllSides' editors' headlines on the dev half run 9 words on
# average and 14 at the 95th percentile (17 at most); AP's run shorter still.
MAX_WORDS = 14
MAX_TITLE_WORDS = 17  # an outlet's whole title, at a cost per word over MAX_WORDS
OVER_BOUND = 0.5
MIN_WORDS = 4
# A quotation and nothing else: a fragment, not a statement of the news.
_ONLY_QUOTE = re.compile(r"[\"'“‘][^\"“”‘]*[\"'”’]")
# Where a sentence may be cut and still say what it said: before a clause that only
# adds (when, why, how, what else). Not before "as", which as often completes the verb
# ("casting opponents | as dangerous").
_CUT = re.compile(
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
QUESTION = 1.0
LOST_NAMES = 0.5
SHORTENED = 1.0  # a title cut to the bound loses to a whole one of about the same standing


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


def _is_speaker(part: str, suffix: bool = False) -> bool:
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
    return ":" in text and _is_speaker(text.rsplit(":", 1)[1], suffix=True)


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
        return {_without_period(title)}
    if ":" in title:
        head, tail = title.split(":", 1)
        if len(head.split()) >= 4:
            out.add(head.strip())
        if len(tail.split()) >= 4 and not _is_speaker(head) and not _LEANS.match(tail.strip()):
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
    return {_without_period(t) for t in out if t.strip()}


def _without_period(text: str) -> str:
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
    text = _without_period(_PARENTHESIS.sub("", " ".join(text.split())))
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
    cuts = [(m.start(), False, m["quote"] or "") for m in _CUT.finditer(text)]
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
            and not _drops_speaker(tail)
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


def _drops_speaker(tail: str) -> bool:
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


def _names(text: str) -> set[str]:
    return {m.group(0).lower() for m in _NAME.finditer(text)}


def tells_news(headline: str) -> bool:
    """Whether a headline states the news: a statement, not a label, round-up or rebuttal."""
    return is_statement(headline) and not _NOT_NEWS.search(headline)


def allowed(part: str, voice: bool = False) -> bool:
    """The rules no headline breaks: loaded words, open quotes, the outlet's voice (allowed
    with ``voice``: a labelled column's title is its author's), a quotation alone."""
    return (
        not loaded_words(part)
        and balanced(part)
        and not _ONLY_QUOTE.fullmatch(part)
        and (voice or not _OUTLET_VOICE.search(outside_quotes(_own_words(part))))
    )


def _own_words(part: str) -> str:
    """What a title says in its own voice: after a speaker's name and a colon ("Fox News:
    We Do 'Not Condone' ...") the words are the speaker's, not the outlet's."""
    head, colon, _ = part.partition(":")
    return head if colon and _is_speaker(head) else part


def _versions(whole: str, bound: bool) -> list[tuple[str, float]]:
    """A title part and what it costs: over ``MAX_WORDS`` words, each word more costs
    ``OVER_BOUND`` (an editor's whole title of 15 words beats a label) up to
    ``MAX_TITLE_WORDS``, and its clause-bounded shortening is offered beside it."""
    n = len(whole.split())
    if not bound or n <= MAX_WORDS:
        return [(whole, 0.0)]
    out = [(short, SHORTENED)] if (short := shortened(whole)) else []
    if n <= MAX_TITLE_WORDS:
        out.append((whole, OVER_BOUND * (n - MAX_WORDS)))
    return out


def choose_headline(
    articles: Sequence[Article],
    candidates: Sequence[int],
    outlets: Sequence[str],
    words: Sequence[Counter[str]],
    target_words: int,
    case: str,
    voice: bool = False,
    bound: bool = True,
    carried: str | None = None,
) -> tuple[str, tuple[int, ...]]:
    """The story's headline and the articles whose titles support it.

    Args:
        articles: the story's articles.
        candidates: indices of the articles whose titles may give the headline.
        outlets: each article's outlet.
        words: each article's stemmed words (title and text).
        target_words: the preferred headline length.
        case: "title" or "sentence".
        voice: whether a title in its author's voice may be chosen (``allowed``).
        bound: whether a title longer than ``MAX_WORDS`` counts only shortened.
        carried: the story's text, when written: a title with a figure it does not
            state ("5 Million Americans ..." beside a text that only says "Millions")
            is not a candidate.

    Returns:
        The headline ("" when no candidate has a usable title) and the ids of the
        articles whose titles support it.
    """
    best: tuple[float, str, int] | None = None
    titles = [clean_title(a.title, a.site_name) for a in articles]
    title_words = [content_stems(t) for t in titles]
    stated = None if carried is None else quantities(carried)
    for i in candidates:
        title = titles[i]
        if not title:
            continue
        whole_names = _names(title)
        others = [j for j in range(len(articles)) if outlets[j] != outlets[i]]
        own_text = content_stems(articles[i].text)
        for part, cost in (v for t in title_parts(title) for v in _versions(t, bound)):
            if not allowed(part, voice) or (stated is not None and quantities(part) - stated):
                continue
            vec = content_stems(part)
            n = len(part.split())
            score = (
                sum(cosine(vec, title_words[j]) for j in others)
                + sum(cosine(vec, words[j]) for j in others)
                + cosine(vec, own_text)
                - 0.1 * abs(n - target_words)
                - 0.3 * bool(re.search(r"[\"“”‘’']", part))
                - QUESTION * ("?" in part)
                - 0.2 * (":" in part)
                - NOT_A_STATEMENT * (not tells_news(part))
                - LOST_NAMES * bool(whole_names and not whole_names & _names(part))
                - cost
            )
            if best is None or score > best[0]:
                best = (score, part, i)
    if best is None:
        return "", ()
    _, text, index = best
    vec = content_stems(text)
    sources = {articles[index].id}
    for j, article in enumerate(articles):
        if j != index and j in candidates and cosine(vec, title_words[j]) >= 0.45:
            sources.add(article.id)
    ids = tuple(sorted(i for i in sources if i is not None))
    return headline_case(text, case, _lower_words(articles)), ids


def _lower_words(articles: Sequence[Article]) -> set[str]:
    return {w for a in articles for w in _LOWER_WORD.findall(a.text)}


def headline_from_text(
    sentences: Sequence[str],
    articles: Sequence[Article],
    candidates: Sequence[int],
    target_words: int,
    case: str,
) -> str:
    """A headline from the draft's own sentences, where no title within the bound gives one.

    Args:
        sentences: the draft's sentences, lead first.
        articles: the story's articles.
        candidates: indices of the articles whose titles may give the headline.
        target_words: the preferred headline length.
        case: "title" or "sentence".

    Returns:
        The first sentence that ``shortened`` makes a headline of and that ``allowed``
        passes; else the best title over the bound whose figures the sentences state;
        else the lead up to its last clause boundary within ``MAX_WORDS`` (or whole,
        where it has none).
    """
    lower = _lower_words(articles)
    for text in sentences:
        found = "" if _LEANS.match(text) else shortened(text)
        if found and allowed(found):
            return headline_case(found, case, lower)
    outlets = [outlet_of(a) for a in articles]
    words = [content_stems(f"{a.title} {a.text}") for a in articles]
    title, _ = choose_headline(
        articles,
        candidates,
        outlets,
        words,
        target_words,
        case,
        bound=False,
        carried=" ".join(sentences),
    )
    if title:
        return title
    lead = " ".join(sentences[0].split()) if sentences else ""
    cuts = [m.start() for m in _CUT.finditer(lead) if len(lead[: m.start()].split()) <= MAX_WORDS]
    return headline_case(lead[: cuts[-1]] if cuts else lead, case, lower)


def carried_headline(
    headline: str,
    told: Sequence[str],
    articles: Sequence[Article],
    candidate_sets: Sequence[Sequence[int]],
    target_words: int,
    case: str,
) -> str:
    """``headline`` where the text states every figure in it; else the best title whose
    figures the text states, where one does (else ``headline`` still; where there is
    none, one made from the text: ``headline_from_text``). A last clause the text does
    not tell is cut (``carried.carried_clauses``).

    A headline's facts are the text's: "5 Million Americans Skipped Second COVID-19
    Vaccine Shot" over a text that says only "Millions of Americans are skipping ..."
    tells the reader a figure the story never gives or cites.

    Args:
        headline: the headline chosen before the text was written ("" for none).
        told: the text's sentences, lead first.
        articles: the story's articles.
        candidate_sets: the indices of the articles whose titles may give the
            headline, in the order to try them.
        target_words: the preferred headline length.
        case: "title" or "sentence".
    """
    text = " ".join(told)
    if not headline:
        reports = sorted({i for c in candidate_sets for i in c})
        return headline_from_text(told, articles, reports, target_words, case)
    if not quantities(headline) - quantities(text):
        return carried_clauses(headline, text)
    outlets = [outlet_of(a) for a in articles]
    words = [content_stems(f"{a.title} {a.text}") for a in articles]
    for candidates in candidate_sets:
        found, _ = choose_headline(
            articles, candidates, outlets, words, target_words, case, carried=text
        )
        if found:
            return carried_clauses(found, text)
    # No title keeps to the text's figures: a headline made from the text's own
    # sentences reads as a fragment more often than not, so the title stands.
    return carried_clauses(headline, text)


def views_headline(
    articles: Sequence[Article],
    outlets: Sequence[str],
    words: Sequence[Counter[str]],
    target_words: int,
    case: str,
) -> str:
    """The headline of a story of opinion and analysis alone: the most central of its
    pieces' titles under their kind's label (``views_label``), one in the outlet's own
    voice ("We Want Change") only when no other title will do; when every title breaks
    the rules, the first piece's title quoted, bounded (``quotable``).

    Args:
        articles: the story's pieces.
        outlets: each one's outlet.
        words: each one's stemmed words.
        target_words: the preferred headline length.
        case: "title" or "sentence".
    """
    label = views_label(articles)
    for voice in (False, True):  # a columnist's "We" only where no piece's title is free of it
        text, _ = choose_headline(
            articles, range(len(articles)), outlets, words, target_words, case, voice=voice
        )
        if text:
            return f"{label}: {text}"
    title = next((clean_title(a.title, a.site_name) for a in articles if a.title), "")
    if not title:
        return ""
    return f"{label}: “{headline_case(quotable(title), case, _lower_words(articles))}”"


def quotable(title: str) -> str:
    """``title``, or where it runs over ``MAX_WORDS`` its longest self-contained part
    within the bound (``title_parts``, ``shortened``): a 37-word column title is no
    headline, quoted or not (it stays whole only where it has no such part)."""
    if len(title.split()) <= MAX_WORDS:
        return title
    parts = [p for p in title_parts(title) if len(p.split()) <= MAX_WORDS]
    parts += [short] if (short := shortened(title)) else []
    return max(parts, key=lambda p: len(p.split()), default=title)


def views_label(articles: Sequence[Article]) -> str:
    """ "Analysis" where every piece is an analysis, "Opinion" where the page of every
    piece marks it so (``page_kind``); else "Commentary": the text-voice model that calls
    a piece with no markup a view does not tell opinion from analysis."""
    kinds = {a.kind for a in articles}
    if kinds == {ArticleKind.ANALYSIS}:
        return "Analysis"
    if kinds == {ArticleKind.OPINION} and all(
        page_kind(a) is ArticleKind.OPINION for a in articles
    ):
        return "Opinion"
    return "Commentary"
