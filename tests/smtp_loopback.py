"""Real SMTP servers on loopback for the mail tests.

``Inbox`` is aiosmtpd, the real server, with STARTTLS or implicit TLS from the test CA in
tests/fixtures/mail (its certificates are valid from 2000 to 2125), an optional login,
and a handler that keeps every message it accepted, parsed. ``SilentAfterData`` is the
one fault aiosmtpd cannot play: it takes the whole message and closes the connection
without answering, as a server that crashed after receiving it would.
"""

from __future__ import annotations

import email
import socket
import ssl
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.policy import default as default_policy
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

CERTS = Path(__file__).resolve().parent / "fixtures" / "mail"
CA_FILE = CERTS / "ca.pem"
USER, PASSWORD = "digest-bot", "s3cret-pass"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def server_tls() -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(CERTS / "server.pem", CERTS / "server.key")
    return context


@dataclass
class Received:
    """One message the server accepted."""

    sender: str
    recipients: list[str]
    raw: bytes
    message: EmailMessage
    logged_in_as: str | None


@dataclass
class _Handler:
    inbox: list[Received] = field(default_factory=list)
    # Called with the message before the server answers; returns the reply to give.
    on_data: Callable[[Received], str] | None = None

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        raw = bytes(envelope.original_content or envelope.content)
        parsed = email.message_from_bytes(raw, policy=default_policy)
        assert isinstance(parsed, EmailMessage)
        auth = getattr(session, "auth_data", None)
        login = auth.decode() if isinstance(auth, bytes) else None
        got = Received(envelope.mail_from, list(envelope.rcpt_tos), raw, parsed, login)
        reply = self.on_data(got) if self.on_data else "250 Message accepted for delivery"
        if reply.startswith("250"):
            self.inbox.append(got)
        return reply


def _authenticator(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> Any:
    ok = isinstance(data, LoginPassword) and (data.login, data.password) == (
        USER.encode(),
        PASSWORD.encode(),
    )
    if ok:
        return AuthResult(success=True, auth_data=USER.encode())
    return AuthResult(success=False, handled=False)


class Inbox:
    """aiosmtpd on 127.0.0.1: ``security`` is "starttls", "ssl" or "none"."""

    def __init__(self, security: str = "starttls", login: bool = False) -> None:
        self.port = free_port()
        self.handler = _Handler()
        kwargs: dict[str, Any] = {}
        if security == "starttls":
            kwargs.update(tls_context=server_tls(), require_starttls=True)
        if security == "ssl":
            # aiosmtpd does not see implicit TLS as TLS: let it offer AUTH all the same.
            kwargs.update(ssl_context=server_tls(), auth_require_tls=False)
        if login:
            # Required where aiosmtpd knows the session is encrypted (STARTTLS); offered
            # (and checked) under implicit TLS, where requiring it would warn.
            kwargs.update(authenticator=_authenticator, auth_required=security != "ssl")
        self.controller = Controller(
            self.handler, hostname="127.0.0.1", port=self.port, ready_timeout=10, **kwargs
        )

    @property
    def messages(self) -> list[Received]:
        return self.handler.inbox

    def wait_for(self, count: int, timeout: float = 20) -> list[Received]:
        """The accepted messages once there are ``count`` (the handler may still be busy)."""
        deadline = time.monotonic() + timeout
        while len(self.handler.inbox) < count and time.monotonic() < deadline:
            time.sleep(0.02)
        return self.handler.inbox

    def answer_with(self, on_data: Callable[[Received], str] | None) -> None:
        self.handler.on_data = on_data

    def __enter__(self) -> Inbox:
        self.controller.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.controller.stop()


class SilentAfterData:
    """Speaks plain SMTP until the message's final dot, then hangs up without an answer."""

    def __init__(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = int(self.listener.getsockname()[1])
        self.received: list[bytes] = []
        self.thread = threading.Thread(target=self._serve, daemon=True)

    def _serve(self) -> None:
        try:
            conn, _ = self.listener.accept()
        except OSError:
            return
        with conn, conn.makefile("rb") as reader:
            conn.settimeout(10)
            conn.sendall(b"220 127.0.0.1 ESMTP\r\n")
            for line in reader:
                verb = line[:4].upper()
                if verb in (b"EHLO", b"HELO"):
                    conn.sendall(b"250 127.0.0.1\r\n")
                elif verb == b"DATA":
                    conn.sendall(b"354 go ahead\r\n")
                    body = b""
                    for data_line in reader:
                        if data_line == b".\r\n":
                            break
                        body += data_line
                    self.received.append(body)
                    return  # the message is in; no answer comes
                else:
                    conn.sendall(b"250 ok\r\n")

    def __enter__(self) -> SilentAfterData:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.listener.close()
        self.thread.join(timeout=10)
