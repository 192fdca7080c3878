"""What kind of piece an article is: a news report, opinion, analysis, a fact check, a
press release, an interview, a live blog or something else.

``classify_kind`` reads the signals a real page gives, strongest first, and the first
that speaks decides (``KindVerdict.signal`` says which):

1. ``source``: the operator's own setting for a source (``kind_of_articles``);
2. ``json_ld``: a JSON-LD ``@type`` that names a kind (OpinionNewsArticle,
   AnalysisNewsArticle, LiveBlogPosting, ClaimReview ...; plain NewsArticle says nothing,
   sites use it for columns too);
3. ``section``: ``article:section`` ("Opinion", "Analysis", "Fact Check", "Live");
4. ``url``: a path segment ("/opinion/", "/commentisfree/", "/op-ed/", "/analysis/",
   "/live/") or a slug word ("-opinion-", "-op-ed-", "-analysis-", "-explainer-");
5. ``title``: a marker ("Opinion:", "| Analysis", "EXPLAINER:", "Live updates:");
6. ``byline``: "Opinion by", "Columnist", "Editorial Board", "Guest essay";
7. ``categories``: the feed item's categories, read like a section;
8. ``text_model``: for a record with no markup, the learnt text-voice model
   (``newsdesk.classify.voice``: a logistic regression over the words of the title and
   the text's opening, threshold chosen for precision);
9. ``text``: for a record with no markup, the writer's voice: first and second person
   and questions outside quotations, evaluative words, and no attribution at all. Each
   of these is common in news reports too (a quoted "we", a question in an explainer),
   so the text speaks only when at least ``TEXT_MIN_CUES`` of the six agree.

Anything else is a news report (``signal`` "none"). Measured against the AllSides
stream's labels in docs/decisions/classify.md. Pure functions, no store, under 1 ms
for a typical article (bench/bench_classify.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from newsdesk.classify.voice import voice_model
from newsdesk.models import Article, ArticleKind

TEXT_MIN_CUES = 4  # of the six voice cues (``voice_cues``)
EVALUATIVE_CAP = 3  # evaluative words count once each, up to this many
_TEXT_CHARS = 4000  # the voice of a piece shows in its opening

K = ArticleKind
# Words that name a kind, as a section, a category, a path segment or a title marker.
_KIND_WORDS: dict[str, ArticleKind] = {
    "opinion": K.OPINION,
    "opinions": K.OPINION,
    "op-ed": K.OPINION,
    "op-eds": K.OPINION,
    "oped": K.OPINION,
    "opeds": K.OPINION,
    "commentary": K.OPINION,
    "commentisfree": K.OPINION,
    "comment": K.OPINION,
    "column": K.OPINION,
    "columns": K.OPINION,
    "columnist": K.OPINION,
    "columnists": K.OPINION,
    "editorial": K.OPINION,
    "editorials": K.OPINION,
    "letters": K.OPINION,
    "letters to the editor": K.OPINION,
    "guest essay": K.OPINION,
    "perspective": K.OPINION,
    "perspectives": K.OPINION,
    "voices": K.OPINION,
    "ideas": K.OPINION,
    "outlook": K.OPINION,
    "analysis": K.ANALYSIS,
    "news analysis": K.ANALYSIS,
    "explainer": K.ANALYSIS,
    "explainers": K.ANALYSIS,
    "fact check": K.FACT_CHECK,
    "fact-check": K.FACT_CHECK,
    "fact checks": K.FACT_CHECK,
    "fact-checking": K.FACT_CHECK,
    "factcheck": K.FACT_CHECK,
    "press release": K.PRESS_RELEASE,
    "press releases": K.PRESS_RELEASE,
    "press-releases": K.PRESS_RELEASE,
    "news releases": K.PRESS_RELEASE,
    "news-releases": K.PRESS_RELEASE,
    "interview": K.INTERVIEW,
    "interviews": K.INTERVIEW,
    "q&a": K.INTERVIEW,
    "live": K.LIVE_BLOG,
    "live updates": K.LIVE_BLOG,
    "live-updates": K.LIVE_BLOG,
    "live blog": K.LIVE_BLOG,
    "live-blog": K.LIVE_BLOG,
    "liveblog": K.LIVE_BLOG,
}
# In a URL's slug (the words of the last segment) only unambiguous words count: a story
# about a blog or an interview is not one, "opinion" in a slug almost always labels.
_SLUG_WORDS = {
    "opinion": K.OPINION,
    "op-ed": K.OPINION,
    "oped": K.OPINION,
    "analysis": K.ANALYSIS,
    "explainer": K.ANALYSIS,
    "editorial": K.OPINION,
    "live-updates": K.LIVE_BLOG,
}
# Path segments that are too generic to count ("live" is a path segment of live video
# pages, "ideas" and "voices" of magazines' essays: both kept, they label a section).
_LD_TYPES = {
    "opinionnewsarticle": K.OPINION,
    "reviewnewsarticle": K.OPINION,
    "analysisnewsarticle": K.ANALYSIS,
    "backgroundnewsarticle": K.ANALYSIS,
    "claimreview": K.FACT_CHECK,
    "liveblogposting": K.LIVE_BLOG,
    "reportagenewsarticle": K.NEWS,
}
_TITLE_MARKER = re.compile(
    r"^\s*(?P<head>opinion|analysis|news analysis|explainer|commentary|editorial|column|"
    r"perspective|op-ed|letters?|fact check|interview|q&a|live updates|live|press release)"
    r"\s*[:|–—-]\s+"
    r"|\s[|–—-]\s*(?P<tail>opinion|analysis|commentary|editorial|column|perspective|op-ed|"
    r"fact check|live updates|live)\s*$",
    re.I,
)
_BYLINE = re.compile(
    r"\b(?P<op>opinion by|columnist|contributing columnist|guest columnist|editorial board|"
    r"the editors|guest essay|op-ed contributor|contributor)\b|\b(?P<an>analysis by)\b",
    re.I,
)
_QUOTED = re.compile(r"\"[^\"]*\"|“[^”]*”")
_ATTRIBUTION = re.compile(
    r"\b(?:said|says|say|told|according to|announced|reported|stated|wrote|testified|"
    r"confirmed)\b",
    re.I,
)
_FIRST_SINGULAR = re.compile(r"\b(?:I|me|my|I'm|I’m|I've|I’ve|I'd|I’d)\b")
_FIRST_PLURAL = re.compile(r"\b(?:[Ww]e|[Oo]ur|us|[Ww]e're|[Ww]e’re)\b")  # "US" is a country
_SECOND = re.compile(r"\b(?:[Yy]ou|[Yy]our|[Yy]ou're|[Yy]ou’re)\b")
_EVALUATIVE = re.compile(
    r"\b(?:should|must|ought|need to|needs to|shouldn't|shouldn’t|wrong|absurd|ridiculous|"
    r"obviously|clearly|of course|surely|simply|truly|indeed|perhaps|ironically|sadly|"
    r"unfortunately|frankly|hypocri\w*|shameful|disgrac\w*|outrageous|dishonest|crazy|"
    r"insane|better|worse|best|worst)\b",
    re.I,
)
_SEGMENT = re.compile(r"^https?://[^/]+|[?#].*$")
# Sites that publish nothing but fact checks, whose paths name no section
# ("factcheck.org/2021/06/is-unemployment-bonus-keeping-workers-on-sideline/").
_FACT_CHECK_HOST = re.compile(
    r"^https?://(?:www\.)?(?:factcheck\.org|politifact\.com|snopes\.com|leadstories\.com|"
    r"fullfact\.org|checkyourfact\.com)(?:[/:?#]|$)",
    re.I,
)


@dataclass(frozen=True, slots=True)
class PageSignals:
    """What a page, its feed and its source say about the kind of piece it is."""

    url: str = ""
    title: str = ""
    text: str = ""
    section: str = ""  # article:section
    ld_types: tuple[str, ...] = ()  # JSON-LD @type values of the page's article
    byline: str = ""  # the byline or author names as the page gives them
    categories: tuple[str, ...] = ()  # the feed item's categories
    source_kind: ArticleKind | None = None  # the operator's setting for the source


@dataclass(frozen=True, slots=True)
class KindVerdict:
    """An article's kind and the signal that decided it."""

    kind: ArticleKind
    signal: str  # source, json_ld, section, url, title, byline, categories, text_model,
    # text or none


