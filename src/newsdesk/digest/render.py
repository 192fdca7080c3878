"""A digest as Markdown, plain text, HTML e-mail and the MIME message that is sent.

The HTML is made for mail clients: tables for layout, every style inline, no script, no
image, no external resource; the text/plain part says the same. Every string in a digest
is already cleaned (``publish.safe``); Jinja2's autoescape escapes it for HTML, and
``_md`` escapes what Markdown would read as markup.
"""

from __future__ import annotations

import re
import textwrap
from datetime import datetime
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import parseaddr
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import jinja2

from newsdesk.digest.build import Digest, DigestItem
from newsdesk.errors import ExportError
from newsdesk.mail import MailOptions, MailSettingsError, new_message

FORMATS = ("markdown", "html", "email")
NOTE_LABEL = {"correction": "Correction", "retraction": "Retracted", "restoration": "Restored"}
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+!|~])")


def long_date(day: str) -> str:
    """ "Tuesday 4 March 2025" for "2025-03-04"."""
    value = datetime.fromisoformat(day)
    return f"{value:%A} {value.day} {value:%B %Y}"


def period_text(digest: Digest) -> str:
    """ "from 3 Mar 2025, 07:00 to 4 Mar 2025, 07:00 (UTC)", in the digest's time zone."""
    zone = ZoneInfo(digest.time_zone)

    def when(value: datetime) -> str:
        local = value.astimezone(zone)
        return f"{local.day} {local:%b %Y, %H:%M}"

    return f"from {when(digest.period_start)} to {when(digest.period_end)} ({digest.time_zone})"


def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("newsdesk.digest", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def html(digest: Digest, unsubscribe: str = "") -> str:
    """The HTML e-mail: inline CSS, no script, links to the site's story pages.

    Args:
        digest: the digest.
        unsubscribe: a mailto: link for the footer, or "".
    """
    first = digest.items[0].headline if digest.items else "No story in this period"
    return (
        _environment()
        .get_template("email.html")
        .render(
            digest=digest,
            date=long_date(digest.day),
            period=period_text(digest),
            preheader=first,
            note_label=NOTE_LABEL,
            unsubscribe=unsubscribe,
        )
    )


def _md(text: str) -> str:
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def _meta(item: DigestItem) -> str:
    return f"{item.outlets} outlet{'' if item.outlets == 1 else 's'} · {item.leaning_text}"


def markdown(digest: Digest) -> str:
    """The digest in Markdown: sections as headings, each story a linked heading."""
    lines = [f"# {_md(digest.title)}: daily digest, {long_date(digest.day)}", ""]
    lines += [f"Stories updated {period_text(digest)}.", ""]
    if digest.empty:
        lines += ["No story was published in this period.", ""]
    for name, items in digest.sections:
        lines += [f"## {_md(name)}", ""]
        for item in items:
            lines += [f"### [{_md(item.headline)}]({item.url})", ""]
            lines += [f"**{_md(note)}**" for note in item.notes]
            lines += [_md(" ".join(item.summary)), "", f"*{_md(_meta(item))}*", ""]
    if digest.notes:
        lines += ["## Corrections and retractions", ""]
        for note in digest.notes:
            label = NOTE_LABEL.get(note.kind, note.kind)
            lines.append(f"- **{label}:** [{_md(note.headline)}]({note.url}). {_md(note.note)}")
        lines.append("")
    return "\n".join(lines)


def text(digest: Digest, unsubscribe: str = "") -> str:
    """The text/plain alternative: the same stories, links spelled out."""

    def wrapped(value: str, indent: str = "  ") -> list[str]:
        return textwrap.wrap(value, 72, initial_indent=indent, subsequent_indent=indent)

    lines = [f"{digest.title}: daily digest, {long_date(digest.day)}", ""]
    if digest.empty:
        lines += ["No story was published in this period.", ""]
    for name, items in digest.sections:
        lines += [name.upper(), ""]
        for item in items:
            lines += wrapped(item.headline, "* ")
            for line in item.notes:
                lines += wrapped(line)
            lines += wrapped(" ".join(item.summary))
            lines += [f"  {_meta(item)}", f"  {item.url}", ""]
    if digest.notes:
        lines += ["CORRECTIONS AND RETRACTIONS", ""]
        for note in digest.notes:
            label = NOTE_LABEL.get(note.kind, note.kind)
            lines += wrapped(f"{label}: {note.headline}. {note.note}", "* ")
            lines += [f"  {note.url}", ""]
    lines += wrapped(f"Stories updated {period_text(digest)}.", "")
    lines.append(digest.site_url)
    if unsubscribe:
        lines.append(f"Unsubscribe: {unsubscribe}")
    return "\n".join(lines) + "\n"


def _list_id(digest: Digest) -> str:
    host = urlsplit(digest.site_url).hostname or "localhost"
    label = re.sub(r"[^A-Za-z0-9 .-]", "", digest.title).strip() or "newsdesk"
    return f"{label} daily digest <digest.{host}>"


def message(digest: Digest, mail: MailOptions, recipients: tuple[str, ...]) -> EmailMessage:
    """The digest as the e-mail that is sent: text and HTML alternatives, List-Unsubscribe.

    Raises:
        MailSettingsError: no sender or no recipients.
    """
    if not mail.sender:
        raise MailSettingsError("e-mail needs mail.sender set in the config")
    if not recipients:
        raise MailSettingsError("no recipients: set digest.recipients in the config")
    operator = parseaddr(mail.operator)[1]
    unsubscribe = f"mailto:{operator}?subject=unsubscribe" if operator else ""
    return new_message(
        mail,
        recipients,
        f"{digest.title}: {long_date(digest.day)}",
        text(digest, unsubscribe),
        html(digest, unsubscribe),
        list_id=_list_id(digest),
    )


def printable(message_: EmailMessage) -> str:
    """The whole MIME message as it would be sent, with newlines for a terminal."""
    return message_.as_string(policy=SMTP.clone(linesep="\n"))


def render(digest: Digest, fmt: str, mail: MailOptions, recipients: tuple[str, ...]) -> str:
    """``digest`` in one of ``FORMATS``: markdown, html, or email (the MIME message)."""
    if fmt == "markdown":
        return markdown(digest)
    if fmt == "html":
        return html(digest)
    if fmt == "email":
        return printable(message(digest, mail, recipients))
    raise ExportError(f"unknown format {fmt!r}: choose one of {', '.join(FORMATS)}")
