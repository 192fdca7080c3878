"""Guards for untrusted text: cleaned strings, http(s)-only links and contained paths.

Everything a source sent (titles, outlet names, URLs, languages) reaches the templates
only through these functions and Jinja2's autoescape, so no source markup is ever
rendered and no id or name can steer a file outside the output folder.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import Path
from urllib.parse import urlsplit

from newsdesk.errors import UnsafePathError

# C0 and C1 controls (minus tab and newline), bidi embeddings, overrides and isolates,
# the byte-order mark and non-characters: invisible, able to reorder what a reader sees,
# and (the controls) not allowed in XML 1.0 feeds.
_UNSAFE_CHARS = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufeff\ufffe\uffff"
    "\U0001fffe\U0001ffff]"
)
_LINE_SEPARATORS = re.compile("[\r\u2028\u2029]")
_SPACES = re.compile(r"[ \t]+")
_SAFE_PART = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,120}$")
_LANGUAGE = re.compile(r"^[a-z]{2,3}(-[a-z0-9]{2,8})?$")


def clean_text(value: object, limit: int = 20_000) -> str:
    """Plain text safe to show and to put in XML: controls and bidi overrides removed.

    Args:
        value: any value from a source; ``None`` gives "".
        limit: longest result in characters.

    Returns:
        The text, NFC-normalised, runs of spaces collapsed, trimmed.
    """
    if value is None:
        return ""
    text = unicodedata.normalize("NFC", str(value))
    text = _LINE_SEPARATORS.sub(" ", text)
    text = _UNSAFE_CHARS.sub("", text)
    text = _SPACES.sub(" ", text).strip()
    return text[:limit]


def safe_url(value: object) -> str | None:
    """The URL when it is an absolute http(s) URL with a host, else None.

    Args:
        value: a URL from a source.

    Returns:
        The cleaned URL, or None for javascript:, data:, relative or malformed ones.
    """
    text = clean_text(value, limit=4000)
    if not text or any(c.isspace() for c in text):
        return None
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return text


def slugify(value: object, limit: int = 60) -> str:
    """A lowercase ASCII file-name part for any text; never empty, never a path.

    Args:
        value: an outlet name, headline or other untrusted text.
        limit: longest slug before the fallback hash.

    Returns:
        Letters, digits and single hyphens; a short hash of the text when nothing is left.
    """
    text = clean_text(value, limit=1000)
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:limit].strip("-")
    if not slug:
        slug = "x" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:10]
    return slug


def language_code(value: object) -> str:
    """A BCP 47-like language code (``en``, ``pt-br``) or ``und`` when it is not one."""
    text = clean_text(value, limit=20).lower().replace("_", "-")
    return text if _LANGUAGE.match(text) else "und"


def safe_path(root: Path, *parts: str) -> Path:
    """``root/part/...`` for plain file-name parts, refusing anything that would escape.

    Args:
        root: the output folder.
        parts: folder and file names, each letters, digits, '.', '_' or '-'.

    Returns:
        The path, inside ``root``.

    Raises:
        UnsafePathError: a part is empty, a dot name, holds a separator, or escapes ``root``.
    """
    for part in parts:
        if not _SAFE_PART.match(part) or part.startswith(".") or ".." in part:
            raise UnsafePathError(f"unsafe path part {part!r}")
    base = root.resolve()
    path = base.joinpath(*parts).resolve()
    if not path.is_relative_to(base) or path == base:
        raise UnsafePathError(f"path {path} escapes {base}")
    return path
