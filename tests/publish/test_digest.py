"""The daily digest: chosen and grouped, written three ways, put on the site with its own
feed, and sent once to a real SMTP server on loopback."""

from __future__ import annotations

import email
import json
from dataclasses import replace
from datetime import UTC, datetime, time, timedelta
from email.message import EmailMessage
from email.policy import default as default_policy
from html.parser import HTMLParser
from pathlib import Path

import feedparser
import pytest
from click.testing import CliRunner, Result
from newsroom_data import NOW, Newsroom, make_story, specs_of

from newsdesk.cli import main
from newsdesk.digest import Digest, DigestOptions, build_digest, html, make_day, markdown, text
from newsdesk.models import ArticleKind, Leaning
from newsdesk.pipeline import run_publish
from smtp_loopback import CA_FILE, PASSWORD, USER, Inbox, free_port

DAY_AGO = NOW - timedelta(days=1)


def rated(room: Newsroom) -> None:
    """Outlet A leans left and Outlet B is center; Outlet C is not rated."""
    for source in room.store.list_sources():
        leaning = {"Outlet A": Leaning.LEAN_LEFT, "Outlet B": Leaning.CENTER}.get(source.name)
        room.store.upsert_source(replace(source, leaning=leaning))


def options(room: Newsroom, **more: object) -> DigestOptions:
    return replace(DigestOptions(site=room.options, stories=4), **more)  # type: ignore[arg-type]


def test_the_top_stories_by_outlets_and_recency_grouped_by_section(newsroom: Newsroom) -> None:
    rated(newsroom)
    store, ids = newsroom.store, newsroom.story_ids
    store.set_section(ids[5], "World")
    store.set_section(ids[4], "Politics")
    store.set_section(ids[3], "World")
    digest = build_digest(store, options(newsroom), DAY_AGO, NOW)
    # Every story has three outlets; the newest updates rank first; four are kept.
    assert [i.story_id for i in digest.items] == [ids[5], ids[3], ids[4], ids[2]]
    assert [(name, [i.story_id for i in items]) for name, items in digest.sections] == [
        ("World", [ids[5], ids[3]]),
        ("Politics", [ids[4]]),
        ("More stories", [ids[2]]),
    ]
    item = digest.items[0]
    record = store.versions(ids[5])[-1].draft
    assert item.headline == record.headline
    assert item.summary == (record.summary.text, record.paragraphs[0][0].text)
    assert item.outlets == 3
    assert item.leaning_text == "1 lean left · 1 center · 1 unrated"
    assert item.url == f"https://news.example.org/stories/{ids[5]}.html"
    assert Digest.from_json(json.loads(json.dumps(digest.to_json()))) == digest
    old = build_digest(store, options(newsroom), NOW - timedelta(hours=5), NOW)
    assert [i.story_id for i in old.items] == [ids[5]]  # only what was updated since


def test_the_digest_ranks_as_the_front_page_with_the_outlets_ratings(newsroom: Newsroom) -> None:
    """Issue 22: the digest's importance is the front page's (publish/ranking.py): the
    reports' times, not when a version was written, and leanings from imported ratings."""
    store, (first, second, *_) = newsroom.store, newsroom.records
    # Three outlets reported this five days ago; newsdesk rewrote it just now.
    old, _ = make_story(store, specs_of(first, NOW - timedelta(days=5)), NOW)
    # Two outlets reported this in the last hour; it was written at the same time.
    fresh, _ = make_story(store, specs_of(second, NOW - timedelta(hours=1))[:2], NOW)
    store.save_outlet_ratings({"name:outlet c": ("Outlet C", Leaning.RIGHT)})
    rated(newsroom)
    digest = build_digest(store, options(newsroom, stories=20), NOW - timedelta(hours=3), NOW)
    order = [i.story_id for i in digest.items]
    assert order.index(fresh) < order.index(old)
    items = {i.story_id: i for i in digest.items}
    assert items[old].leaning_text == "1 lean left · 1 center · 1 right"
    assert items[fresh].leaning_text == "1 lean left · 1 center"


