"""The digest on the site: ``digest/YYYY-MM-DD.html`` per day, an index, and an Atom feed.

Pages are rendered from the digests kept in the store, in the site's look (they extend
the site's ``base.html``), and written only when their content changed, as the publish
stage writes its own.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from datetime import UTC, datetime

import jinja2

from newsdesk.digest.build import Digest, DigestOptions
from newsdesk.digest.render import NOTE_LABEL, long_date, period_text
from newsdesk.publish.safe import safe_path
from newsdesk.publish.site import environment, write_if_changed
from newsdesk.store.base import Store
from newsdesk.store.records import DigestRecord

FEED_PATH = "digest/feed.xml"
FEED_ENTRIES = 30
INDEX_DAYS = 366  # days listed on digest/index.html
ATOM_NS = "http://www.w3.org/2005/Atom"


def page_path(day: str) -> str:
    """The site-relative path of a day's digest page."""
    datetime.fromisoformat(day)  # a date, nothing else, names the file
    return f"digest/{day}.html"


def _environment() -> jinja2.Environment:
    env = environment()
    env.loader = jinja2.ChoiceLoader(
        [jinja2.PackageLoader("newsdesk.digest", "templates"), env.loader]  # type: ignore[list-item]
    )
    return env


def write_pages(store: Store, options: DigestOptions, days: int = FEED_ENTRIES) -> int:
    """Write the pages of the latest ``days`` digests, the index and the feed.

    Returns:
        How many files changed.
    """
    site = options.site
    records = store.digests(limit=INDEX_DAYS)
    env = _environment()
    changed = 0

    def write(relative: str, data: bytes) -> None:
        nonlocal changed
        folder, name = relative.split("/")
        changed += write_if_changed(safe_path(site.out_dir, folder, name), data)

    for record in records[:days]:
        digest = Digest.from_json(json.loads(record.content))
        page = env.get_template("page.html").render(
            options=site,
            root="../",
            headlines=[],
            digest=digest,
            date=long_date(digest.day),
            period=period_text(digest),
            note_label=NOTE_LABEL,
            canonical=site.absolute(page_path(record.day)),
        )
        write(page_path(record.day), page.encode("utf-8"))
    days_listed = [(r.day, long_date(r.day), _count(r)) for r in records]
    index = env.get_template("index.html").render(
        options=site, root="../", headlines=[], days=days_listed
    )
    write("digest/index.html", index.encode("utf-8"))
    write(FEED_PATH, feed(records[:FEED_ENTRIES], options))
    return changed


def _count(record: DigestRecord) -> int:
    data = json.loads(record.content)
    return sum(len(section["items"]) for section in data["sections"])


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM_NS}}}{tag}", attrs)
    if text is not None:
        element.text = text
    return element


def _iso(value: datetime) -> str:
    return value.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def feed(records: list[DigestRecord], options: DigestOptions) -> bytes:
    """An Atom feed with one entry per digest, newest first."""
    site = options.site
    root = ET.Element(f"{{{ATOM_NS}}}feed")
    _sub(root, "id", site.absolute(FEED_PATH))
    _sub(root, "title", f"{site.title}: daily digest")
    newest = max((r.made_at for r in records), default=datetime(1970, 1, 1, tzinfo=UTC))
    _sub(root, "updated", _iso(newest))
    _sub(root, "link", href=site.absolute(FEED_PATH), rel="self", type="application/atom+xml")
    _sub(root, "link", href=site.absolute("digest/index.html"), rel="alternate", type="text/html")
    _sub(_sub(root, "author"), "name", site.title)
    _sub(root, "generator", "newsdesk")
    for record in records:
        digest = Digest.from_json(json.loads(record.content))
        url = site.absolute(page_path(record.day))
        entry = _sub(root, "entry")
        _sub(entry, "id", url)
        _sub(entry, "title", f"Daily digest, {long_date(record.day)}", type="text")
        _sub(entry, "link", href=url, rel="alternate", type="text/html")
        _sub(entry, "published", _iso(record.made_at))
        _sub(entry, "updated", _iso(record.made_at))
        headlines = [item.headline for item in digest.items]
        summary = "; ".join(headlines) if headlines else "No story was published in this period."
        if digest.notes:
            summary += f" ({len(digest.notes)} correction or retraction notes)"
        _sub(entry, "summary", summary, type="text")
    ET.indent(root)
    # Written with the "atom" prefix publish.feeds registers: attributes stay unqualified.
    body: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return body + b"\n"
