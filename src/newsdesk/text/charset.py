"""Bytes to text for fetched documents: the declared charset, then the page's own, then a guess.

Servers often declare the wrong charset (a latin-1 page served as UTF-8), so a declared
charset is used only when the bytes really decode with it. Nothing here ever raises.
"""

from __future__ import annotations

import codecs
import re

import charset_normalizer

_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.I)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([\w.:-]+)["']""", re.I)
_SNIFF_BYTES = 5_000  # from each end of a long document: enough to guess, and fast


def header_charset(content_type: str) -> str:
    """The charset named in a Content-Type header, or ''."""
    found = _HEADER_CHARSET.search(content_type or "")
    return found.group(1) if found else ""


def document_charset(body: bytes) -> str:
    """The charset the document names itself (XML declaration or HTML meta), or ''."""
    head = body[:4096]
    found = _XML_ENCODING.search(head) or _META_CHARSET.search(head)
    return found.group(1).decode("ascii", "replace") if found else ""


def _strict(body: bytes, name: str) -> str | None:
    try:
        codecs.lookup(name)
        return body.decode(name)
    except (LookupError, UnicodeDecodeError):
        return None


def _guesses(body: bytes) -> list[str]:
    """Charsets charset-normalizer finds likely, best first, from the head and tail."""
    if len(body) < 2 * _SNIFF_BYTES:
        return [m.encoding for m in charset_normalizer.from_bytes(body)]
    sample = body[:_SNIFF_BYTES] + body[-_SNIFF_BYTES:]
    found = charset_normalizer.from_bytes(sample) or charset_normalizer.from_bytes(body)
    return [m.encoding for m in found]


def decode(body: bytes, content_type: str = "") -> str:
    """Decode ``body``: header charset, then meta/XML declaration, then UTF-8, then a guess.

    Args:
        body: the bytes as served.
        content_type: the Content-Type header, if any.

    Returns:
        The text; a guess is used only where it decodes every byte, and bytes that no
        candidate decodes are replaced, never an exception.
    """
    if body.startswith(codecs.BOM_UTF8):
        return body[len(codecs.BOM_UTF8) :].decode("utf-8", "replace")
    for name in (header_charset(content_type), document_charset(body), "utf-8"):
        if name and (text := _strict(body, name)) is not None:
            return text
    for name in _guesses(body):
        if (text := _strict(body, name)) is not None:
            return text
    return body.decode("utf-8", "replace")
