"""Opinion and analysis kept apart from the news: one attributed line per piece.

A column or an analysis is not a source of neutral text: the writer tells what it
argues, attributed to its outlet (and author, where the page's byline names one), in a
Perspectives section, in one form: "In National Review, David Harsanyi argues that
<the piece's own sentence stating its view>", "In CNN, an analysis says that ...". The
claim is the piece's most central whole sentence that stands alone (no question, no
first or second person, no quotation without its speaker, nothing it points back at),
copied whole (a weekday given its date; none that says "last night"), its first word
lower-cased unless it is a name, an acronym or "I". A sentence that reports is never
said to argue: where no sentence that argues is about as central as the best, a title
that states something is quoted instead ("The Daily Signal published a commentary
headlined “Oversight Board Is Wrong to Uphold Facebook’s Suspension of Trump”"), else
the sentence is what the piece "says". A title is never forced into "argues that". A
piece is called what its page marks it ("an opinion piece", "an analysis"); one that
only the text's voice calls a view may be either, and is "a commentary". The outlet is
the page's site name where it names the site (not an aggregator's label such as a
columnist's name or "Guest Writer - Center"), else the site's host. Every line is built
from the article's metadata and sentences only, so that the verifier can check it
against them (``metadata_support``).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from functools import cache, lru_cache

from newsdesk.classify.kind import page_kind
from newsdesk.classify.voice import voice_model
from newsdesk.models import VIEW_KINDS, Article, ArticleKind, Perspective
from newsdesk.text import clean_title, content_stems, split_sentences
from newsdesk.text.loaded import loaded_words, outside_quotes
from newsdesk.text.names import COMMON_WORDS
from newsdesk.text.statements import has_verb, is_statement, is_verb_form, verb_bases
from newsdesk.text.titles import strip_outlet_name
from newsdesk.text.urls import host_of
from newsdesk.write.base import article_sentences, outlet_of
from newsdesk.write.clean import usable
from newsdesk.write.shape import dated_or_none, reference

# What each kind of piece is called, and the verb that reports what it says. A piece
# only the text's voice calls a view may as well be an analysis: "a commentary".
_CALLED = {
    ArticleKind.OPINION: ("an opinion piece", "argues"),
    ArticleKind.ANALYSIS: ("an analysis", "says"),
    ArticleKind.FACT_CHECK: ("a fact check", "finds"),
}
COMMENTARY = ("a commentary", "argues")
REPORTS = "says"  # the verb for a sentence that reports rather than argues
# A claim that argues gives the line where it is about as central as the best sentence.
ARGUE_SLACK = 1.5
MAX_TITLE_WORDS = 20  # a longer title is not quoted where a sentence can tell the piece
# The writer's own voice that "argues that" cannot carry ("we", "our" and "I": ``usable``).
_VOICE = re.compile(r"\b(?:you|your|yours|me)\b", re.I)
# Something told before that the sentence points at: "this phenomenon", "such stuff".
_POINTER = re.compile(
    r"\b(?:this|these|those|such)\s+(?!week|year|month|summer|spring|fall|winter|morning|weekend"
    r"|time|is|was|are|were|has|have|on|in|of|who|that|which|with|at|for|to|from)[a-z]+",
    re.I,
)
# A sentence about the page around it ("... share opposing perspectives on the ad below."):
# nothing the Perspectives line can show.
_ON_THE_PAGE = re.compile(r"\b(?:below|above)[.:]?$|\b(?:see|watch|read) (?:below|above)\b", re.I)
# A label before the sentence ("The big picture: ...") or a long run of words.
_LABELLED = re.compile(r"^[\w’' ]{2,25}: ")
_LONG_WORDS = 35
# A sentence that leans on the one before it: a pronoun, a connective, a comparison.
_LEANS_BACK = re.compile(
    r"^(?:He|She|They|His|Her|Their|Its|This|That|These|Those|Such|Similar|Another|Both|"
    r"Neither|The same|The other|But|And|Yet|Still|Also|However|Then|So|Instead|Meanwhile|"
    r"Or|Nor|Now|Here|There's|It|For one|For starters|First|Second|Third|Finally|Moreover|"
    r"Besides|After all|Of course|To be sure|That said|In fact|Indeed|The moment|The scene)\b"
)
# The premise a piece sets up to argue against, not its argument: "Watching the news ...,
# it would be easy to think that critical race theory is a complicated, controversial,
# or new idea" (Vox, arguing that it is none of these).
_PREMISE = re.compile(
    r"\b(?:it would be easy to|it[’']s easy to|it is easy to|one might (?:think|assume|expect)|"
    r"it may seem|it might seem|at first glance|on the surface|conventional wisdom|"
    r"you(?:[’']d| would)? (?:be forgiven|think))\b",
    re.I,
)
# Words of a writer's own view: what should be, what is wrong or right.
_VIEWED = re.compile(
    r"\b(?:should|shouldn[’']t|must|ought|need|needs|wrong|right|mistake|fail(?:s|ed|ure)?|"
    r"better|worse|best|worst|never|only|too|real|really|truth|true|clear|clearly|"
    r"deserves?|matters?|(?:is|are|was|were|be|more|most|less) important|important (?:to|that)|"
    r"cannot|can[’']t|won[’']t|isn[’']t|aren[’']t|"
    r"time to|way to|problem|danger(?:ous)?|threat|good|bad|obvious(?:ly)?|surely|simply|"
    r"indeed|perhaps|ironic(?:ally)?|sadly|unfortunately|frankly|hypocri\w*|shameful|"
    r"dishonest|fraud|mendacious|let[’']s)\b",
    re.I,
)
# A sentence that tells what someone said: its words of view are the speaker's ("Biden
# joked that people ... would actually need nuclear weapons").
_TELLS_SPEECH = re.compile(
    r"\b(?:said|says|saying|told|according to|announced|reported|tweeted|joked|claimed|"
    r"warned|noted|insisted|asked|urged|added|wrote|argued)\b"
)
_REPORTED = re.compile(
    r"\b(?:said|says|told|according to|announced|reported|adds|added|wrote|writes|tweeted)\b"
)
# Words the first word of a claim may be lowered as, whatever the piece's text holds.
_LOWER = frozenset(
    """a an and as at but by for from if in into nor of off on or over per than the to up
    via with is are was were be been has have had will would can could should must may
    might not no its it this that these those who what when while where whether why how
    because although though unless until once since after before during come even just
    yet so then now there here however instead also every each all some many most few
    both either neither another other any he she they his her their""".split()
)
_BEFORE_TITLE = frozenset({"former", "acting"})  # "former President Donald Trump"
_NUMBER_WORDS = frozenset(
    "two three four five six seven eight nine ten dozens hundreds thousands millions".split()
)
# A participle of saying first ("Saying Hamas must pay a “very heavy price” for
# belligerence, Israeli bombs destroyed ..."): whose words they are the line cannot show,
# and often the piece could not either ("Capping two weeks of talks, the Senate ..." is
# another matter).
_OPENS_ON_PARTICIPLE = re.compile(
    r"^(?:Saying|Arguing|Insisting|Claiming|Declaring|Warning|Vowing|Promising|Noting|"
    r"Asserting|Accusing|Calling)\b[^,]{0,160},"
)
# "It is time to ...", "It took 93 years for ...": an "it" that points at nothing before.
_DUMMY_IT = re.compile(
    r"^It(?:[’']s| is| was| took| turns out| seems| remains)\b(?: [\w’'-]+){0,8} (?:to|that|for)\b"
)
# "The method, which allows voters to rank candidates ...": a thing the piece named before
# in other words; the line has no sentence before it.
_THE_THING = re.compile(
    r"^The (?:(?:entire|whole|same|latest|current|recent|new|real|biggest|first|last) )?"
    r"([a-z][a-z-]+)\b"
)
# A sentence that reports a dated event rather than stating a view.
_DATED = re.compile(
    r"\b(?:(?:on|last|this|Sunday|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday)\s+)?"
    r"(?:Sunday|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|yesterday|last week|this week)\b"
)
_MEDIUM = re.compile(
    r"(?<!\s)\s*+\([^)]{0,200}+\)\s*+$"
)  # "Fox News (Online News)": an aggregator's medium


def is_view(article: Article) -> bool:
    """Whether an article is opinion or analysis (kept out of the neutral text)."""
    return article.kind in VIEW_KINDS


_MAX_NAME_WORDS = 12  # a publication's name is short; a longer one is not spelled out


def _spelled(label: str, words: Sequence[str]) -> bool:
    """``label`` is the start of each of some of ``words`` in order ("nytimes": New York
    Times, "wsj": Wall Street Journal, "csmonitor": Christian Science Monitor)."""
    words = tuple(words[:_MAX_NAME_WORDS])

    @cache
    def spelled(at: int, first: int) -> bool:  # label[at:] from words[first:]
        if at == len(label):
            return True
        rest = label[at:]
        for i in range(first, len(words)):
            word = words[i]
            for n in range(min(len(word), len(rest)), 0, -1):
                if rest.startswith(word[:n]) and spelled(at + n, i + 1):
                    return True
        return False

    return spelled(0, 0)


def names_site(name: str, url: str) -> bool:
    """Whether ``name`` names the site at ``url`` (not a columnist, a section or an
    aggregator's label): its words spell the host's name, or the host's name is in it.

    Args:
        name: a site name as given ("National Review", "Rich Lowry").
        url: the page's URL.

    Returns:
        True when the host bears the name out (or there is no host to judge by).
    """
    parts = [p for p in host_of(url).split(".") if p not in {"m", "amp", "edition"}]
    if len(parts) >= 3 and parts[-2] in {"co", "com", "org", "net", "ac", "gov"}:
        parts = parts[:-1]
    label = re.sub(r"[^a-z0-9]", "", parts[-2]) if len(parts) >= 2 else ""
    words = re.findall(r"[a-z0-9]+", name.lower())
    squashed = "".join(words)
    if not label or not squashed:
        return True
    if label in squashed or squashed in label:
        return True
    return _spelled(label, words) or (label.endswith("news") and _spelled(label[:-4], words))


def outlet_name(article: Article) -> str:
    """The outlet to attribute a piece to: its site name without an aggregator's medium
    ("Fox News (Online News)"), where that names the site; else the site's host."""
    name = _MEDIUM.sub("", outlet_of(article)).strip()
    bare = _without_staff(name)  # "AllSides Staff": the staff's outlet is AllSides
    if bare and names_site(bare, article.url):
        return bare
    if name and names_site(name, article.url):
        return name
    return host_of(article.url) or name


def _without_staff(name: str) -> str:
    """``name`` without a last word that names the people, not the outlet."""
    for suffix in (" Staff", " Editors", " Editorial Board", " Newsroom", " Team"):
        if name.endswith(suffix):
            return name[: -len(suffix)].strip()
    return name


# Publications whose own name begins with "The", written as the page's metadata often
# leaves it off ("Washington Post"): a line names them as they name themselves.
_NAMED_WITH_THE = frozenset(
    name.strip()
    for name in """new york times|washington post|wall street journal|christian science monitor|
    daily beast|atlantic|hill|guardian|federalist|economist|new yorker|intercept|daily caller|
    daily wire|daily signal|epoch times|boston globe|new republic|american conservative|
    american spectator|independent|dispatch|bulwark|texas tribune|philadelphia inquirer|
    baltimore sun|denver post|seattle times|dallas morning news""".split("|")
)


# Newspapers whose name has no "The": AP style gives them a lower-case "the" in running
# text ("In the Washington Examiner, ..."), as it does not for a magazine, a site or a
# broadcaster ("In National Review", "In Vox", "On CNN").
_NEWSPAPERS = frozenset(
    name.strip()
    for name in """washington examiner|new york post|washington times|los angeles times|
    new york daily news|miami herald|chicago tribune|tampa bay times|
    atlanta journal-constitution|jerusalem post|boston herald|san francisco chronicle|
    houston chronicle|star tribune|orlando sentinel|chicago sun-times""".split("|")
)


def proper_name(outlet: str) -> str:
    """``outlet`` as running text names it: "The Washington Post", "The Hill" (their "The"
    is part of the name), "the Washington Examiner" (a newspaper's "the" is not)."""
    if outlet.lower() in _NAMED_WITH_THE:
        return f"The {outlet}"
    return f"the {outlet}" if outlet.lower() in _NEWSPAPERS else outlet


def capitalised(name: str) -> str:
    """``name`` opening a sentence: "The Washington Examiner published ..." (a host is
    written as it is: "vanityfair.com published ...")."""
    return name if "." in name and " " not in name else name[:1].upper() + name[1:]


def _author(article: Article, outlet: str) -> str:
    """The page's byline, when it names someone other than the outlet."""
    for author in article.authors:
        author = " ".join(author.split())
        words = set(re.findall(r"\w+", author.lower()))
        if words and not words <= set(re.findall(r"\w+", outlet.lower())):
            return author
    return ""


@lru_cache(maxsize=256)
def _lower_words(text: str) -> frozenset[str]:
    return frozenset(re.findall(r"(?<![\w’'])[a-z][a-z’'-]*", text))


@lru_cache(maxsize=256)
def _names_inside(text: str) -> frozenset[str]:
    """Capitalised words the text writes after a lower-case word: names."""
    return frozenset(re.findall(r"(?<=[a-z,;]\s)[A-Z][\w’'-]*", text))


def _first_word_case(sentence: str, text: str) -> str | None:
    """``sentence`` with its first word lowered where the piece writes it in lower case,
    kept where it is a name; None when the piece does not say which."""
    m = re.match(r"([A-Za-z][\w’'-]*)(\s+\S+)?", sentence)
    if m is None:
        return sentence
    word, after = m.group(1), (m.group(2) or "").strip("“‘\"'( ")
    low = word.lower()
    core = re.sub(r"[’']s$", "", word)
    if word == "I" or any(c.isupper() for c in word[1:]):
        return sentence
    # "The Supreme Court" -> "the Supreme Court", "It’s" -> "it’s"
    if low in _LOWER or low in _BEFORE_TITLE or core.lower() in _LOWER:
        return low + sentence[len(word) :]
    verb = low.endswith("ing") and (is_verb_form(low) or bool(verb_bases(low)))  # "Saying"
    if verb and core not in _names_inside(text):
        return low + sentence[len(word) :]
    named = _names_inside(text)
    if after[:1].isupper() or core in named:  # "New York", "Tyler Perry"
        return sentence
    if any(len(n) > 3 and core.startswith(n) for n in named):  # "Cubans" where "Cuba" is
        return sentence
    if low in COMMON_WORDS or low in _NUMBER_WORDS or low in _lower_words(text):
        return low + sentence[len(word) :]
    if core != word:  # a possessive the piece does not write in lower case: "Israel’s"
        return sentence
    if re.search(r"(?:ly|ing|ed)$", low) or "-" in low:  # "Recently", "Watching", "One-hundred"
        return low + sentence[len(word) :]
    return None


# An adverb before the sentence's first word: "Normally, ", "In part, ", "For now, " (not
# a place or a time: "In Cuba, it is the government versus the people").
_LEADING_PHRASE = re.compile(
    r"^(?:\w+ly|In part|For now|In short|In turn|In fact|At least|Even so|If so|By now|By then),\s"
)


def _leans_back(sentence: str) -> bool:
    """The sentence leans on one before it ("For one, ..."), also past an opening phrase
    ("Normally, that ...", "In part, that is ...")."""
    bare = _LEADING_PHRASE.sub("", sentence)
    bare = bare[:1].upper() + bare[1:]
    leans = _LEANS_BACK.match(sentence) or _LEANS_BACK.match(bare)
    return bool(leans) and not _DUMMY_IT.match(bare)


def explicit(own: str) -> bool:
    """Whether a sentence's own words (``own``: outside quotes) state a view: a word of
    view outside a report of what someone said."""
    return bool(_VIEWED.search(own)) and not _TELLS_SPEECH.search(own)


def _names_thing_unnamed(sentence: str, title: set[str]) -> bool:
    """A sentence inside a piece that opens on "The <noun>" its title does not name."""
    m = _THE_THING.match(sentence)
    return m is not None and not content_stems(m.group(1)).keys() & title


def _claims(article: Article, text: str, opening: bool) -> list[tuple[float, str, bool]]:
    """The sentences that can stand after "argues that", each with how central it is and
    whether it argues rather than reports: a word of a writer's own view outside a report
    of what someone said, or the text-voice model (``newsdesk.classify.voice``) reads the
    sentence alone as a view. A day it names is dated or the sentence left out
    (``shape.dated_or_none``): the line stands away from the piece's date. A sentence of
    the first paragraph that states no view in so many words only with ``opening``:
    beside the news it is a scene, a hook or the news again ("a federal judge overturned
    California's 32-year-old ban ...", "a man unknown to most around the world was about
    to become a hashtag"), not what the piece argues; where the pieces are all the story
    has, they tell what happened."""
    title = set(content_stems(article.title))
    day = article.published_at.date() if article.published_at else None
    sentences = [" ".join(s.split()) for s in article_sentences(article)]
    bags = [set(content_stems(s)) for s in sentences]
    lede = " ".join(article.paragraphs[0].split()) if article.paragraphs else ""
    found = []
    before: set[str] = set()
    for position, (sentence, bag) in enumerate(zip(sentences, bags, strict=True)):
        own = outside_quotes(sentence)
        if (
            usable(sentence)
            and sentence.endswith((".", ".”", '."', ".’"))
            and sentence[:1] not in "\"“‘'"
            and not _VOICE.search(own)
            and not _POINTER.search(own)
            and not _LABELLED.match(sentence)
            and not _ON_THE_PAGE.search(own)
            and not _PREMISE.search(own)
            and not _leans_back(sentence)
            and not _OPENS_ON_PARTICIPLE.match(sentence)
            and (opening or explicit(own) or not (position == 0 or sentence in lede))
            and not (position and reference(sentence, before))
            and not (position and _names_thing_unnamed(sentence, title))
            and has_verb(sentence)
        ):
            cased = _first_word_case(sentence, text)
            cased = cased and dated_or_none(cased, day)  # no "last night" out of context
            if cased:
                others = set().union(*(b for j, b in enumerate(bags) if j != position))
                size = math.sqrt(max(len(bag), 1))
                score = (
                    2 * len(bag & title) / size
                    + len(bag & others) / size
                    + 1.0 * bool(_VIEWED.search(own))
                    - 1.0 * bool(_REPORTED.search(own))
                    - 0.5 * bool(_DATED.search(own))
                    - 0.5 * bool(loaded_words(sentence))
                    - 0.15 * position
                    - 0.5 * (len(sentence.split()) > _LONG_WORDS)
                )
                argues = explicit(own) or voice_model().is_view("", own)
                found.append((score, cased, argues))
        before.update(bag)
    return found


def perspective_line(
    article: Article, case_text: str = "", opening: bool = True, tells: bool = False
) -> str:
    """What ``article`` argues, attributed: one sentence built from its metadata and text.

    The claim is the piece's most central sentence that argues (a word of the writer's
    own view) where one is about as central as its best (``ARGUE_SLACK``); else its title
    where that states something and is short; else its best sentence, told as what it
    "says": a sentence that reports is never said to argue.

    Args:
        article: an opinion or analysis piece (or a fact check).
        case_text: more text to learn how words are written from (the story's other
            pieces), beside the article's own.
        opening: whether the piece's opening sentence may give the line (``_claims``).
        tells: whether the line tells what happened: the piece's best sentence that
            reports, where it has one ("says that ...").

    Returns:
        The line ("In National Review, David Harsanyi argues that ..."), or "" when the
        piece has neither a sentence to tell it by nor a title.
    """
    outlet = outlet_name(article)
    author = _author(article, outlet)
    what, verb = called(article)
    claims = _claims(article, f"{article.text}\n{case_text}", opening)
    title = clean_title(strip_outlet_name(article.title, article.site_name, article.url))
    by = f" by {author}" if author else ""
    best = max((c[0] for c in claims), default=0.0)
    arguing = [c for c in claims if c[2] and c[0] >= best - ARGUE_SLACK]
    if tells and (reporting := [c for c in claims if not c[2] and _DATED.search(c[1])]):
        claims, arguing = reporting, []
    named = proper_name(outlet)
    if not arguing and verb == "argues" and title and _title_tells(title) and not tells:
        return f"{capitalised(named)} published {what}{by} headlined “{title}”."
    if claims:
        _, claim, argues = max(arguing or claims, key=lambda c: c[0])
        verb = verb if argues or verb != "argues" else REPORTS
        where = "On" if outlet == host_of(article.url) else "In"  # "On nymag.com"
        if author and what in ("an opinion piece", COMMENTARY[0]):
            return f"{where} {named}, {author} {verb} that {claim}"
        return f"{where} {named}, {what}{by} {verb} that {claim}"
    if not title:
        return ""
    return f"{capitalised(named)} published {what}{by} headlined “{title}”."


def called(article: Article) -> tuple[str, str]:
    """What the line calls ``article`` and the verb it reports it with: its kind's name
    where the page marks the kind (``page_kind``), "a commentary" for a piece that only
    its voice calls a view."""
    kind = article.kind or ArticleKind.OPINION
    if kind is ArticleKind.OPINION and page_kind(article) is not ArticleKind.OPINION:
        return COMMENTARY
    return _CALLED.get(kind, COMMENTARY)


def _title_tells(title: str) -> bool:
    """A title that states something ("Oversight Board Is Wrong to Uphold ..."), not a
    label ("Biden's latest $1 trillion+ plan") or a question, and short enough to quote."""
    return (
        len(title.split()) <= MAX_TITLE_WORDS
        and "?" not in title
        and all(map(is_statement, split_sentences(title)))
    )


def perspectives(views: Sequence[Article], beside_news: bool = False) -> tuple[Perspective, ...]:
    """One line per opinion or analysis piece, in the order given (one per title).

    Args:
        views: the story's opinion and analysis pieces (ids set).
        beside_news: whether the story has news reports (its text tells what happened,
            so no line gives a piece's opening).

    Returns:
        The lines.
    """
    out: list[Perspective] = []
    seen: set[str] = set()
    teller = None
    if not beside_news:  # the pieces are all the story has: does a line tell what happened?
        lines = [perspective_line(a) for a in views]
        if not any(f" {REPORTS} that " in line for line in lines):
            teller = _teller(views)
    for article in views:
        others = "\n".join(a.text for a in views if a is not article)
        told = article is teller
        line = perspective_line(article, others, opening=not beside_news, tells=told)
        if line and article.id is not None and line not in seen:
            seen.add(line)
            out.insert(0 if told else len(out), Perspective(line, article.id))
    return tuple(out)


def _teller(views: Sequence[Article]) -> Article | None:
    """In a story of views alone whose lines tell nothing that happened, the piece whose
    most central sentence that reports a dated event tells it ("on Thursday, June 17,
    President Joe Biden signed into law a bill to recognize Juneteenth as a federal
    holiday"): its line comes first and tells that sentence; None where none does."""
    best: tuple[float, int] | None = None
    for i, article in enumerate(views):
        others = "\n".join(a.text for a in views if a is not article)
        claims = _claims(article, f"{article.text}\n{others}", True)
        scores = [c[0] for c in claims if not c[2] and _DATED.search(c[1])]
        if scores and (best is None or max(scores) > best[0]):
            best = (max(scores), i)
    return None if best is None else views[best[1]]
