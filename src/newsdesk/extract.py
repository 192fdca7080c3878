"""The extract stage: RawDocument -> Article | Rejected.

Built on trafilatura (body, metadata; htmldate for dates, courlan for URLs). On top of
it: decoding that never fails (``newsdesk.text.decode``); the title from
``og:title``/JSON-LD/``<h1>``/``<title>`` with the outlet's name removed; authors and
dates from JSON-LD when the page declares them; removal of blocks that trail articles,
of promotional, credit, date, interface and paywall lines, of a second printing of the
text and of lines an outlet repeats in every article (``OutletBoilerplate``); the lead
put back when printed apart; a precision or recall pass (``second_opinion``) and the
page's largest paragraph block where trafilatura took a menu. Rejections are typed:
``empty``, ``binary``, ``not_html``, ``too_short``, ``not_article``, ``wrong_language``.

Each rule's measurement and the variants measured and rejected:
docs/decisions/extract.md.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Sequence
from copy import deepcopy
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import courlan
import trafilatura
from lxml.html import HtmlElement, document_fromstring
from trafilatura.utils import load_html

from newsdesk.config import Config, default
from newsdesk.models import Article, RawDocument, Rejected
from newsdesk.text import decode, strip_outlet_name, title_eq, words

__all__ = ["ExtractOptions", "OutletBoilerplate", "extract"]


@dataclass(frozen=True, slots=True)
class ExtractOptions:
    """How the extract stage decides and cleans.

    Example:
        ``ExtractOptions(min_words=30, languages=("en", "de"))``
    """

    min_words: int = default("extract.min_words")  # fewer body words: Rejected("too_short")
    languages: tuple[str, ...] = default("extract.languages")  # ISO 639-1; empty: any
    include_tables: bool = True
    reject_non_articles: bool = True  # index, video and paywall-stub pages
    strip_trailing: bool = True  # remove sign-offs, share and newsletter blocks at the end
    drop_title_line: bool = True  # drop a first paragraph that repeats the title
    second_opinion: bool = True  # precision pass on declared articles, recall pass if short

    @classmethod
    def from_config(cls, config: Config) -> ExtractOptions:
        """The ``extract.*`` settings of a loaded config."""
        return cls(
            min_words=int(config.get("extract.min_words")),
            languages=tuple(config.get("extract.languages")),
        )


# ---------------------------------------------------------------------------- decoding

_BINARY_MAGIC = (
    b"%PDF",
    b"\x89PNG",
    b"GIF8",
    b"\xff\xd8\xff",
    b"PK\x03\x04",
    b"\x1f\x8b",
    b"RIFF",
    b"\x00\x00\x00",
    b"ID3",
    b"OggS",
    b"fLaC",
    b"\x7fELF",
    b"BM",
)


def _header(headers: dict[str, str], name: str) -> str:
    for key, value in headers.items():
        if key.lower() == name:
            return value
    return ""


def _is_binary(body: bytes) -> bool:
    head = body[:1024]
    if head.startswith(_BINARY_MAGIC):
        return True
    if b"\x00" in head:
        # UTF-16 with a BOM is text; anything else with NUL bytes is not.
        return not head.startswith((b"\xff\xfe", b"\xfe\xff"))
    return False


# ------------------------------------------------------------------------ page metadata


def line_key(text: str) -> str:
    """A paragraph reduced to its lower-case words, to match text across DOM and output."""
    return " ".join(words(text))


def _ld_objects(tree: HtmlElement) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            data = json.loads(script.text_content() or "")
        except (json.JSONDecodeError, ValueError):
            continue
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                found.append(item)
                if "@graph" in item:
                    stack.append(item["@graph"])
    return found


_ARTICLE_TYPES = (
    "Article",
    "NewsArticle",
    "BlogPosting",
    "Report",
    "ReportageNewsArticle",
    "AnalysisNewsArticle",
    "OpinionNewsArticle",
    "TechArticle",
    "Posting",
)


def _is_article_type(obj: dict[str, Any]) -> bool:
    kinds = obj.get("@type", "")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    return any(isinstance(k, str) and k.endswith(_ARTICLE_TYPES) for k in kinds)


def _ld_names(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        name = value.get("name")
        return [name] if isinstance(name, str) else []
    if isinstance(value, list):
        return [n for v in value for n in _ld_names(v)]
    return []


@dataclass(slots=True)
class _PageMeta:
    og_title: str = ""
    title_tag: str = ""
    h1: str = ""
    ld_headline: str = ""
    ld_authors: list[str] = field(default_factory=list)
    ld_published: str = ""
    ld_modified: str = ""
    og_type: str = ""
    site_name: str = ""
    canonical: str = ""
    lang: str = ""


def _first(tree: HtmlElement, xpath: str) -> str:
    for value in tree.xpath(xpath):
        text = " ".join(str(value).split())
        if text:
            return text
    return ""


def _page_meta(tree: HtmlElement) -> _PageMeta:
    meta = _PageMeta(
        og_title=_first(tree, '//meta[@property="og:title" or @name="og:title"]/@content'),
        title_tag=_first(tree, "//head/title/text()") or _first(tree, "//title/text()"),
        og_type=_first(tree, '//meta[@property="og:type"]/@content').lower(),
        site_name=_first(tree, '//meta[@property="og:site_name"]/@content'),
        canonical=_first(tree, '//link[@rel="canonical"]/@href')
        or _first(tree, '//meta[@property="og:url"]/@content'),
        lang=_first(tree, "/html/@lang")
        or _first(tree, '//meta[@http-equiv="content-language"]/@content'),
    )
    h1s = tree.xpath("//h1")
    if h1s:
        meta.h1 = " ".join(h1s[0].text_content().split())
    for obj in _ld_objects(tree):
        if not _is_article_type(obj):
            continue
        if not meta.ld_headline and isinstance(obj.get("headline"), str):
            meta.ld_headline = " ".join(obj["headline"].split())
        if not meta.ld_authors:
            meta.ld_authors = [" ".join(n.split()) for n in _ld_names(obj.get("author"))]
        if not meta.ld_published and isinstance(obj.get("datePublished"), str):
            meta.ld_published = obj["datePublished"]
        if not meta.ld_modified and isinstance(obj.get("dateModified"), str):
            meta.ld_modified = obj["dateModified"]
    return meta


def _pick_title(meta: _PageMeta, traf_title: str, site: str, url: str) -> str:
    # The visible headline wins when another source agrees with it; otherwise the
    # declared titles, stripped of the outlet name.
    candidates = [meta.ld_headline, meta.og_title, traf_title, meta.title_tag]
    h1 = meta.h1 if 0 < len(words(meta.h1)) <= 40 else ""
    for cand in candidates:
        if cand and h1 and title_eq(strip_outlet_name(cand, site, url, h1), h1):
            return h1
    for cand in candidates:
        if cand:
            return strip_outlet_name(cand, site, url, h1)
    return h1


def _parse_date(value: str | None) -> datetime | None:
    if not value:
        return None
    text = value.strip().replace("Z", "+00:00")
    for candidate in (text, text[:10]):
        try:
            parsed = datetime.fromisoformat(candidate)
        except ValueError:
            continue
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    return None


# A declared datePublished later than htmldate's date by at most this many days is the
# publication; htmldate's earlier date is a draft's (URL) or a creation date.
_DRAFT_DAYS = 30


def _pick_published(
    found: datetime | None, declared: str, modified: datetime | None
) -> datetime | None:
    """The publication date: htmldate's (``found``), or the page's JSON-LD datePublished
    where htmldate's is an earlier stamp of the same article.

    htmldate (``original_date``) takes the earliest date it trusts, a date in the URL
    first. Where the page declares a datePublished a few days after that date, the URL
    or the CMS stamped the draft, and the declared date is the publication; likewise a
    dateModified earlier than datePublished (htmldate's pick) is the draft's. A declared
    time in UTC within a day of htmldate's date is the same day in the outlet's zone.
    """
    published = _parse_date(declared)
    if found is None or published is None:
        return found or published
    days = (published.date() - found.date()).days
    if modified is not None and found.date() == modified.date() and modified < published:
        return published
    in_utc = declared.strip().endswith(("Z", "+00:00", "+0000"))
    if 0 < days <= _DRAFT_DAYS and not (in_utc and days <= 1):
        return published
    return found


_AUTHOR_ROLE = re.compile(
    r"^(?:(?:written |posted |story )?by|von|par|por|door|autor(?:in)?|auteur|author)"
    r"\s*[:：]?\s+(?=\w)|^[^\w]*(?:责任编辑|作者|编辑)\s*[:：]\s*",
    re.I,
)
_AUTHOR_TAIL = re.compile(r"\s+(?:says|said|writes|schreibt|dit)$", re.I)


def clean_authors(names: Sequence[str], site: str = "") -> tuple[str, ...]:
    """Author names without role words ("By", "Von", "Par", "责任编辑：") or the outlet.

    Args:
        names: raw author strings.
        site: the outlet name; an "author" equal to it is dropped when others remain.

    Returns:
        Cleaned, de-duplicated names in order.
    """
    out: list[str] = []
    for name in names:
        name = _AUTHOR_TAIL.sub("", _AUTHOR_ROLE.sub("", " ".join(name.split()))).strip(" ,;|")
        if name and name not in out:
            out.append(name)
    site_key = "".join(words(site))
    kept = [n for n in out if "".join(words(n)) != site_key]
    return tuple(kept or out)


def _split_authors(value: str) -> tuple[str, ...]:
    parts = re.split(r"\s*(?:;|\||\band\b|&)\s*", value)
    return tuple(p.strip() for p in parts if p.strip())


# -------------------------------------------------------------------------- language

_STOPWORDS = {
    "en": "the and of to in is that for on with was as by it this are from at be have",
    "de": "der die und das ist nicht ein eine den von zu mit sich des auf für im dem",
    "fr": "le la les et des est une pour que dans qui sur pas au du par avec sont",
    "es": "el la los las y que de en un una por con para es del se al lo",
    "it": "il la che di e un una per non con sono del della gli nel è le",
    "pt": "o a os as e que de do da em um uma para com não no na se por",
    "nl": "de het een en van is dat op te in voor niet met zijn aan ook",
    "pl": "i w na z się nie do że to jest o jak po za od przez ale",
}
_STOP_SETS = {lang: set(words.split()) for lang, words in _STOPWORDS.items()}


def guess_language(text: str, declared: str = "") -> str:
    """ISO 639-1 code of a text: stop-word counts, the declared ``lang`` on a tie.

    Args:
        text: the body text.
        declared: the page's declared language (``<html lang>``), possibly wrong.

    Returns:
        A two-letter code, or ``declared``'s first two letters, or "".
    """
    declared = declared.strip().lower()[:2]
    tokens = words(text[:5000])
    if len(tokens) >= 20:
        scores = {lang: sum(t in stops for t in tokens) for lang, stops in _STOP_SETS.items()}
        best = max(scores, key=lambda k: scores[k])
        if scores[best] >= 0.08 * len(tokens) and scores[best] > scores.get(declared, -1):
            return best
    return declared if declared.isalpha() else ""


# ------------------------------------------------------------------ trailing blocks

_TAIL_LINE = re.compile(
    r"^(?:end of (?:the )?(?:message|story|article|report)|ends?|\(?end\)?|###|-30-|"
    r"(?:share|tweet|email|print)(?: (?:this|on \w+))?|"
    r"(?:read|see) (?:more|also)\b.{0,80}|related(?: (?:articles?|stories|news|content|coverage|"
    r"posts?|headlines))?:?|more (?:from|on|about) .{0,60}|you (?:may|might) also like.{0,40}|"
    r"(?:sign up|subscribe)\b.{0,120}newsletter.{0,80}|follow us\b.{0,80}|"
    r"advertisement|comments?|leave a (?:comment|reply)|"
    r"(?:©|\(c\)|copyright)\s.{0,120}|all rights reserved\.?)$",
    re.I,
)


_NAME = r"[A-Z][\w.'’-]*(?:\s+(?:[A-Z][\w.'’-]*|de|van|von|der|da|di|al|bin))*"
_BYLINE = re.compile(
    rf"^[Bb][Yy]\s+{_NAME}(?:\s*(?:,|and|&)\s*{_NAME})*"
    r"(?:\s*[-|–—•·/]\s*[\w .,:/'’-]{0,60}|,\s*[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3})?$",
)


def _short_caps(line: str) -> bool:
    """A bare outlet name such as "RCO NEWS": few words, no sentence ending."""
    words = line.split()
    return (
        0 < len(words) <= 3
        and line.upper() == line != line.lower()
        and not line.endswith((".", "!", "?"))
    )


def clean_paragraphs(paragraphs: Sequence[str], title: str = "") -> tuple[str, ...]:
    """Drop lines without words and a leading copy of the title.

    Args:
        paragraphs: body paragraphs in order.
        title: the article title.

    Returns:
        The cleaned paragraphs.
    """
    out: list[str] = []
    for para in paragraphs:
        key = line_key(para)
        if key:
            out.append(para)
    while out and title and title_eq(out[0], title):
        out.pop(0)
    # A byline line ("By Jane Doe - 2019-04-10", "By A and B | Reuters") near the top is
    # metadata (authors are extracted apart), not article text.
    out = [p for i, p in enumerate(out) if not (i < 3 and _BYLINE.match(p.strip()))]
    # The title repeated further down (teasers of the same series, the next items of an
    # endless-scroll page) marks where the article ended; once may be a heading.
    long_title = len(words(title)) >= 4  # "Building Department" may head many sections
    repeats = [i for i, para in enumerate(out) if i >= 3 and long_title and title_eq(para, title)]
    if len(repeats) >= 2:
        return tuple(out[: repeats[0]])
    return tuple(out)


# A run of at least this many paragraphs that repeats an earlier run, in order, and makes
# at least _COPY_SHARE of the words is a second copy of the text (responsive layouts print
# the article twice), not a repeated section such as a meal plan's recurring day.
_COPY_MIN_PARAS = 10
_COPY_SHARE = 0.25


def drop_repeated_copy(paragraphs: Sequence[str]) -> tuple[str, ...]:
    """Remove a second printing of (much of) the article.

    Args:
        paragraphs: body paragraphs in order.

    Returns:
        The paragraphs without runs that repeat an earlier run and make a large share of
        the words.
    """
    keys = [line_key(p) for p in paragraphs]
    total = sum(len(k.split()) for k in keys)
    first: dict[str, int] = {}
    for i, key in enumerate(keys):
        first.setdefault(key, i)
    keep = [True] * len(keys)
    i = 0
    while i < len(keys):
        j = first.get(keys[i], i)
        n = 0
        while (
            j < i and i + n < len(keys) and j + n < i and keys[i + n] and keys[j + n] == keys[i + n]
        ):
            n += 1
        words = sum(len(k.split()) for k in keys[i : i + n])
        if n >= _COPY_MIN_PARAS and words >= _COPY_SHARE * total:
            keep[i : i + n] = [False] * n
        i += max(n, 1)
    return tuple(p for p, k in zip(paragraphs, keep, strict=True) if k)


# Lines that point readers elsewhere ("Read more: ...", "Lesen Sie auch", "Lea también"),
# wherever they stand in the body; only short lines, so real paragraphs are safe.
_PROMO_LINE = re.compile(
    r"^(?:read (?:more|also|next)|see also|more on this|related\s*:|"
    r"(?:lea|lee|vea|ver|leia) (?:también|tambien|também|más|mais)|lea\s*:|"
    r"te puede interesar|s[ií]gue?nos en|"
    r"lesen sie (?:auch|mehr|hier)|auch interessant|mehr zum thema|mehr themen|"
    r"schon gelesen|das könnte sie auch interessieren|"
    r"(?:à )?lire aussi|voir aussi|a lire également|"
    r"czytaj (?:też|także|więcej)|zobacz (?:też|także)|leggi anche)\b",
    re.I,
)


# Picture credits ("Foto: dpa", "Titelbild: ...", "Crédits photos : ..."), never text.
_CREDIT_LINE = re.compile(
    r"^(?:(?:titel|beitrags|vorschau|header|aufmacher)?bild(?:quelle|nachweis)?|fotos?|"
    r"photos?(?: credit)?|images?|cr[ée]dits?(?: photos?)?|copyright|grafik|illustration)\s*:",
    re.I,
)
# Advertising and affiliate disclosures ("*Werbung.", "Anzeige", "This post contains
# affiliate links", "we may earn a commission"); "Werbung nervt." is a sentence.
_DISCLOSURE_LINE = re.compile(
    r"^\W?(?:werbung|anzeige)\b(?!\s+\w)|^\W?(?:advertising |affiliate )?disclosure\b|"
    r"\b(?:this|the|our) (?:post|article|page|site|story|blog)\b.{0,25}"
    r"\b(?:contains?|includes?|uses?)\b.{0,25}\b(?:affiliate|werbung)|"
    r"\b(?:we|i)\b.{0,15}\b(?:earn|receive|get)\b.{0,25}\b(?:commission|compensation)|"
    r"enthält (?:affiliate|werbung)|affiliate[- ]links?\b.{0,80}\bprovision|"
    r"von denen .{0,40}eine provision",
    re.I,
)
# Captions that end in (or are) a picture credit: "Marco Odermatt. © AFP / M. Bertorello",
# "(Foto: Natacha Pisarenko/Pool)", "Fot. Lukasz Nowaczyk / Agencja Gazeta".
_CAPTION_CREDIT = re.compile(
    r"^©|©\s*[^.!?©:]{0,60}$|\((?:fotos?|photos?|bild|image|cr[ée]dits?)\s*:[^)]{0,80}\)\s*$|"
    r"^fot\.\s",
    re.I,
)
_MONTH = (
    r"(?:jan|feb|mär|mar|apr|mai|may|jun|jul|aug|sep|okt|oct|nov|dez|dec|janvier|février|mars|"
    r"avril|juin|juillet|août|septembre|octobre|novembre|décembre|enero|febrero|marzo|abril|"
    r"mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre)[a-zäéû]*\.?"
)
_DATE = (
    r"(?:\d{1,2}[./-]\s?\d{1,2}[./-]\s?\d{2,4}|\d{4}-\d{2}-\d{2}|"
    rf"\d{{1,2}}\.?\s+(?:de\s+)?{_MONTH}\s+(?:de\s+)?\d{{4}}|{_MONTH}\s+\d{{1,2}},?\s+\d{{4}})"
)
# A line that is only a date, or "Aktualisiert am 17.01.2021", "Last updated: 13 July 2020":
# page metadata (the date is extracted apart), not text.
_DATE_LINE = re.compile(
    r"(?:(?:zuletzt )?aktualisiert(?: am)?|letzte (?:änderung|aktualisierung)|"
    r"last (?:updated|modified)(?: on)?|updated(?: on)?|published(?: on)?|posted(?: on)?|"
    r"veröffentlicht(?: am)?|"
    rf"stand|datum|date)?\s*:?\s*{_DATE}"
    r"(?:,?\s*(?:um\s*)?\d{1,2}[:.]\d{2}(?:\s*(?:uhr|am|pm))?)?\.?",
    re.I,
)
# Buttons and links of the page's interface that extractors read as lines.
_UI_LINE = re.compile(
    r"^(?:auch lesen|weiterlesen|(?:\.\.\.|…)?\s*weiter zu|teilen sie dies mit|teilen mit|"
    r"share this(?: article| post| story| page)?\s*:?$|bild anzeigen|"
    r"vorschau auf den nächsten artikel|pour lire la suite|pour accéder en illimité|"
    r"lire la suite|leer más|seguir leyendo)\b",
    re.I,
)
# Page furniture printed as lines: reading time, a table-of-contents heading, a consent
# banner about cookies.
_FURNITURE_LINE = re.compile(
    r"^(?:\W\s*)?(?:\d+\s*[-–]?\s*(?:min(?:ute)?s?\.?|minuten?)\s*"
    r"(?:read(?:ing)?(?: time)?|lesezeit|de lecture|lectura)|"
    r"(?:estimated )?reading time\s*:?\s*\d*.{0,12}|lesezeit\s*:?\s*\d+.{0,10}|"
    r"(?:table of contents|contents|on this page|in this article|inhaltsverzeichnis|inhalt|"
    r"sommaire|índice|topics covered)\s*:?)$",
    re.I,
)
_COOKIE_BANNER = re.compile(
    r"\b(?:this|our) (?:website|site) uses cookies\b|\bwe use cookies\b|"
    r"\bwir verwenden cookies\b|\bnecessary cookies are\b|"
    r"\bcookies? (?:that )?may not be particularly necessary\b|\bcookie consent plugin\b",
    re.I,
)
# Rights notices and the buttons of a reprint box: "Copyright © 2023 NPR. All rights
# reserved.", "This copy is for your personal, non-commercial use only", "Order Reprints".
_RIGHTS_LINE = re.compile(
    r"\ball rights reserved\b|^(?:copyright\s*)?©\s*(?:copyright\s*)?\d{4}|"
    r"\bfor your personal,? non-commercial use only\b|"
    r"^(?:order reprints|print (?:this )?article|e-?mail (?:this )?article|"
    r"an error has occurred,? please try again|this article has been sent to)\b",
    re.I,
)
# What the site's software prints: PHP warnings ("Deprecated: ... on line 407") and the
# comment form's login prompt.
_SITE_NOTICE = re.compile(
    r"^(?:warning|notice|deprecated|fatal error|parse error)\s*:.{0,300}\bon line \d+|"
    r"\b(?:you must|du musst|sie müssen) (?:be )?(?:logged in|eingeloggt|angemeldet) (?:sein )?"
    r"(?:to (?:post|leave|write) a comment|um (?:einen )?kommentare? zu (?:schreiben|verfassen))",
    re.I,
)
# A call to sign up for a newsletter, wherever it stands (short lines only).
_NEWSLETTER = re.compile(r"\b(?:sign(?:ing)? up|subscrib(?:e|ing))\b.{0,40}\bnewsletter\b", re.I)
_COMMENT_COUNT = re.compile(
    r"^(?:keine kommentare|no comments|view comments|\d+ (?:comments?|kommentare)|"
    r"kommentare?(?: \(\d+\))?|comments? \(\d+\))\b",
    re.I,
)


# A paywall's prompt: the evidence of a stub (``_not_article``), and never article text.
_PAYWALL = re.compile(
    r"(subscribe|sign in|log in|register)\b.{0,60}\b(to (continue|keep) reading|to read (the|this) "
    r"(full )?(article|story))|this (article|content) is (only )?(available|reserved) "
    r"(to|for) (subscribers|members)|already a subscriber|"
    r"^to (view|read|access) (the|this) (full |entire )?(story|article)\b.{0,20}\bsubscribe|"
    r"^subscribe\b.{0,50}\bfor the full (story|article)",
    re.I,
)


# Each rule: the most words a line may have, and the test that marks it as not text.
_LINE_RULES: tuple[tuple[int, Callable[[str], object]], ...] = (
    (30, _PROMO_LINE.match),
    (25, _CREDIT_LINE.match),
    (60, _DISCLOSURE_LINE.search),
    (12, _COMMENT_COUNT.match),
    (40, _CAPTION_CREDIT.search),
    (12, _DATE_LINE.fullmatch),
    (15, _UI_LINE.match),
    (10, _FURNITURE_LINE.match),
    (60, _COOKIE_BANNER.search),
    (40, _PAYWALL.search),
    (30, _RIGHTS_LINE.search),
    (40, _SITE_NOTICE.search),
    (25, _NEWSLETTER.search),
)


def _not_text(line: str) -> bool:
    words = len(line.split())
    return any(words <= most and test(line) for most, test in _LINE_RULES)


def strip_promo_lines(paragraphs: Sequence[str]) -> tuple[str, ...]:
    """Drop short lines that are not the article's text, wherever they stand: "read also"
    links to other articles, picture credits, advertising disclosures, comment counts.

    Args:
        paragraphs: body paragraphs.

    Returns:
        The paragraphs without such lines.
    """
    return tuple(p for p in paragraphs if not _not_text(p.strip()))


# Headings of the boxes that follow articles ("Notas relacionadas", "Weitere Artikel zum
# Thema", "Top-Themen bei ...", "Most read"): near the end, the article ended there.
_BOX_HEADING = re.compile(
    r"(?:notas relacionadas|noticias relacionadas|art[ií]culos relacionados|m[aá]s sobre .{0,40}|"
    r"related (?:articles|stories|posts|content|coverage)|more (?:stories|news|articles)|"
    r"weitere (?:artikel|beiträge|themen|nachrichten|news|meldungen|tourentipps)\b.{0,40}|"
    r"(?:aktuelle|top)[- ]themen\b.{0,40}|beiträge aus dem forum|kommentierte artikel|"
    r"meistgelesen|meist[- ](?:gelesen|diskutiert|kommentiert)|zum weiterlesen|"
    r"à lire (?:aussi|également)|articles similaires|sur le même sujet|most (?:read|popular))"
    r"\s*:?",
    re.I,
)
# Calls to subscribe, follow a channel, install the app or donate, among the last lines.
_CALL_LINE = re.compile(
    r"(?:^|[.!?]\s+)(?:(?:dann|then|jetzt|now)\s+)?(?:sign up|subscribe|abonnieren sie|"
    r"melden sie sich|inscr[ií]bete|suscr[ií]bete|abonnez-vous)\b.{0,80}\bnewsletter|"
    r"newsletter\b.{0,30}\b(?:anmelden|abonnieren)|"
    r"^zum newsletter|"
    r"(?:canal|channel|kanal) de (?:telegram|youtube|whatsapp)|"
    r"(?:telegram|youtube|whatsapp)[- ](?:kanal|channel)|download (?:the|our)\b.{0,40}\bapps?\b|"
    r"^(?:unterstützen sie|unterstütze|spenden sie|jetzt spenden|donate|support us|spendenkonto)\b",
    re.I,
)


def strip_trailing_blocks(paragraphs: Sequence[str]) -> tuple[str, ...]:
    """Drop sign-off and promo lines that trail an article.

    Args:
        paragraphs: body paragraphs in order.

    Returns:
        The paragraphs without the trailing block; an "end of message" marker also drops
        everything after it.
    """
    paras = list(paragraphs)
    for i in range(max(2, len(paras) - 8), len(paras)):
        if _BOX_HEADING.fullmatch(paras[i].strip()):
            paras = paras[:i]
            break
    # Only the last few lines are looked at: a marker deep in the body is text.
    window = max(0, len(paras) - 6)
    for i in range(window, len(paras)):
        if re.fullmatch(
            r"end of (?:the )?(?:message|story|article|report)\.?|-30-|###|"
            r"(?:tags|tagged(?: with)?|topics|keywords|schlagwörter|etiquetas|mots-clés)\s*:?",
            paras[i].strip(),
            re.I,
        ):
            paras = paras[:i]
            break
    last = max(0, len(paras) - 6)
    paras = paras[:last] + [
        p for p in paras[last:] if not (len(p.split()) <= 40 and _CALL_LINE.search(p.strip()))
    ]
    while paras and (_TAIL_LINE.match(paras[-1].strip()) or _short_caps(paras[-1].strip())):
        paras.pop()
    # Two cut-off excerpts in a row ("... para …") are teasers of other posts: the
    # article ended before them, when such excerpts make most of what follows.
    for i in range(1, len(paras) - 1):
        if _teaser(paras[i]) and _teaser(paras[i + 1]):
            tail = paras[i:]
            teaser_words = sum(len(p.split()) for p in tail if _teaser(p))
            if 2 * teaser_words >= sum(len(p.split()) for p in tail):
                paras = paras[:i]
            break
    return tuple(paras)


_CUT_OFF = re.compile(r"(?:…|\.\.\.|\[…\]|\[\.\.\.\])\s*$")


def _teaser(paragraph: str) -> bool:
    return len(paragraph.split()) >= 15 and bool(_CUT_OFF.search(paragraph))


# ------------------------------------------------------------------ outlet boilerplate


def _bp_key(paragraph: str) -> str:
    return re.sub(r"\d+", "0", line_key(paragraph))[:300]


@dataclass(slots=True)
class OutletBoilerplate:
    """Lines that one outlet repeats across its articles, learnt as articles arrive.

    A line seen in at least ``min_count`` articles of a site, and in at least
    ``min_share`` of the articles seen from it, is boilerplate for that site.
    """

    min_count: int = 3
    min_share: float = 0.2
    max_keys: int = 3000  # per site; the rarest lines are forgotten past it
    docs: Counter[str] = field(default_factory=Counter)
    lines: dict[str, Counter[str]] = field(default_factory=dict)

    def observe(self, site: str, paragraphs: Sequence[str]) -> None:
        """Count the lines of one article of ``site``.

        Args:
            site: the outlet (site name or host).
            paragraphs: the article's paragraphs.
        """
        if not site:
            return
        self.docs[site] += 1
        counts = self.lines.setdefault(site, Counter())
        # In paragraph order, not set order: ties in most_common() then break the same way
        # in every process (string hashes are salted per process).
        counts.update(dict.fromkeys((k for k in map(_bp_key, paragraphs) if k), 1))
        self._forget_rarest(counts)

    def add(self, other: OutletBoilerplate) -> None:
        """Add what ``other`` counted (another worker's articles) to this model.

        Args:
            other: a model that observed other articles.
        """
        for site, docs in other.docs.items():
            self.docs[site] += docs
            counts = self.lines.setdefault(site, Counter())
            counts.update(other.lines.get(site, Counter()))
            self._forget_rarest(counts)

    def _forget_rarest(self, counts: Counter[str]) -> None:
        if len(counts) > self.max_keys:
            for key, _ in counts.most_common()[self.max_keys // 2 :]:
                del counts[key]

    def is_boilerplate(self, site: str, paragraph: str) -> bool:
        """Whether ``paragraph`` is one of the site's recurring lines."""
        seen = self.lines.get(site)
        if not seen:
            return False
        count = seen.get(_bp_key(paragraph), 0)
        return count >= self.min_count and count >= self.min_share * self.docs[site]

    def strip(self, site: str, paragraphs: Sequence[str]) -> tuple[str, ...]:
        """Remove the site's learnt boilerplate lines.

        Args:
            site: the outlet.
            paragraphs: an article's paragraphs.

        Returns:
            The paragraphs that are not boilerplate, in order.
        """
        return tuple(p for p in paragraphs if not self.is_boilerplate(site, p))

    def to_json(self) -> str:
        """Serialise what was learnt (the store keeps it between runs)."""
        return json.dumps(
            {
                "min_count": self.min_count,
                "min_share": self.min_share,
                "max_keys": self.max_keys,
                "docs": dict(self.docs),
                "lines": {site: dict(c) for site, c in self.lines.items()},
            }
        )

    @classmethod
    def from_json(cls, s: str) -> OutletBoilerplate:
        """Load what ``to_json`` wrote."""
        data = json.loads(s)
        return cls(
            min_count=int(data.get("min_count", 3)),
            min_share=float(data.get("min_share", 0.2)),
            max_keys=int(data.get("max_keys", 3000)),
            docs=Counter({str(k): int(v) for k, v in data.get("docs", {}).items()}),
            lines={
                str(s): Counter({str(k): int(v) for k, v in c.items()})
                for s, c in data.get("lines", {}).items()
            },
        )


# ----------------------------------------------------------------------- main stage


@dataclass(frozen=True, slots=True)
class _Fields:
    title: str
    paragraphs: tuple[str, ...]
    authors: tuple[str, ...] = ()
    published: datetime | None = None
    updated: datetime | None = None
    site_name: str = ""
    url: str = ""
    lang_hint: str = ""
    og_type: str = ""
    summary: str = ""


def _sane_canonical(canonical: str, base: str) -> str:
    if not canonical:
        return ""
    try:
        if canonical.startswith("/") and base:
            parts = urlsplit(base)
            canonical = f"{parts.scheme}://{parts.netloc}{canonical}"
        checked = courlan.check_url(canonical, strict=False)
        if not checked:
            return ""
        url, _domain = checked
        # A canonical that points at the site's home page is a misconfiguration.
        if urlsplit(url).path in {"", "/"} and urlsplit(base).path not in {"", "/"}:
            return ""
    except ValueError:  # a malformed URL (urllib raises on ``http://[::1/a``) is no canonical
        return ""
    return str(url)


# The precision pass is kept only when it keeps this share of the default pass's words:
# below it, it has probably cut article text, not boilerplate.
_PRECISE_MIN_SHARE = 0.6
# A default pass shorter than this many words may have missed the body: a recall pass
# that finds more than _RECALL_GAIN times as much text replaces it.
_SHORT_WORDS = 1000
_RECALL_GAIN = 2.0


def _second_opinion(
    pristine: HtmlElement, text: str, declared_article: bool, settings: dict[str, Any]
) -> str:
    """Second trafilatura pass where the first one's output looks wrong or loose.

    A short output gets a recall-oriented pass; a page that declares itself an article
    (``og:type``) gets a precision-oriented pass, kept when it cut little text.
    """
    words = len(text.split())
    if words < _SHORT_WORDS:
        wide = trafilatura.bare_extraction(
            deepcopy(pristine), favor_recall=True, fast=True, **settings
        )
        if (
            wide is not None
            and not isinstance(wide, dict)
            and wide.text
            and (len(str(wide.text).split()) > _RECALL_GAIN * words)
        ):
            return str(wide.text)
    if declared_article and text:
        precise = trafilatura.bare_extraction(
            deepcopy(pristine), favor_precision=True, fast=True, **settings
        )
        if precise is None or isinstance(precise, dict) or not precise.text:
            return text
        if len(str(precise.text).split()) >= _PRECISE_MIN_SHARE * words:
            return str(precise.text)
    return text


# The paragraph block that replaces an extraction holds at least this many words, and at
# least _BLOCK_GAIN times as many as the extraction. Measured on the three benchmarks:
# at 1.3 and 100 words it also replaced good AEB extractions (AEB 0.9759 -> 0.9749).
_BLOCK_MIN_WORDS = 150
_BLOCK_GAIN = 2.0


def _densest_block(pristine: HtmlElement, text: str, settings: dict[str, Any]) -> str:
    """The page's largest block of paragraphs, where the extraction is much shorter.

    trafilatura takes the first container its rules name; on some pages that is a teaser
    list or a menu while the article's paragraphs sit in a container of their own. The
    parent holding the most paragraph words (outside comments, footers and the like) is
    extracted on its own when it holds far more text than the extraction.
    """
    need = max(_BLOCK_MIN_WORDS, _BLOCK_GAIN * len(text.split()))
    words: Counter[int] = Counter()
    first: dict[int, HtmlElement] = {}  # a paragraph of each parent (keeps the proxies alive)
    for element in pristine.iter("p"):
        parent = element.getparent()
        if parent is not None:
            words[id(parent)] += len(element.text_content().split())
            first.setdefault(id(parent), element)
    block = None
    for key, count in words.most_common():
        if count < need:
            return text
        if not _off_body(first[key]):
            block = first[key].getparent()
            break
    if block is None:
        return text
    wrapper = document_fromstring("<html><body></body></html>")
    wrapper.body.append(deepcopy(block))
    doc = trafilatura.bare_extraction(wrapper, favor_recall=True, fast=True, **settings)
    if doc is None or isinstance(doc, dict) or not doc.text:
        return text
    return str(doc.text)


# Containers whose paragraphs are never the article's, however their parent looks.
_OFF_BODY = re.compile(r"comment|related|footer|sidebar|promo|newsletter|recommend|share", re.I)
_OFF_BODY_TAGS = frozenset({"nav", "footer", "aside", "header", "form"})


def _off_body(element: HtmlElement, tags: frozenset[str] = _OFF_BODY_TAGS) -> bool:
    for node in element.iterancestors():
        if node.tag in tags:
            return True
        if _OFF_BODY.search(f"{node.get('class', '')} {node.get('id', '')}"):
            return True
    return False


def expand_chunks(pristine: HtmlElement, paragraphs: Sequence[str]) -> tuple[str, ...]:
    """Add the paragraphs of body chunks the extractor left out.

    Many sites split one article body into several sibling containers of the same class
    (between them: ads, embeds, "most read" boxes); extractors often keep only the first.
    Paragraphs whose parent element has the same tag and class as the parents of the
    extracted paragraphs are body text too; they are added in document order.
    """
    index: dict[str, tuple[int, HtmlElement]] = {}
    for i, element in enumerate(pristine.iter("p")):
        index.setdefault(line_key(element.text_content()), (i, element))
    found = [index[k] for k in map(line_key, paragraphs) if k in index]
    if len(found) < 2:
        return tuple(paragraphs)
    signatures = Counter(
        (parent.tag, parent.get("class", ""))
        for _, element in found
        if (parent := element.getparent()) is not None and parent.get("class")
    )
    body = {sig for sig, n in signatures.items() if n >= 2}
    if not body:
        return tuple(paragraphs)
    have = {line_key(p) for p in paragraphs}
    # Only other chunks: what the extractor dropped inside a chunk it read, it dropped
    # on purpose (captions, ads, promos).
    parents = [parent for _, element in found if (parent := element.getparent()) is not None]
    read = {id(parent) for parent in parents}  # the list keeps lxml's proxies (and ids) alive
    extra: list[tuple[int, str]] = []
    for key, (i, element) in index.items():
        parent = element.getparent()
        if (
            not key
            or key in have
            or parent is None
            or id(parent) in read
            or (parent.tag, parent.get("class", "")) not in body
            or _off_body(element)
        ):
            continue
        extra.append((i, " ".join(element.text_content().split())))
    if not extra:
        return tuple(paragraphs)
    extra.sort()
    out: list[str] = []
    for para in paragraphs:
        at = index.get(line_key(para))
        while at is not None and extra and extra[0][0] < at[0]:
            out.append(extra.pop(0)[1])
        out.append(para)
    out.extend(text for _, text in extra)
    return tuple(out)


# The lead's class in English, German ("Teaser", "Vorspann"), French ("chapô"), Spanish
# ("bajada", "entradilla"), Portuguese ("sapo"). Not "dek", "summary", "description" or
# "excerpt": AEB and WCXB count such decks apart from the text (measured, see above).
_LEAD_CLASS = re.compile(
    r"(?:^|[\s_-])(?:lead|intro|standfirst|teaser|chapo|preface|vorspann|bajada|entradilla|sapo)"
    r"(?:[\s_-]|text|$)",
    re.I,
)
_LEAD_TAGS = ("p", "div", "h2", "span")
# A lead is a sentence or two; a shorter line in a lead box is a kicker or a promo.
_LEAD_MIN_WORDS = 12
_OFF_LEAD_TAGS = _OFF_BODY_TAGS - {"header"}


def add_standfirst(
    pristine: HtmlElement, paragraphs: Sequence[str], title: str = ""
) -> tuple[str, ...]:
    """Put back the article's lead (standfirst) when the extractor left it out.

    News pages often print the lead in the article header, apart from the body, marked
    by its class ("lead", "intro", "standfirst"); extractors that keep
    only the body container miss the story's most important sentences.
    """
    # The lead goes after a copy of the headline that opens the body (it is dropped later).
    at = 0
    while at < len(paragraphs) and title and title_eq(paragraphs[at], title):
        at += 1
    if at == len(paragraphs):
        return tuple(paragraphs)
    first = line_key(paragraphs[at])
    body = " ".join(line_key(p) for p in paragraphs)
    for element in pristine.iter(*_LEAD_TAGS):
        is_lead = bool(_LEAD_CLASS.search(element.get("class", "")))
        if element.tag != "p" and not is_lead:
            continue  # text_content() of every div would cost quadratic time
        text = " ".join(element.text_content().split())
        key = line_key(text)
        if key and key == first:
            return tuple(paragraphs)  # reached the body: no separate lead before it
        if not is_lead or key in body:
            continue
        if next(element.iter("script", "style", "h1", "time", "figure"), None) is not None:
            continue  # a header block (kicker, headline, date), not the lead itself
        linked = sum(len(a.text_content().split()) for a in element.iter("a"))
        words = len(key.split())
        # An article's own <header> is where leads are printed.
        if (
            _LEAD_MIN_WORDS <= words <= 80
            and linked < words / 2
            and not _off_body(element, _OFF_LEAD_TAGS)
        ):
            return (*paragraphs[:at], text, *paragraphs[at:])
    return tuple(paragraphs)


# Text a reader never sees in the flow of the article: hover cards ("rollover" people
# blocks) and tooltips inside the text, which extractors read as body text. (Elements
# hidden with display:none stay: collapsed FAQ answers and tabs are content.)
_HIDDEN = (
    "//*[contains(@class, 'tooltip') or contains(@class, 'popover')"
    " or contains(@class, 'hovercard') or contains(@class, 'rollover')]"
)


def drop_hidden(tree: HtmlElement) -> None:
    """Remove hover cards and tooltips from the page, in place."""
    for element in tree.xpath(_HIDDEN):
        if element.getparent() is not None and element.tag not in {"html", "body"}:
            element.drop_tree()


# trafilatura discards every element whose class says "embed" (social embeds); site
# builders also wrap data tables in such containers (Webflow's "w-embed").
_EMBED_TABLES = "//*[contains(@class, 'embed')][.//table][not(.//iframe)]"


# Collapsed accordion and FAQ panels ("kt-accordion-panel-hidden", "collapse hidden") are
# content a reader opens; trafilatura discards classes that say "hidden".
_COLLAPSED = (
    "//*[contains(@class, 'hidden')][contains(@class, 'accordion')"
    " or contains(@class, 'collapse') or contains(@class, 'faq')]"
)


def keep_embedded_tables(tree: HtmlElement) -> None:
    """Take "embed" out of the class of containers that hold a table, in place."""
    for element in tree.xpath(_EMBED_TABLES):
        element.set("class", re.sub(r"embed", "", element.get("class", ""), flags=re.I))


def open_collapsed_panels(tree: HtmlElement) -> None:
    """Take "hidden" out of the class of collapsed accordion and FAQ panels, in place."""
    for element in tree.xpath(_COLLAPSED):
        element.set("class", re.sub(r"\S*hidden\S*", "", element.get("class", "")))


def _clean_site(name: str) -> str:
    """An outlet name, or "" for a URL or a copyright line posing as one."""
    name = " ".join(name.split())
    if not name or "©" in name or "copyright" in name.lower() or len(name) > 80:
        return ""
    if name.startswith(("http://", "https://", "www.")):
        return _host(name if "//" in name else f"http://{name}")
    return name


# Broken templates close the document early and go on: lxml then leaves all that follows
# outside the tree. Without these tags the parser closes the document at its real end.
_EARLY_CLOSE = re.compile(r"</(?:body|html)\s*>", re.I)


def _html_fields(html: str, url: str, options: ExtractOptions) -> _Fields | Rejected:
    tree = load_html(_EARLY_CLOSE.sub("", html))
    if tree is None:
        return Rejected("not_html", "no parsable HTML")
    meta = _page_meta(tree)
    drop_hidden(tree)
    keep_embedded_tables(tree)
    open_collapsed_panels(tree)
    settings: dict[str, Any] = {
        "url": url or None,
        "include_comments": False,
        "include_tables": options.include_tables,
        "include_formatting": False,
    }
    # trafilatura modifies the tree it is given: second opinions work on copies.
    pristine = deepcopy(tree) if options.second_opinion else None
    doc = trafilatura.bare_extraction(tree, with_metadata=True, **settings)
    if doc is None and pristine is not None:  # nothing found: one wider look
        doc = trafilatura.bare_extraction(
            deepcopy(pristine), with_metadata=True, favor_recall=True, **settings
        )
    if doc is None or isinstance(doc, dict):
        return _Fields(
            title=_pick_title(meta, "", meta.site_name, url), paragraphs=(), og_type=meta.og_type
        )
    text = str(doc.text or "")
    if pristine is not None:
        text = _second_opinion(pristine, text, meta.og_type.startswith("article"), settings)
        text = _densest_block(pristine, text, settings)
    paragraphs = tuple(p.strip() for p in text.split("\n") if p.strip())
    site = _clean_site(meta.site_name) or _clean_site(str(doc.sitename or ""))
    title = _pick_title(meta, str(doc.title or ""), site, url)
    if pristine is not None:
        paragraphs = add_standfirst(pristine, expand_chunks(pristine, paragraphs), title)
    authors: tuple[str, ...] = tuple(dict.fromkeys(meta.ld_authors)) or _split_authors(
        str(doc.author or "")
    )
    modified = _parse_date(meta.ld_modified)
    published = _pick_published(_parse_date(str(doc.date or "")), meta.ld_published, modified)
    return _Fields(
        title=title,
        paragraphs=paragraphs,
        authors=authors,
        published=published,
        updated=modified,
        site_name=site,
        url=_sane_canonical(meta.canonical, url),
        lang_hint=meta.lang or str(doc.language or ""),
        og_type=meta.og_type,
    )


def _text_fields(text: str, title: str) -> _Fields:
    lines = [line.strip() for line in text.replace("\r", "").split("\n")]
    paragraphs = [line for line in lines if line]
    if (
        not title
        and paragraphs
        and len(paragraphs[0].split()) <= 20
        and not paragraphs[0].endswith((".", "!", "?"))
    ):
        title = paragraphs.pop(0)
    return _Fields(title=title, paragraphs=tuple(paragraphs))


def _as_str(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _json_fields(
    body: bytes, headers: dict[str, str], options: ExtractOptions
) -> _Fields | Rejected:
    try:
        record = json.loads(decode(body, _header(headers, "content-type")))
    except (json.JSONDecodeError, ValueError):
        return Rejected("not_article", "not a JSON object")
    if not isinstance(record, dict):
        return Rejected("not_article", "not a JSON object")
    url = _as_str(record.get("url"))
    title = _as_str(record.get("title"))
    fields: _Fields | Rejected
    if _as_str(record.get("html")):
        fields = _html_fields(record["html"], url, options)
        if isinstance(fields, Rejected):
            return fields
    else:
        fields = _text_fields(_as_str(record.get("text")), title)
    authors = record.get("authors") or record.get("author")
    names = (
        tuple(str(a) for a in authors)
        if isinstance(authors, list)
        else _split_authors(authors)
        if isinstance(authors, str)
        else fields.authors
    )
    date = _parse_date(_as_str(record.get("published")) or _as_str(record.get("date")))
    return _Fields(
        title=title or fields.title,
        paragraphs=fields.paragraphs,
        authors=names or fields.authors,
        published=date or fields.published,
        updated=fields.updated,
        site_name=_as_str(record.get("site_name"))
        or _as_str(record.get("outlet"))
        or fields.site_name,
        url=fields.url or url,
        lang_hint=_as_str(record.get("language")) or fields.lang_hint,
        og_type=fields.og_type,
        summary=_as_str(record.get("summary")),
    )


def _not_article(fields: _Fields, words: int) -> str:
    if fields.og_type.startswith("video") and words < 150:
        return "video page"
    text = " ".join(fields.paragraphs)
    if words < 200 and _PAYWALL.search(text):
        return "paywall stub"
    if len(fields.paragraphs) >= 12:
        short = sum(len(p.split()) <= 6 for p in fields.paragraphs)
        if short / len(fields.paragraphs) > 0.7:
            return "index page: mostly short link lines"
    return ""


def _hostname(url: str) -> str:
    """The URL's host, or '' when it has none or urllib cannot read it (``http://[::1/a``)."""
    try:
        return urlsplit(url).hostname or ""
    except ValueError:
        return ""


def _host(url: str) -> str:
    return _hostname(url).removeprefix("www.")


_PLAUSIBLE_FROM = datetime(1900, 1, 1, tzinfo=UTC)


def _published(page: datetime | None, feed: datetime | None, fetched: datetime) -> datetime | None:
    """The page's date, unless it is a bare year (htmldate's guess from the text reads
    "in 2021" as 2021-01-01) and the feed gives a real one. A date before 1900 or after
    the fetch (a day's grace for clocks) is a parsing accident, not a publication date."""
    latest = (fetched if fetched.tzinfo else fetched.replace(tzinfo=UTC)) + timedelta(days=1)
    if page is not None and not _PLAUSIBLE_FROM <= page <= latest:
        page = None
    if feed is None:
        return page
    if page is None or (page.month, page.day, page.hour, page.minute) == (1, 1, 0, 0):
        return feed
    return page


def extract(
    raw: RawDocument,
    options: ExtractOptions | None = None,
    boilerplate: OutletBoilerplate | None = None,
) -> Article | Rejected:
    """Turn one raw document into an article, or say why it is not one.

    Args:
        raw: the document as fetched (HTML, a JSONL-dump record as JSON, or plain text).
        options: thresholds and switches; defaults when None.
        boilerplate: learnt outlet boilerplate to remove (not updated here: the caller
            observes the accepted article).

    Returns:
        The ``Article``, or ``Rejected`` with a reason: ``empty``, ``binary``, ``not_html``,
        ``too_short``, ``not_article`` or ``wrong_language``.
    """
    options = options or ExtractOptions()
    body = raw.body
    if not body or not body.strip():
        return Rejected("empty", "no content")
    if _is_binary(body):
        return Rejected("binary", "binary content")
    ctype = (raw.content_type or _header(raw.headers, "content-type") or "text/html").lower()
    url = raw.final_url or raw.url
    fields: _Fields | Rejected
    if "json" in ctype:
        fields = _json_fields(body, raw.headers, options)
    elif "html" in ctype or "xml" in ctype:
        text = decode(body, _header(raw.headers, "content-type"))
        if "<" not in text[:5000] and "<" not in text:
            return Rejected("not_html", "no markup in an HTML document")
        fields = _html_fields(text, url, options)
    elif ctype.startswith("text/plain"):
        fields = _text_fields(
            decode(body, _header(raw.headers, "content-type")), raw.feed_title.strip()
        )
    else:
        return Rejected("not_html", f"unsupported content type {ctype}")
    if isinstance(fields, Rejected):
        return fields
    site = fields.site_name or _host(fields.url or url)
    title_line = fields.title if options.drop_title_line else ""
    paragraphs = clean_paragraphs(fields.paragraphs, title_line)
    if options.strip_trailing:
        paragraphs = strip_trailing_blocks(strip_promo_lines(paragraphs))
    paragraphs = drop_repeated_copy(paragraphs)
    if boilerplate is not None:
        paragraphs = boilerplate.strip(site, paragraphs)
    words = sum(len(p.split()) for p in paragraphs)
    if words == 0 and options.min_words > 0:
        return Rejected("too_short", "no body text found")
    # Before the length check: a paywall stub's teaser is short, and "paywall stub" says why.
    if options.reject_non_articles and (why := _not_article(fields, words)):
        return Rejected("not_article", why)
    if words < options.min_words:
        return Rejected("too_short", f"{words} words < {options.min_words}")
    language = guess_language(" ".join(paragraphs), fields.lang_hint)
    if options.languages and language and language not in options.languages:
        return Rejected("wrong_language", f"{language} not in {','.join(options.languages)}")
    return Article(
        url=fields.url or url,
        title=fields.title or raw.feed_title.strip(),
        paragraphs=paragraphs,
        published_at=_published(fields.published, raw.feed_published, raw.fetched_at),
        updated_at=fields.updated,
        authors=clean_authors(fields.authors, site),
        site_name=fields.site_name or _host(fields.url or url),
        language=language,
        summary=raw.feed_summary.strip() or fields.summary,
        raw_id=raw.id,
        source_id=raw.source_id,
    )
