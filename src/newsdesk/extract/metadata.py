"""What a page says about itself: title, authors, dates, outlet, canonical URL, language.

Read from the page's declarations (``og:*``, JSON-LD, ``<h1>``, ``<title>``, ``<html lang>``)
and weighed against what trafilatura found; see docs/decisions/extract.md.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import courlan
from lxml.html import HtmlElement

from newsdesk.text import strip_outlet_name, title_eq, words
from newsdesk.text.urls import host_of


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
class PageMeta:
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
    section: str = ""  # article:section, which says a piece's kind (issue 20)
    ld_types: list[str] = field(default_factory=list)  # every JSON-LD @type on the page


def _first(tree: HtmlElement, xpath: str) -> str:
    for value in tree.xpath(xpath):
        text = " ".join(str(value).split())
        if text:
            return text
    return ""


def page_meta(tree: HtmlElement) -> PageMeta:
    meta = PageMeta(
        og_title=_first(tree, '//meta[@property="og:title" or @name="og:title"]/@content'),
        title_tag=_first(tree, "//head/title/text()") or _first(tree, "//title/text()"),
        og_type=_first(tree, '//meta[@property="og:type"]/@content').lower(),
        site_name=_first(tree, '//meta[@property="og:site_name"]/@content'),
        canonical=_first(tree, '//link[@rel="canonical"]/@href')
        or _first(tree, '//meta[@property="og:url"]/@content'),
        lang=_first(tree, "/html/@lang")
        or _first(tree, '//meta[@http-equiv="content-language"]/@content'),
        section=_first(tree, '//meta[@property="article:section"]/@content'),
    )
    h1s = tree.xpath("//h1")
    if h1s:
        meta.h1 = " ".join(h1s[0].text_content().split())
    for obj in _ld_objects(tree):
        kinds = obj.get("@type", "")
        for kind in kinds if isinstance(kinds, list) else [kinds]:
            if isinstance(kind, str) and kind not in meta.ld_types:
                meta.ld_types.append(kind)
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


def pick_title(meta: PageMeta, traf_title: str, site: str, url: str) -> str:
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


def parse_date(value: str | None) -> datetime | None:
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


def pick_published(
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
    published = parse_date(declared)
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


def split_authors(value: str) -> tuple[str, ...]:
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


def sane_canonical(canonical: str, base: str) -> str:
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


def clean_site(name: str) -> str:
    """An outlet name, or "" for a URL or a copyright line posing as one."""
    name = " ".join(name.split())
    if not name or "©" in name or "copyright" in name.lower() or len(name) > 80:
        return ""
    if name.startswith(("http://", "https://", "www.")):
        return host_of(name if "//" in name else f"http://{name}")
    return name


_PLAUSIBLE_FROM = datetime(1900, 1, 1, tzinfo=UTC)


def publication_date(
    page: datetime | None, feed: datetime | None, fetched: datetime
) -> datetime | None:
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