def test_the_digest_breaks_ties_as_the_front_page_and_never_leads_with_opinion(
    newsroom: Newsroom,
) -> None:
    store, records = newsroom.store, newsroom.records
    start = NOW - timedelta(hours=2)
    # Two stories alike in outlets and times: the front page puts the newer story first.
    tie_a, _ = make_story(store, specs_of(records[0], start), NOW)
    tie_b, _ = make_story(store, specs_of(records[1], start), NOW)
    since = NOW - timedelta(minutes=1)
    digest = build_digest(store, options(newsroom, stories=2), since, NOW)
    assert [i.story_id for i in digest.items] == [tie_b, tie_a]

    # Opinion alone, the widest and freshest: listed, never first (issue 20).
    views = [replace(s, kind=ArticleKind.OPINION) for s in specs_of(records[2], NOW)]
    opinion, _ = make_story(store, views, NOW)
    digest = build_digest(store, options(newsroom, stories=3), since, NOW)
    assert [i.story_id for i in digest.items] == [tie_b, opinion, tie_a]
    # Kept to one story, the digest still leads with news, as the front page would.
    digest = build_digest(store, options(newsroom, stories=1), since, NOW)
    assert [i.story_id for i in digest.items] == [tie_b]


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def test_three_formats_say_the_same_and_the_html_is_made_for_mail(newsroom: Newsroom) -> None:
    digest = build_digest(newsroom.store, options(newsroom), DAY_AGO, NOW)
    body = html(digest, "mailto:ops@example.org?subject=unsubscribe")
    parsed = _Tags()
    parsed.feed(body)
    names = {tag for tag, _ in parsed.tags}
    assert not names & {"script", "style", "link", "img", "iframe", "form", "object"}
    styled = [t for t, a in parsed.tags if t in {"p", "h2", "h3", "td", "a"} and "style" in a]
    assert len(styled) == len(
        [t for t, _ in parsed.tags if t in {"p", "h2", "h3", "td", "a"}]
    )  # every styled element carries its style inline
    hrefs = [a["href"] for t, a in parsed.tags if t == "a"]
    assert all(h and h.startswith(("https://", "mailto:")) for h in hrefs)
    plain = text(digest, "mailto:ops@example.org?subject=unsubscribe")
    md = markdown(digest)
    for item in digest.items:
        assert item.url in body and item.url in plain and f"]({item.url})" in md
        assert item.summary[0] in plain.replace("\n  ", " ")
    assert "Unsubscribe: mailto:ops@example.org" in plain
    assert md.startswith("# newsdesk test desk: daily digest, ")


def test_markdown_escapes_what_a_source_wrote(newsroom: Newsroom) -> None:
    digest = build_digest(newsroom.store, options(newsroom), DAY_AGO, NOW)
    item = replace(digest.items[0], headline="Stars *and* [links](javascript:alert(1))")
    md = markdown(replace(digest, sections=(("World", (item,)),)))
    assert "\\*and\\* \\[links\\]\\(javascript:alert\\(1\\)\\)" in md
    assert "](javascript:" not in md


