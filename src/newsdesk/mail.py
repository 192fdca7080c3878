"""E-mail out: SMTP with STARTTLS or SSL, for the daily digest and the operator's alerts.

``MailOptions.from_config`` reads the ``mail.*`` settings and the login from the
environment (NEWSDESK_SMTP_USERNAME, NEWSDESK_SMTP_PASSWORD), so no secret sits in the
config file. ``send`` tells the two ways a send can fail apart, because a digest must go
out at most once:

- ``MailNotSent``: the server cannot have the message (it could not be reached, the
  login or TLS failed, it refused the sender, every recipient or the message, or the
  connection broke before the message's end was handed over). Trying again is safe.
- ``MailUncertain``: the whole message was handed over and the connection broke before
  the server answered; it may have been accepted. Only the operator decides to resend.

The transaction (MAIL, RCPT, DATA) is run step by step for that reason: smtplib's
``sendmail`` does not say at which step a connection broke.
"""

from __future__ import annotations

import os
import re
import smtplib
import ssl
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import formatdate, getaddresses, make_msgid, parseaddr
from pathlib import Path

from newsdesk.config import Config, default
from newsdesk.errors import MailError

USERNAME_ENV, PASSWORD_ENV = "NEWSDESK_SMTP_USERNAME", "NEWSDESK_SMTP_PASSWORD"
_DOT_AT_LINE_START = re.compile(rb"(?m)^\.")


class MailSettingsError(MailError):
    """A mail setting or credential is missing or wrong; nothing was tried."""


class MailNotSent(MailError):
    """The server does not have the message: safe to try again."""


class MailUncertain(MailError):
    """The message was handed over and no answer came: the server may have it."""


@dataclass(frozen=True, slots=True)
class MailOptions:
    """How to reach the SMTP server, and who mail is from.

    Example: ``MailOptions(host="smtp.example.org", sender="news@example.org")``
    """

    host: str = default("mail.host")
    port: int = default("mail.port")
    security: str = default("mail.security")
    ca_file: str = default("mail.ca_file")
    sender: str = default("mail.sender")
    operator: str = default("mail.operator")
    timeout: float = default("mail.timeout")
    username: str = ""
    password: str = ""

    @classmethod
    def from_config(cls, config: Config, env: Mapping[str, str] | None = None) -> MailOptions:
        """The ``mail.*`` settings, with the login from ``env`` (default: the process's)."""
        env = os.environ if env is None else env
        return cls(
            host=str(config.get("mail.host")),
            port=int(config.get("mail.port")),
            security=str(config.get("mail.security")),
            ca_file=str(config.path_of("mail.ca_file")) if config.get("mail.ca_file") else "",
            sender=str(config.get("mail.sender")),
            operator=str(config.get("mail.operator")),
            timeout=float(config.get("mail.timeout")),
            username=env.get(USERNAME_ENV, ""),
            password=env.get(PASSWORD_ENV, ""),
        )

    def check(self, recipients: Sequence[str]) -> None:
        """Raise MailSettingsError, naming what to set, unless a send could be tried."""
        missing = [
            key
            for key, value in (("mail.host", self.host), ("mail.sender", self.sender))
            if not value
        ]
        if missing:
            raise MailSettingsError(f"e-mail needs {' and '.join(missing)} set in the config")
        for address in (self.sender, *recipients):
            if not _is_address(address):
                raise MailSettingsError(f"{address!r} is not an e-mail address")
        if not recipients:
            raise MailSettingsError("no recipients: set digest.recipients (or alerts.recipients)")
        if self.username and not self.password:
            raise MailSettingsError(f"{USERNAME_ENV} is set but {PASSWORD_ENV} is not")
        if self.username and self.security == "none":
            raise MailSettingsError(
                "a login is never sent without TLS: set mail.security to starttls or ssl"
            )
        if self.ca_file and not Path(self.ca_file).is_file():
            raise MailSettingsError(f"mail.ca_file {self.ca_file} is not a file")


def _is_address(text: str) -> bool:
    _, address = parseaddr(text)
    local, _, domain = address.rpartition("@")
    return bool(local) and bool(domain) and not any(c.isspace() for c in address)


def new_message(
    options: MailOptions,
    recipients: Sequence[str],
    subject: str,
    text: str,
    html: str | None = None,
    *,
    list_id: str = "",
    automatic: bool = False,
) -> EmailMessage:
    """A message ready for ``send``: plain text, with an HTML alternative when given.

    Args:
        options: the sender, and the operator's address for List-Unsubscribe.
        recipients: who gets it; several are not shown to each other.
        subject: the subject line.
        text: the text/plain part.
        html: the text/html part (inline CSS, no scripts), or None.
        list_id: a List-Id for mail to a list (the digest); "" for none.
        automatic: mark it Auto-Submitted (alerts), so that no one auto-replies.

    Returns:
        The message; its parts are quoted-printable, so any server takes them.
    """
    message = EmailMessage(policy=SMTP)
    message["From"] = options.sender
    message["To"] = recipients[0] if len(recipients) == 1 else "undisclosed-recipients:;"
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=False, usegmt=True)
    domain = parseaddr(options.sender)[1].rpartition("@")[2] or None
    message["Message-ID"] = make_msgid(domain=domain)
    if list_id:
        message["List-Id"] = list_id
        if options.operator:
            address = parseaddr(options.operator)[1]
            message["List-Unsubscribe"] = f"<mailto:{address}?subject=unsubscribe>"
    if automatic:
        message["Auto-Submitted"] = "auto-generated"
    message.set_content(text, cte="quoted-printable")
    if html is not None:
        message.add_alternative(html, subtype="html", cte="quoted-printable")
    return message


