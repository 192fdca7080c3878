"""Alerts: one e-mail when a condition starts, one when it ends, to a real SMTP server."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from newsdesk.alerts import AlertOptions, check_alerts
from newsdesk.config import load_config
from newsdesk.mail import MailOptions
from newsdesk.models import (
    Article,
    Draft,
    RawDocument,
    Sentence,
    Source,
    SourceHealth,
    SourceKind,
    StoryVersion,
)
from newsdesk.store import SQLiteStore
from smtp_loopback import Inbox, free_port

T0 = datetime(2025, 3, 4, 7, 0, tzinfo=UTC)
OPTIONS = AlertOptions(quiet_hours=6, source_failures=3, recipients=("ops@example.org",))


def mail_to(port: int) -> MailOptions:
    return MailOptions(host="127.0.0.1", port=port, security="none", sender="desk@example.org")


def write_version(store: SQLiteStore, at: datetime, n: int) -> None:
    raw_id, _ = store.add_raw(
        RawDocument(f"k{n}", f"https://a.example/{n}", f"https://a.example/{n}", 200, {}, b"x", at)
    )
    article_id = store.save_article(
        Article(f"https://a.example/{n}", "T", ("P.",), at, raw_id=raw_id)
    )
    story_id = store.create_story(at)
    store.add_to_story(story_id, article_id, at)
    draft = Draft("H", Sentence("S.", (article_id,)), ())
    store.save_version(StoryVersion(story_id, 1, draft, at, (article_id,)), None)


def test_alerts_fire_once_and_recover_once(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "t.db")
    write_version(store, T0, 1)
    feed = store.upsert_source(Source("https://feed.example/rss", SourceKind.FEED, "Example"))
    with Inbox("none") as inbox:
        mail = mail_to(inbox.port)
        assert check_alerts(store, OPTIONS, mail, T0 + timedelta(hours=1), T0) == []
        # Seven quiet hours, and the feed failed its third run in a row.
        store.save_source_health(
            SourceHealth(feed, failures=3, last_error="http_503", last_error_detail="Unavailable")
        )
        later = T0 + timedelta(hours=7)
        lines = check_alerts(store, OPTIONS, mail, later, T0)
        assert len(lines) == 2 and len(inbox.wait_for(1)) == 1
        [alert] = inbox.messages
        body = alert.message.get_content()
        assert alert.message["Subject"] == "newsdesk: 2 alerts"
        assert alert.message["Auto-Submitted"] == "auto-generated"
        assert alert.recipients == ["ops@example.org"]
        assert "No story has been written since 2025-03-04 07:00 UTC (7.0 hours" in body
        assert "Source Example (https://feed.example/rss) has failed 3 runs in a row" in body
        assert "http_503 (Unavailable)" in body
        # Still true an hour later: nothing new is sent.
        assert check_alerts(store, OPTIONS, mail, later + timedelta(hours=1), T0) == []
        assert len(inbox.messages) == 1
        # A story is written and the feed reads again: one recovery notice for both.
        write_version(store, later + timedelta(hours=2), 2)
        store.save_source_health(SourceHealth(feed, failures=0))
        recovered = check_alerts(store, OPTIONS, mail, later + timedelta(hours=2), T0)
        assert len(recovered) == 2
        assert all(
            r.startswith("RECOVERED (2025-03-04 16:00 UTC): no longer true") for r in recovered
        )
        assert len(inbox.wait_for(2)) == 2
        assert inbox.messages[1].message["Subject"] == "newsdesk: 2 recoveries"
        assert check_alerts(store, OPTIONS, mail, later + timedelta(hours=3), T0) == []
        assert len(inbox.messages) == 2
    store.close()


def test_an_alert_that_cannot_be_sent_is_sent_by_a_later_check(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "t.db")
    write_version(store, T0, 1)
    later = T0 + timedelta(hours=8)
    assert check_alerts(store, OPTIONS, mail_to(free_port()), later, T0) == []
    with Inbox("none") as inbox:
        lines = check_alerts(store, OPTIONS, mail_to(inbox.port), later, T0)
        assert len(lines) == 1 and len(inbox.wait_for(1)) == 1
    store.close()


def test_blocked_and_retired_sources_and_no_mail_server_raise_nothing(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "t.db")
    write_version(store, T0, 1)
    gone = store.upsert_source(Source("https://gone.example/rss", SourceKind.FEED))
    store.save_source_health(SourceHealth(gone, failures=9))
    store.retire_source(gone, T0)
    blocked = store.upsert_source(Source("https://blocked.example/rss", SourceKind.FEED))
    store.save_source_health(SourceHealth(blocked, failures=9))
    store.block_source("https://blocked.example/rss", "Spam.", T0)
    with Inbox("none") as inbox:
        assert check_alerts(store, OPTIONS, mail_to(inbox.port), T0, T0) == []
        no_server = replace(mail_to(inbox.port), host="")
        assert check_alerts(store, OPTIONS, no_server, T0 + timedelta(days=1), T0) == []
    assert store.open_alerts() == []
    store.close()


def test_alert_recipients_default_to_the_operator(tmp_path: Path) -> None:
    path = tmp_path / "newsdesk.toml"
    path.write_text('[mail]\noperator = "Ops <ops@example.org>"\n', encoding="utf-8")
    assert AlertOptions.from_config(load_config(path, env={})).recipients == (
        "Ops <ops@example.org>",
    )
    path.write_text(
        '[mail]\noperator = "ops@example.org"\n[alerts]\nrecipients = ["a@example.org"]\n',
        encoding="utf-8",
    )
    assert AlertOptions.from_config(load_config(path, env={})).recipients == ("a@example.org",)