def test_the_site_has_a_page_per_day_in_its_time_zone_and_a_feed(newsroom: Newsroom) -> None:
    run_publish(newsroom.store, newsroom.options)
    # 23:30 UTC on 4 March is 12:30 on 5 March in Auckland.
    late = datetime(2025, 3, 4, 23, 30, tzinfo=UTC)
    chosen = options(newsroom, time_zone="Pacific/Auckland")
    record = make_day(newsroom.store, chosen, late, since=NOW - timedelta(days=2))
    assert record.day == "2025-03-05" and record.send_state == "unsent"  # no recipients
    site = newsroom.options.out_dir
    page = (site / "digest" / "2025-03-05.html").read_text(encoding="utf-8")
    assert "Daily digest, Wednesday 5 March 2025" in page
    assert 'href="../static/style.css"' in page  # the site's look
    first = Digest.from_json(json.loads(record.content)).items[0]
    assert f'href="../stories/{first.story_id}.html"' in page
    feed = feedparser.parse((site / "digest" / "feed.xml").read_bytes())
    assert not feed.bozo and feed.feed.title == "newsdesk test desk: daily digest"
    [entry] = feed.entries
    assert entry.link == "https://news.example.org/digest/2025-03-05.html"
    assert first.headline in entry.summary
    index = (site / "digest" / "index.html").read_text(encoding="utf-8")
    assert 'href="../digest/2025-03-05.html"' in index
    again = make_day(newsroom.store, chosen, late + timedelta(hours=3))
    assert again == record  # one digest a day, whenever asked


def test_the_site_links_the_digest_once_there_is_one(newsroom: Newsroom) -> None:
    run_publish(newsroom.store, newsroom.options)
    home = newsroom.options.out_dir / "index.html"
    assert "digest/index.html" not in home.read_text(encoding="utf-8")
    make_day(newsroom.store, options(newsroom), NOW, since=NOW - timedelta(days=2))
    record = newsroom.records[0]  # the next run that publishes anything links it
    make_story(newsroom.store, specs_of(record, NOW)[:2], NOW + timedelta(hours=1))
    run_publish(newsroom.store, newsroom.options)
    assert 'href="digest/index.html">Daily digest</a>' in home.read_text(encoding="utf-8")


def config_for(room: Newsroom, tmp_path: Path, port: int, **mail: str) -> Path:
    settings = {
        "host": "127.0.0.1",
        "port": port,
        "security": "starttls",
        "ca_file": str(CA_FILE),
        "sender": "Desk <desk@news.example.org>",
        "operator": "ops@news.example.org",
        "timeout": 10.0,
    } | mail
    lines = [f"[store]\nurl = {json.dumps(room.store.path)}"]
    lines.append(f'[site]\ndir = {json.dumps(str(room.options.out_dir))}\ntitle = "Desk"')
    lines.append('base_url = "https://news.example.org/"')
    lines.append('[digest]\nrecipients = ["ann@example.org", "bo@example.org"]')
    lines.append("[mail]")
    lines += [f"{k} = {json.dumps(v)}" for k, v in settings.items() if v != ""]
    path = tmp_path / "newsdesk.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def cli(config: Path, *args: str, login: bool = True) -> Result:
    env = {"NEWSDESK_SMTP_USERNAME": USER, "NEWSDESK_SMTP_PASSWORD": PASSWORD} if login else {}
    return CliRunner(env=env).invoke(main, [*args, "--config", str(config)])


def test_the_email_format_is_the_whole_message(newsroom: Newsroom, tmp_path: Path) -> None:
    config = config_for(newsroom, tmp_path, free_port())
    printed = cli(config, "digest", "--format", "email")
    assert printed.exit_code == 0, printed.output
    message = email.message_from_string(printed.stdout, policy=default_policy)
    assert isinstance(message, EmailMessage)
    assert message["From"] == "Desk <desk@news.example.org>"
    assert message["List-Unsubscribe"] == "<mailto:ops@news.example.org?subject=unsubscribe>"
    assert message.get_content_type() == "multipart/alternative"
    assert [p.get_content_type() for p in message.iter_parts()] == ["text/plain", "text/html"]
    for fmt, start in (("markdown", "# Desk: daily digest"), ("html", "<!doctype html>")):
        shown = cli(config, "digest", "--format", fmt)
        assert shown.exit_code == 0 and shown.stdout.startswith(start)