def _named(value: str) -> ArticleKind | None:
    return _KIND_WORDS.get(" ".join(value.lower().replace("_", " ").split()))


def kind_from_ld(types: Iterable[str]) -> ArticleKind | None:
    """The kind a JSON-LD ``@type`` names (``OpinionNewsArticle`` -> opinion), if any."""
    for value in types:
        kind = _LD_TYPES.get(value.rsplit("/", 1)[-1].lower())
        if kind is not None:
            return kind
    return None


def kind_from_url(url: str) -> ArticleKind | None:
    """The kind a URL's path names: a section segment, or a labelling word in its slug
    (or its host, where the site publishes one kind only)."""
    if _FACT_CHECK_HOST.match(url):
        return K.FACT_CHECK
    path = _SEGMENT.sub("", url.lower())
    segments = [s for s in path.split("/") if s]
    for i, segment in enumerate(segments):
        last = i == len(segments) - 1
        name = segment.rsplit(".", 1)[0] if last else segment
        kind = _named(name) if not last or len(segments) == 1 else None
        if kind is not None and name not in ("live", "comment"):
            return kind
        # A slug: the last segment, or any with words ("cuba-protests-analysis-intl-hnk"
        # before "index.html").
        if last or segment.count("-") >= 2:
            kind = _slug_kind(name)
            if kind is not None:
                return kind
    return None


