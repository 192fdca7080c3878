"""Sending e-mail: STARTTLS, SSL and a login against a real SMTP server on loopback, and
each way a send fails, told apart (not sent: safe to retry; uncertain: may have arrived)."""

from __future__ import annotations

from dataclasses import replace
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest

from newsdesk.config import load_config
from newsdesk.mail import (
    MailNotSent,
    MailOptions,
    MailSettingsError,
    MailUncertain,
    new_message,
    send,
)
from smtp_loopback import CA_FILE, PASSWORD, USER, Inbox, SilentAfterData, free_port


def options(port: int, security: str = "starttls", **more: str) -> MailOptions:
    chosen: dict[str, Any] = {
        "host": "127.0.0.1",
        "port": port,
        "security": security,
        "ca_file": str(CA_FILE),
        "sender": "Newsdesk <news@example.org>",
        "operator": "ops@example.org",
        "timeout": 10,
    }
    return MailOptions(**(chosen | more))


def note(opts: MailOptions, to: list[str]) -> EmailMessage:
    return new_message(opts, to, "Übersicht: test", "Plain text, with ü.\n", "<p>HTML, ü</p>")


@pytest.mark.parametrize("security", ["starttls", "ssl"])
def test_a_message_with_both_parts_arrives_over_tls_with_a_login(security: str) -> None:
    with Inbox(security, login=True) as inbox:
        opts = options(inbox.port, security, username=USER, password=PASSWORD)
        to = ["a@example.org", "b@example.org"]
        message = new_message(
            opts, to, "Übersicht: test", "Plain ü.\n", "<p>HTML ü</p>", list_id="x <x.example>"
        )
        message_id = send(message, to, opts)
    [got] = inbox.messages
    assert got.logged_in_as == USER
    assert got.recipients == to and got.sender == "news@example.org"
    assert got.message["Message-ID"] == message_id
    assert got.message["Subject"] == "Übersicht: test"
    assert got.message["To"] == "undisclosed-recipients:;"  # recipients do not see each other
    assert got.message["List-Unsubscribe"] == "<mailto:ops@example.org?subject=unsubscribe>"
    assert got.message.get_content_type() == "multipart/alternative"
    plain = got.message.get_body(("plain",))
    html = got.message.get_body(("html",))
    assert plain is not None and plain.get_content().splitlines() == ["Plain ü."]
    assert html is not None and html.get_content().splitlines() == ["<p>HTML ü</p>"]
    assert all(b < 128 for b in got.raw)  # quoted-printable: any server takes it


def test_an_unknown_certificate_authority_is_refused() -> None:
    with Inbox("starttls") as inbox:
        opts = options(inbox.port, ca_file="")  # the system's CAs do not know the test CA
        with pytest.raises(MailNotSent, match=r"cannot reach 127\.0\.0\.1"):
            send(note(opts, ["a@example.org"]), ["a@example.org"], opts)
    assert inbox.messages == []


def test_a_wrong_login_is_refused_and_not_sent() -> None:
    with Inbox("starttls", login=True) as inbox:
        opts = options(inbox.port, username=USER, password="wrong")
        with pytest.raises(MailNotSent, match="refused the login"):
            send(note(opts, ["a@example.org"]), ["a@example.org"], opts)
    assert inbox.messages == []


def test_an_unreachable_server_is_not_sent() -> None:
    opts = options(free_port())
    with pytest.raises(MailNotSent, match=r"cannot reach 127\.0\.0\.1:\d+"):
        send(note(opts, ["a@example.org"]), ["a@example.org"], opts)


def test_a_refused_message_is_not_sent() -> None:
    with Inbox("none") as inbox:
        inbox.answer_with(lambda got: "554 5.7.1 Message rejected as spam")
        opts = options(inbox.port, "none")
        with pytest.raises(MailNotSent, match=r"554 5\.7\.1 Message rejected"):
            send(note(opts, ["a@example.org"]), ["a@example.org"], opts)
    assert inbox.messages == []


def test_no_answer_after_the_message_is_uncertain() -> None:
    with SilentAfterData() as server:
        opts = options(server.port, "none")
        with pytest.raises(MailUncertain, match="the server may have it"):
            send(note(opts, ["a@example.org"]), ["a@example.org"], opts)
    assert len(server.received) == 1 and b"Plain text" in server.received[0]


def test_a_server_without_starttls_is_not_trusted_with_the_message() -> None:
    with Inbox("none") as inbox:
        opts = options(inbox.port, "starttls")
        with pytest.raises(MailNotSent, match="does not offer STARTTLS"):
            send(note(opts, ["a@example.org"]), ["a@example.org"], opts)
    assert inbox.messages == []


@pytest.mark.parametrize(
    ("change", "error"),
    [
        ({"host": ""}, "e-mail needs mail.host set"),
        ({"sender": ""}, "e-mail needs mail.sender set"),
        ({"sender": "not an address"}, "'not an address' is not an e-mail address"),
        ({"username": USER}, "NEWSDESK_SMTP_USERNAME is set but NEWSDESK_SMTP_PASSWORD is not"),
        (
            {"username": USER, "password": PASSWORD, "security": "none"},
            "a login is never sent without TLS",
        ),
        ({"ca_file": "/nonexistent/ca.pem"}, "mail.ca_file /nonexistent/ca.pem is not a file"),
    ],
)
def test_a_missing_or_wrong_setting_is_one_clear_error(change: dict[str, str], error: str) -> None:
    opts = replace(options(free_port()), **change)
    with pytest.raises(MailSettingsError, match=error):
        send(note(options(1), ["a@example.org"]), ["a@example.org"], opts)
    with pytest.raises(MailSettingsError, match="no recipients"):
        options(1).check([])


def test_the_login_comes_from_the_environment_not_the_file(tmp_path: Path) -> None:
    config = load_config(
        tmp_path / "newsdesk.toml",
        env={
            "NEWSDESK_SMTP_USERNAME": USER,
            "NEWSDESK_SMTP_PASSWORD": PASSWORD,
            "NEWSDESK_MAIL_HOST": "smtp.example.org",
        },
    )
    opts = MailOptions.from_config(
        config, env={"NEWSDESK_SMTP_USERNAME": USER, "NEWSDESK_SMTP_PASSWORD": PASSWORD}
    )
    assert (opts.host, opts.username, opts.password) == ("smtp.example.org", USER, PASSWORD)
    assert (opts.port, opts.security) == (587, "starttls")