def send(message: EmailMessage, recipients: Sequence[str], options: MailOptions) -> str:
    """Send ``message`` to ``recipients``; returns its Message-ID once the server took it.

    Raises:
        MailSettingsError: a setting is missing or wrong (nothing was tried).
        MailNotSent: the server does not have it.
        MailUncertain: it was handed over and no answer came.
    """
    options.check(recipients)
    envelope_to = [address for _, address in getaddresses(list(recipients))]
    body = _DOT_AT_LINE_START.sub(b"..", message.as_bytes(policy=SMTP))
    if not body.endswith(b"\r\n"):
        body += b"\r\n"
    server = _connect(options)
    try:
        _hand_over(server, parseaddr(options.sender)[1], envelope_to, body)
    finally:
        try:
            server.quit()
        except (smtplib.SMTPException, OSError):
            server.close()
    return str(message["Message-ID"])


def _tls(options: MailOptions) -> ssl.SSLContext:
    return ssl.create_default_context(cafile=options.ca_file or None)


def _connect(options: MailOptions) -> smtplib.SMTP:
    """A connected, greeted, secured and logged-in client; MailNotSent when it cannot be."""
    where = f"{options.host}:{options.port}"
    server: smtplib.SMTP | None = None
    try:
        if options.security == "ssl":
            server = smtplib.SMTP_SSL(
                options.host, options.port, timeout=options.timeout, context=_tls(options)
            )
        else:
            server = smtplib.SMTP(options.host, options.port, timeout=options.timeout)
        server.ehlo()
        if options.security == "starttls":
            if not server.has_extn("starttls"):
                raise MailNotSent(f"{where} does not offer STARTTLS (mail.security)")
            server.starttls(context=_tls(options))
            server.ehlo()
        if options.username:
            if not server.has_extn("auth"):
                raise MailNotSent(f"{where} offers no login (AUTH) for the credentials given")
            server.login(options.username, options.password)
        return server
    except MailNotSent:
        _close(server)
        raise
    except smtplib.SMTPAuthenticationError as exc:
        _close(server)
        raise MailNotSent(f"{where} refused the login ({_reply(exc)})") from None
    except (smtplib.SMTPException, OSError) as exc:
        _close(server)
        raise MailNotSent(f"cannot reach {where}: {_reason(exc)}") from None


def _hand_over(server: smtplib.SMTP, sender: str, to: Sequence[str], body: bytes) -> None:
    """MAIL, RCPT and DATA; the message counts as handed over once its final dot is sent."""
    try:
        code, reply = server.mail(sender)
        if code != 250:
            raise MailNotSent(f"the server refused the sender: {code} {_text(reply)}")
        refused = {}
        for address in to:
            code, reply = server.rcpt(address)
            if code not in (250, 251):
                refused[address] = f"{code} {_text(reply)}"
        if len(refused) == len(to):
            raise MailNotSent(f"the server refused every recipient: {refused}")
        code, reply = server.docmd("DATA")
        if code != 354:
            raise MailNotSent(f"the server refused the message: {code} {_text(reply)}")
        server.send(body + b".\r\n")
    except MailNotSent:
        raise
    except (smtplib.SMTPException, OSError) as exc:
        raise MailNotSent(
            f"the connection broke before the message was sent: {_reason(exc)}"
        ) from None
    try:
        code, reply = server.getreply()
    except (smtplib.SMTPException, OSError) as exc:
        raise MailUncertain(
            f"no answer after the message was handed over ({_reason(exc)}): the server may have it"
        ) from None
    if code != 250:
        raise MailNotSent(f"the server refused the message: {code} {_text(reply)}")


def _close(server: smtplib.SMTP | None) -> None:
    if server is not None:
        server.close()


def _text(reply: bytes | str) -> str:
    return reply.decode("utf-8", "replace") if isinstance(reply, bytes) else reply


def _reply(exc: smtplib.SMTPResponseException) -> str:
    return f"{exc.smtp_code} {_text(exc.smtp_error)}"


def _reason(exc: BaseException) -> str:
    if isinstance(exc, smtplib.SMTPResponseException):
        return _reply(exc)
    return str(exc) or type(exc).__name__