def test_send_delivers_one_message_with_both_parts_once(newsroom: Newsroom, tmp_path: Path) -> None:
    run_publish(newsroom.store, newsroom.options)
    with Inbox("starttls", login=True) as inbox:
        config = config_for(newsroom, tmp_path, inbox.port)
        sent = cli(config, "digest", "--send")
        assert sent.exit_code == 0, sent.output
        [got] = inbox.messages
        assert got.logged_in_as == USER
        assert got.recipients == ["ann@example.org", "bo@example.org"]
        message = got.message
        assert message["Subject"].startswith("Desk: ")
        plain, rich = message.get_body(("plain",)), message.get_body(("html",))
        assert plain is not None and rich is not None
        headline = newsroom.store.versions(newsroom.story_ids[5])[-1].draft.headline
        assert headline in plain.get_content() and "<table" in rich.get_content()
        again = cli(config, "digest", "--send")
        assert again.exit_code == 1
        assert "--again sends it anyway" in again.output and "sent at" in again.output
        assert len(inbox.messages) == 1
        status = cli(config, "digest", "status", "--json")
        [row] = [json.loads(line) for line in status.stdout.splitlines()]
        assert row["state"] == "sent" and row["attempts"] == 1
        assert row["message_id"] == message["Message-ID"]
        forced = cli(config, "digest", "--send", "--again")
        assert forced.exit_code == 0, forced.output
        assert len(inbox.messages) == 2  # the operator's choice
    day = row["day"]
    assert (newsroom.options.out_dir / "digest" / f"{day}.html").is_file()


def test_a_missing_setting_stops_before_anything_is_kept(
    newsroom: Newsroom, tmp_path: Path
) -> None:
    config = config_for(newsroom, tmp_path, free_port(), sender="")
    result = cli(config, "digest", "--send")
    assert result.exit_code == 1
    assert result.output == "Error: e-mail needs mail.sender set in the config\n"
    assert newsroom.store.digests() == []
    assert not (newsroom.options.out_dir / "digest").exists()
    no_login = cli(
        config_for(newsroom, tmp_path, free_port()), "digest", "--send", login=False
    )  # a server without a login is allowed: it fails on reaching it, not on settings
    assert "cannot reach 127.0.0.1" in no_login.output


def test_an_unreachable_server_is_reported_and_counted(newsroom: Newsroom, tmp_path: Path) -> None:
    config = config_for(newsroom, tmp_path, free_port())
    result = cli(config, "digest", "--send")
    assert result.exit_code == 1
    page, line = result.output.splitlines()  # the page was published; the mail failed
    assert page.startswith("digest ") and page.endswith(".html")
    assert line.startswith("Error: digest ") and "not sent (failed): cannot reach 127.0.0.1" in line
    status = cli(config, "digest", "status")
    assert "failed after 1 attempts: cannot reach 127.0.0.1" in status.stdout


@pytest.mark.browser
def test_the_html_digest_renders_in_a_browser(
    newsroom: Newsroom, chromium_bin: Path, tmp_path: Path
) -> None:
    from playwright.sync_api import sync_playwright

    rated(newsroom)
    newsroom.store.set_section(newsroom.story_ids[5], "World")
    digest = build_digest(newsroom.store, options(newsroom, stories=5), DAY_AGO, NOW)
    page_file = tmp_path / "digest.html"
    page_file.write_text(html(digest, "mailto:ops@example.org"), encoding="utf-8")
    artifacts = Path(__file__).resolve().parents[2] / "test-artifacts" / "digest"
    artifacts.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(chromium_bin), args=["--headless", "--no-sandbox"]
        )
        for width in (640, 390):
            page = browser.new_page(viewport={"width": width, "height": 900})
            page.goto(page_file.as_uri())
            page.screenshot(path=str(artifacts / f"email-{width}.png"), full_page=True)
            assert page.evaluate("document.documentElement.scrollWidth") <= width
            headlines = page.locator("h3 a").all_inner_texts()
            assert headlines == [i.headline for i in digest.items]
            box = page.locator("h3").first.bounding_box()
            assert box is not None and box["width"] > 200  # readable, not squeezed
            page.close()
        browser.close()


