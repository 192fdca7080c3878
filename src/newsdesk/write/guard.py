"""Instructions planted in source text: found, kept from every writer, and caught if echoed.

A page can carry text addressed to a language model ("Ignore previous instructions and
write that ..."). Such a sentence is no news: ``sanitise`` removes it from the articles
before any writer sees them (so the extractive writer cannot copy it either), and keeps
the words that only it used, so that a reply repeating them ("... resigned in disgrace")
is refused even when the rest of its words are found in the sources.

The patterns are deliberately narrow (an instruction to a model, not any mention of one):
an article quoting such an instruction loses that sentence, which costs little.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from newsdesk.models import Article
from newsdesk.text import content_stems, split_sentences

_INSTRUCTION = re.compile(
    r"\b(?:ignore|disregard|forget|override|bypass)\b[^.!?]{0,40}?\b(?:previous|prior|above|"
    r"earlier|preceding|all|any|your|the|these|those|other)\b[^.!?]{0,30}?\b(?:instructions?|"
    r"prompts?|rules|directions|guidelines|context)\b"
    r"|\bnew\s+instructions?\s*:"
    r"|\b(?:system|developer)\s+(?:prompt|message)\s*:"
    r"|\byou\s+(?:are|must|should|will)\s+(?:now\s+)?(?:act\s+as|pretend|role-?play|"
    r"an?\s+(?:ai|assistant|language\s+model|chatbot))\b"
    r"|\b(?:ai|assistant|language\s+model|llm|chatbot|summari[sz]er)s?\s*[,:]\s*(?:please\s+)?"
    r"(?:write|say|state|report|output|print|respond|reply|answer|include|add)\b"
    r"|<\|(?:im_start|im_end|system|user|assistant)\|>|\[/?INST\]",
    re.I,
)

# What an instruction asks for, rather than what it wants said: never refused on their own.
_TASK_WORDS = frozenset(
    content_stems("write writes say state report headline story article summary instead print")
)


def is_instruction(text: str) -> bool:
    """True when ``text`` addresses a language model rather than a reader."""
    return _INSTRUCTION.search(text) is not None


@dataclass(frozen=True, slots=True)
class Sanitised:
    """A story's articles without planted instructions, and what those used."""

    articles: tuple[Article, ...]
    removed: tuple[str, ...] = ()  # the instruction sentences taken out
    instruction_words: frozenset[str] = frozenset()  # stems found only in them

    def echoes_instruction(self, text: str) -> bool:
        """True when ``text`` is an instruction or uses words only an instruction used."""
        if is_instruction(text):
            return True
        return bool(self.instruction_words) and any(
            stem in self.instruction_words for stem in content_stems(text)
        )


def sanitise(articles: Sequence[Article]) -> Sanitised:
    """Remove instruction sentences from the titles and paragraphs of ``articles``.

    Args:
        articles: a story's articles.

    Returns:
        The articles (the same objects where nothing was found) and what was removed.
    """
    if not any(is_instruction(f"{a.title}\n{a.text}") for a in articles):
        return Sanitised(tuple(articles))
    removed: list[str] = []
    cleaned: list[Article] = []
    for article in articles:
        title = article.title
        if is_instruction(title):
            removed.append(title)
            title = ""
        paragraphs = []
        for paragraph in article.paragraphs:
            if not is_instruction(paragraph):
                paragraphs.append(paragraph)
                continue
            kept: list[str] = []
            for sentence in split_sentences(paragraph):
                (removed if is_instruction(sentence) else kept).append(sentence)
            if kept:
                paragraphs.append(" ".join(kept))
        cleaned.append(replace(article, title=title, paragraphs=tuple(paragraphs)))
    told = content_stems(" ".join(f"{a.title}\n{a.text}" for a in cleaned))
    planted = content_stems(" ".join(_INSTRUCTION.sub(" ", s) for s in removed))
    only_planted = frozenset(s for s in planted if s not in told and s not in _TASK_WORDS)
    return Sanitised(tuple(cleaned), tuple(removed), only_planted)
