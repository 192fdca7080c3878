"""The daily digest: the period's top stories as Markdown, HTML e-mail and a site page.

``build_digest`` chooses and groups the stories (``build``); ``render`` writes a digest
as Markdown, plain text, HTML e-mail or the MIME message; ``site`` puts each day's digest
on the site with a feed of its own; ``daily`` makes the day's digest at the configured
time and sends it at most once (`watch` runs it after every pass).
"""

from newsdesk.digest.build import Digest, DigestItem, DigestNote, DigestOptions, build_digest
from newsdesk.digest.daily import DigestSend, daily, make_day, send_day, settle_killed_sends
from newsdesk.digest.render import FORMATS, html, markdown, message, render, text
from newsdesk.digest.site import write_pages

__all__ = [
    "FORMATS",
    "Digest",
    "DigestItem",
    "DigestNote",
    "DigestOptions",
    "DigestSend",
    "build_digest",
    "daily",
    "html",
    "make_day",
    "markdown",
    "message",
    "render",
    "send_day",
    "settle_killed_sends",
    "text",
    "write_pages",
]