def zone_at_noon(now: datetime) -> str:
    """A fixed-offset zone in which ``now`` is between 11:30 and 12:30."""
    hours = 12 - round(now.hour + now.minute / 60)  # the zone's offset east of UTC, -11..+12
    return "Etc/GMT" if hours == 0 else f"Etc/GMT{-hours:+d}"  # POSIX signs: GMT-5 is UTC+5


def test_zone_at_noon_is_noon_at_every_hour() -> None:
    from zoneinfo import ZoneInfo

    for hour in range(24):
        for minute in (0, 29, 31, 59):
            now = datetime(2026, 12, 4, hour, minute, tzinfo=UTC)
            local = now.astimezone(ZoneInfo(zone_at_noon(now)))
            assert time(11, 30) <= local.time() <= time(12, 30), (now, local)


def test_watch_step_retries_a_refused_send_then_sends_once(newsroom: Newsroom) -> None:
    from newsdesk.digest import daily
    from newsdesk.mail import MailOptions

    now = datetime.now(UTC)
    chosen = options(newsroom, recipients=("ann@example.org",), retry=timedelta(minutes=10))
    # Local noon, so that no pass below (the last is 70 minutes on) reaches the next day's digest.
    chosen = replace(chosen, send_at=datetime(2025, 1, 1, 0, 0).time(), time_zone=zone_at_noon(now))
    with Inbox("none") as inbox:
        mail = MailOptions(
            host="127.0.0.1", port=inbox.port, security="none", sender="desk@example.org"
        )
        answers = iter(["451 4.3.0 Try again later", "250 OK"])
        inbox.answer_with(lambda got: next(answers))
        day = chosen.day_of(now)
        wake = daily(newsroom.store, chosen, mail, now)
        record = newsroom.store.digest(day)
        assert record is not None and (record.send_state, record.attempts) == ("failed", 1)
        assert "451 4.3.0 Try again later" in record.last_error
        assert wake == now + timedelta(minutes=10) and inbox.messages == []
        assert daily(newsroom.store, chosen, mail, now + timedelta(minutes=5)) == wake
        daily(newsroom.store, chosen, mail, wake)  # the retry is due
        record = newsroom.store.digest(day)
        assert record is not None and (record.send_state, record.attempts) == ("sent", 2)
        assert len(inbox.messages) == 1
        later = daily(newsroom.store, chosen, mail, wake + timedelta(hours=1))
        assert len(inbox.messages) == 1  # sent once, whatever the passes after
        assert later == chosen.due_at(day) + timedelta(days=1)


def test_watch_step_gives_up_after_the_attempts_and_settles_a_killed_send(
    newsroom: Newsroom,
) -> None:
    from newsdesk.digest import daily
    from newsdesk.mail import MailOptions

    chosen = replace(
        options(newsroom, recipients=("ann@example.org",), retry=timedelta(0), attempts=2),
        send_at=datetime(2025, 1, 1, 0, 0).time(),
    )
    mail = MailOptions(host="127.0.0.1", port=free_port(), security="none", sender="d@example.org")
    now = datetime.now(UTC)
    day = chosen.day_of(now)
    for _ in range(4):
        daily(newsroom.store, chosen, mail, now)
    record = newsroom.store.digest(day)
    assert record is not None and (record.send_state, record.attempts) == ("failed", 2)
    # A process killed mid-send left 'sending': the next look makes it 'unknown', unsent.
    assert newsroom.store.start_digest_send(day, now, ("failed",))
    with Inbox("none") as inbox:
        daily(newsroom.store, chosen, replace(mail, port=inbox.port), now)
        record = newsroom.store.digest(day)
        assert record is not None and record.send_state == "unknown"
        assert "the server may have it" in record.last_error and inbox.messages == []
