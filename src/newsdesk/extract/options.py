"""How the extract stage decides and cleans: ``ExtractOptions``."""

from __future__ import annotations

from dataclasses import dataclass

from newsdesk.config import Config, default


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
