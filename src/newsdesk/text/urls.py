"""The host of a URL, as the stages name an outlet by it: one copy for all of them."""

from __future__ import annotations

from urllib.parse import urlsplit


def host_of(url: str) -> str:
    """The host name of ``url`` (lower case, without a leading "www."), or "" when it has
    none or urllib cannot read it (``http://[::1/a``)."""
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return ""
    return host.removeprefix("www.")
