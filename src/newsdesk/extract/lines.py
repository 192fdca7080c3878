"""Line rules: the lines of an extracted body that are not the article's text.

Titles and bylines at the top, promotional, credit, date, interface, rights and paywall
lines anywhere, the blocks that trail an article, and a second printing of the text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from newsdesk.text import title_eq, words


def line_key(text: str) -> str:
    """A paragraph reduced to its lower-case words, to match text across DOM and output."""
    return " ".join(words(text))


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


# A paywall's prompt: the evidence of a stub (``stage._not_article``), and never article text.
PAYWALL = re.compile(
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
    (40, PAYWALL.search),
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
