"""A fact check's story: the claim it checks is never printed as if it stood.

A fact check tells the claim it rebuts ("“... it means that in potentially every single
case, they were FBI operatives,” Carlson asserted."), and its rebuttal is often in its
own voice ("... which we will do below"), which the neutral text cannot use. So a
sentence of a fact check that tells what someone claimed gives no sentence of the
neutral text (``tells_checked_claim``), and a text that cites a fact check carries its
finding: the piece's own title, attributed ("Snopes published a fact check headlined
“No, the Jan. 6 Attack on the Capitol Wasn’t an FBI False Flag”."), built from its
metadata like a Perspectives line, so that the verifier checks it the same way.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from newsdesk.models import Article, ArticleKind, Sentence
from newsdesk.text import clean_title
from newsdesk.text.sentences import QUOTED_SPAN
from newsdesk.text.titles import strip_outlet_name
from newsdesk.write.perspectives import capitalised, outlet_name, proper_name

# Who claimed what: a verb of saying or posting. A quotation with one is the claim in the
# claimant's words; without a quotation, the verbs that only a claim takes.
_SAYS = re.compile(
    r"\b(?:said|says|say|asserted|asserts|claimed|claims|claiming|alleged|alleges|"
    r"insisted|insists|suggested|suggests|wrote|writes|posted|posts|tweeted|tweets|"
    r"shared|stated|argued|argues|declared|read|reads)\b"
)
_CLAIMS = re.compile(
    r"\b(?:asserted|asserts|claimed|claiming|alleged|alleges|insisted|insists|purports)\b"
    # A post told in the checker's words is the claim too ("sent a tweet that sought to
    # encapsulate how stunning the Supreme Court's 9-0 decision was"): lower case, so that
    # "The Washington Post" is none.
    r"|\b(?:a|an|the|viral|Facebook|Instagram|TikTok|social media)\s+(?:\w+\s+)?"
    r"(?:tweet|post|meme|video|message)s?\s+(?:that|which|saying|claiming|suggesting)\b"
)


def tells_checked_claim(sentence: str) -> bool:
    """Whether a fact check's ``sentence`` tells what someone claimed: a quotation with a
    verb of saying ("“Dr Fauci exposed for the fraud he is,” said a June 2 Facebook
    post"), or a verb that only a claim takes ("Carlson asserted ...")."""
    quoted = QUOTED_SPAN.search(sentence)
    return bool((quoted and _SAYS.search(sentence)) or _CLAIMS.search(sentence))


def is_fact_check(article: Article) -> bool:
    return article.kind is ArticleKind.FACT_CHECK


def finding_line(article: Article) -> str:
    """The fact check's finding, attributed: its title quoted ("" where it has none)."""
    title = clean_title(strip_outlet_name(article.title, article.site_name, article.url))
    if not title:
        return ""
    named = capitalised(proper_name(outlet_name(article)))
    return f"{named} published a fact check headlined “{title}”."


def with_findings(
    summary: Sentence,
    paragraphs: tuple[tuple[Sentence, ...], ...],
    articles: Sequence[Article],
) -> tuple[tuple[Sentence, ...], ...]:
    """``paragraphs`` with, first, the finding of each fact check the text cites
    (``finding_line``), so that a claim it tells is never left standing alone."""
    cited = {i for s in (summary, *(s for p in paragraphs for s in p)) for i in s.sources}
    lines = []
    for article in articles:
        if is_fact_check(article) and article.id in cited and (line := finding_line(article)):
            lines.append(Sentence(line, (article.id,)))
    return (tuple(lines), *paragraphs) if lines else paragraphs