def _slug_kind(slug: str) -> ArticleKind | None:
    words = [w for w in re.split(r"[^a-z0-9&]+", slug) if w]
    for word in words:
        if word in _SLUG_WORDS:
            return _SLUG_WORDS[word]
    joined = f"-{'-'.join(words)}-"
    for phrase in ("op-ed", "live-updates"):
        if f"-{phrase}-" in joined:
            return _SLUG_WORDS[phrase]
    return None


def kind_from_title(title: str) -> ArticleKind | None:
    """The kind a title's marker names: "Opinion: ...", "... | Analysis", "EXPLAINER: ..."."""
    match = _TITLE_MARKER.search(title)
    if match is None:
        return None
    return _named(match.group("head") or match.group("tail"))


def kind_from_byline(byline: str) -> ArticleKind | None:
    """The kind a byline names: "Opinion by ...", "Columnist", "Editorial Board"."""
    match = _BYLINE.search(byline)
    if match is None:
        return None
    return K.ANALYSIS if match.group("an") else K.OPINION


def voice_cues(title: str, text: str) -> int:
    """How many of the six cues of a writer's own voice a piece shows (0 to 6).

    First person singular, first person plural and second person (each outside quotes),
    a question outside quotes (title or text), evaluative words (one cue each, two at
    most... counted as ``min(found, 2)``), and no attribution at all ("said",
    "according to").
    """
    text = text[:_TEXT_CHARS]
    own = _QUOTED.sub(" ", text)
    own_title = _QUOTED.sub(" ", title)
    cues = int(bool(_FIRST_SINGULAR.search(own)))
    cues += int(bool(_FIRST_PLURAL.search(own)))
    cues += int(bool(_SECOND.search(own) or _SECOND.search(own_title)))
    cues += int("?" in own or "?" in own_title)
    cues += min(len(_EVALUATIVE.findall(f"{own_title} {own}")), EVALUATIVE_CAP)
    cues += int(not _ATTRIBUTION.search(text))
    return cues


def classify_kind(signals: PageSignals) -> KindVerdict:
    """The kind of piece ``signals`` describe, and which signal said so.

    Args:
        signals: what the page, its feed item and its source say.

    Returns:
        The verdict; a news report with signal "none" when nothing speaks.
    """
    if signals.source_kind is not None:
        return KindVerdict(signals.source_kind, "source")
    # Cheapest and strongest first; each is only computed when the ones before said nothing.
    readers: tuple[tuple[str, Callable[[], ArticleKind | None]], ...] = (
        ("json_ld", lambda: kind_from_ld(signals.ld_types)),
        ("section", lambda: _named(signals.section) if signals.section else None),
        ("url", lambda: kind_from_url(signals.url)),
        ("title", lambda: kind_from_title(signals.title)),
        ("byline", lambda: kind_from_byline(signals.byline)),
        ("categories", lambda: next(filter(None, map(_named, signals.categories)), None)),
    )
    for name, read in readers:
        kind = read()
        if kind is not None:
            return KindVerdict(kind, name)
    if signals.text and voice_model().is_view(signals.title, signals.text):
        return KindVerdict(K.OPINION, "text_model")
    if voice_cues(signals.title, signals.text) >= TEXT_MIN_CUES:
        return KindVerdict(K.OPINION, "text")
    return KindVerdict(K.NEWS, "none")


def page_kind(article: Article) -> ArticleKind | None:
    """The kind that what an extracted article keeps of its page names (its URL, a title
    marker, its byline), if any: the evidence a reader can see. None for a piece that only
    the text-voice model or the voice cues called a view; those speak of opinion and
    analysis alike (the model is fitted on both as one class), so the writer does not call
    such a piece either.
    """
    return (
        kind_from_url(article.url)
        or kind_from_title(article.title)
        or kind_from_byline(", ".join(article.authors))
    )


def classify_article(
    article: Article,
    source_kind: ArticleKind | None = None,
    categories: tuple[str, ...] = (),
    section: str = "",
    ld_types: tuple[str, ...] = (),
) -> KindVerdict:
    """``classify_kind`` on an extracted article and what else is known of its page.

    Args:
        article: the article (url, title, text, authors).
        source_kind: its source's ``kind_of_articles`` setting, if any.
        categories: its feed item's categories.
        section: its page's ``article:section``.
        ld_types: its page's JSON-LD ``@type`` values.

    Returns:
        The verdict.
    """
    return classify_kind(
        PageSignals(
            url=article.url,
            title=article.title,
            text=article.text,
            section=section,
            ld_types=ld_types,
            byline=", ".join(article.authors),
            categories=categories,
            source_kind=source_kind,
        )
    )
