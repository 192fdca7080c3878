"""The publish stage's options and the site's URL layout."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from newsdesk.classify.section import SECTIONS
from newsdesk.config import Config, default
from newsdesk.errors import ConfigError
from newsdesk.publish.safe import slugify


@dataclass(frozen=True, slots=True)
class SiteOptions:
    """Where and how the site is written.

    Example: ``SiteOptions(out_dir=Path("site"), base_url="https://news.example.org/")``
    """

    out_dir: Path
    title: str = default("site.title")
    base_url: str = default("site.base_url")
    stories_on_home: int = default("site.stories_on_home")
    headlines_in_list: int = default("site.headlines_in_list")
    half_life_hours: float = default("site.half_life_hours")
    sections: tuple[str, ...] = default("site.sections")
    default_section: str = default("site.default_section")

    @classmethod
    def from_config(cls, config: Config) -> SiteOptions:
        """The ``site.*`` settings of a loaded config.

        Args:
            config: the loaded configuration.

        Returns:
            The options, with ``base_url`` ending in '/'.
        """
        sections = tuple(str(s) for s in config.get("site.sections"))
        unknown = [s for s in sections if s not in SECTIONS]
        if unknown or not sections:
            raise ConfigError(
                f"site.sections: {', '.join(map(repr, unknown)) or 'none given'}: the "
                f"sections are {', '.join(SECTIONS)}"
            )
        fallback = str(config.get("site.default_section"))
        if fallback not in sections:
            raise ConfigError(f"site.default_section {fallback!r} is not one of site.sections")
        return cls(
            out_dir=config.path_of("site.dir"),
            title=str(config.get("site.title")),
            base_url=str(config.get("site.base_url")),
            stories_on_home=int(config.get("site.stories_on_home")),
            headlines_in_list=int(config.get("site.headlines_in_list")),
            half_life_hours=float(config.get("site.half_life_hours")),
            sections=sections,
            default_section=fallback,
        )

    @property
    def root_url(self) -> str:
        """``base_url`` with exactly one trailing '/'."""
        return self.base_url.rstrip("/") + "/"

    def absolute(self, relative: str) -> str:
        """The public address of a path inside the site (``stories/3.html``)."""
        return self.root_url + relative.lstrip("/")


def section_path(section: str) -> str:
    """The site-relative path of a section's page: ``sections/u-s.html`` for "U.S."."""
    return f"sections/{slugify(section)}.html"


def story_path(story_id: int) -> str:
    """The site-relative path of a story's page; it never changes when a story is rewritten."""
    return f"stories/{int(story_id)}.html"
