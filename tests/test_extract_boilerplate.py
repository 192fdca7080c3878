"""What is not article text: an outlet's learnt boilerplate, and page furniture (bylines,
teasers, related boxes, captions, notices, prompts) dropped while tables and answers stay."""

from __future__ import annotations

import gzip
import json

from extract_pages import FIXTURES, article, assert_not_text, raw
from newsdesk.evaluate.data import iter_records
from newsdesk.extract import (
    ExtractOptions,
    LearntBoilerplate,
    OutletBoilerplate,
    clean_paragraphs,
    drop_repeated_copy,
    extract,
    strip_trailing_blocks,
)
from newsdesk.models import Article


def test_trailing_blocks() -> None:
    paras = ["Body one.", "Body two.", "end of message", "RCO NEWS", "RCO"]
    assert strip_trailing_blocks(paras) == ("Body one.", "Body two.")
    assert strip_trailing_blocks(["Body.", "Share this", "Related stories"]) == ("Body.",)
    # A short upper-case line inside the body stays.
    assert strip_trailing_blocks(["NASA", "Body."]) == ("NASA", "Body.")


def test_teasers_of_other_posts_end_the_article() -> None:
    teaser = " ".join(["word"] * 20) + " and so …"
    body = "The article itself, one full paragraph of text."
    assert strip_trailing_blocks([body, teaser, teaser, "A quote."]) == (body,)
    # Cut-off lines inside a long body that goes on are kept.
    long_tail = [body, teaser, teaser] + [" ".join(["text"] * 40) + "."] * 3
    assert strip_trailing_blocks(long_tail) == tuple(long_tail)


# -------------------------------------------------------------- outlet boilerplate


def test_outlet_boilerplate_learns_from_one_site() -> None:
    folder = FIXTURES / "datasets" / "wcxb-articles"  # three www.security.org pages
    pages = [
        (r["url"], gzip.decompress((folder / r["html_file"]).read_bytes()))
        for r in iter_records(folder)
    ]
    assert len(pages) == 3 and all("//www.security.org/" in url for url, _ in pages)
    plain = [article(extract(raw(body, url=url))) for url, body in pages]
    learnt = OutletBoilerplate(min_count=2, min_share=0.5)
    for got in plain[:-1]:
        learnt.observe(got.site_name, got.paragraphs)
    last = plain[-1]
    recurring = set(plain[0].paragraphs) & set(plain[1].paragraphs)
    cleaned = learnt.strip(last.site_name, last.paragraphs)
    assert recurring & set(last.paragraphs), "the site repeats lines in every article"
    assert not recurring & set(cleaned)
    assert len(cleaned) > len(last.paragraphs) / 2
    # The learnt state survives the store's JSON round trip, and extract() applies it.
    again = OutletBoilerplate.from_json(learnt.to_json())
    url, body = pages[-1]
    assert article(extract(raw(body, url=url), boilerplate=again)).paragraphs == cleaned


def test_outlet_boilerplate_needs_repetition() -> None:
    learnt = OutletBoilerplate()
    learnt.observe("Site", ["Story one text.", "Sign up for our newsletter"])
    learnt.observe("Site", ["Story two text.", "Sign up for our newsletter"])
    assert learnt.strip("Site", ["New story.", "Sign up for our newsletter"]) == (
        "New story.",
        "Sign up for our newsletter",
    )
    learnt.observe("Site", ["Story three text.", "Sign up for our newsletter"])
    assert learnt.strip("Site", ["New story.", "Sign up for our newsletter"]) == ("New story.",)
    assert learnt.strip("Other", ["Sign up for our newsletter"]) == ("Sign up for our newsletter",)


def test_two_workers_learning_boilerplate_add_up_whoever_saves_first() -> None:
    """Each worker's save adds its own counts to the saved model (the store applies
    ``add_unsaved`` under a lock) and carries on from the sum: no one's counts are lost."""
    line = "Sign up for our newsletter"
    options = ExtractOptions(min_words=1)

    def story(n: int) -> Article:
        name = ("alpha", "beta", "gamma", "delta")[n - 1]  # digits would make one line key
        return Article(f"https://site.example/{n}", name, (f"Story {name}.", line), site_name="S")

    first, second = LearntBoilerplate(), LearntBoilerplate()
    for n in (1, 2):
        assert article(first.strip(story(n), options)).paragraphs[-1] == line
    assert article(second.strip(story(3), options)).paragraphs[-1] == line
    saved = first.add_unsaved(None)
    first.saved(saved)
    assert not first.unsaved and second.unsaved
    saved = second.add_unsaved(saved)
    second.saved(saved)
    assert json.loads(saved)["docs"] == {"S": 3}
    assert article(second.strip(story(4), options)).paragraphs == ("Story delta.",)


def test_repeated_title_ends_the_article_but_a_heading_does_not() -> None:
    title = "Ten things in tech you need to know today"
    body = [f"Story number {i} says something about the news of the day." for i in range(4)]
    teasers = [title, "Yesterday's edition", title, "The edition before"]
    assert clean_paragraphs([*body, *teasers], title) == tuple(body)
    # Once is a section heading; a short title may head many sections.
    assert clean_paragraphs([*body, title, "More text."], title) == (*body, title, "More text.")
    short = ["Building Department", *body, "Building Department", "Permits.", "Building Department"]
    assert clean_paragraphs(short, "Building Department") == tuple(short[1:])


def test_lead_printed_in_the_header_is_put_back_before_the_body() -> None:
    from lxml.html import fromstring

    from newsdesk.extract import add_standfirst

    page = fromstring(
        "<html><body><article><header><h1>Farmers meet the minister</h1>"
        '<p class="a-lead">In a first meeting the minister promised the farmers of the region '
        "faster help after the drought.</p></header>"
        '<div class="body"><p>The meeting took place on Monday in the capital.</p>'
        "<p>Both sides called it constructive.</p></div></article>"
        '<aside><p class="teaser-lead">Other news: a long text about something else '
        "entirely that is not the lead.</p></aside></body></html>"
    )
    body = (
        "The meeting took place on Monday in the capital.",
        "Both sides called it constructive.",
    )
    got = add_standfirst(page, body)
    assert got[0].startswith("In a first meeting the minister promised") and got[1:] == body
    # Already in the body, or no lead before the body: nothing changes.
    assert add_standfirst(page, got) == got
    assert add_standfirst(fromstring("<p class='lead'>Short lead.</p>"), body) == body


def test_hover_cards_inside_the_text_are_not_body_text() -> None:
    card = (
        '<span class="rollover-people-block"><a class="name" href="/people/x">Ilhan Omar</a>'
        '<a href="/a">Hillicon Valley: Progressives oppose funding bill</a></span>'
    )
    sentences = "".join(
        f"<p>Sentence {i} of a story about Rep. <a href='/people/x'>Ilhan Omar</a>{card} "
        "and the threats against her, as prosecutors described them in court.</p>"
        for i in range(6)
    )
    page = f"<html><head><title>T</title></head><body><article>{sentences}</article></body></html>"
    got = article(extract(raw(page.encode()), ExtractOptions(min_words=10)))
    assert "Rep. Ilhan Omar and the threats" in got.text
    assert "Hillicon" not in got.text


def test_outlet_boilerplate_forgets_the_same_lines_in_every_process() -> None:
    import os
    import subprocess
    import sys

    script = (
        "from newsdesk.extract import OutletBoilerplate\n"
        "bp = OutletBoilerplate(max_keys=10)\n"
        "for i in range(6):\n"
        "    bp.observe('site', [f'line {chr(97 + i)} {chr(97 + j)}' for j in range(4)])\n"
        "print(sorted(bp.lines['site']))\n"
    )
    runs = {
        subprocess.run(
            [sys.executable, "-c", script],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": str(seed)},
        ).stdout
        for seed in (1, 2, 3)
    }
    assert len(runs) == 1, runs


def test_a_byline_line_near_the_top_is_not_article_text() -> None:
    body = (
        "By Maria Rossi - 2019-04-10",
        "Milan Design Week opened on Tuesday with more than 1,300 events across the city.",
        "By Monday, the organisers said, attendance had passed last year's record.",
    )
    assert clean_paragraphs(body) == body[1:]
    for byline in (
        "By Jane Doe",
        "BY JANE DOE and Sam Li | Reuters",
        "By John Smith, Staff Writer",
    ):
        assert clean_paragraphs((byline, body[1])) == (body[1],)
    # Sentences that open with "By" stay, and so does a byline deep in the text.
    kept = ("By the time he arrived, the police had left.", body[1], body[2])
    assert clean_paragraphs(kept) == kept
    deep = (body[1], body[2], body[1] + " Again.", "By Jane Doe")
    assert clean_paragraphs(deep) == deep


def test_a_tags_list_ends_the_article() -> None:
    body = (
        "The 2018 Stock Car season opens in Interlagos on 8 April.",
        "Twelve rounds follow, two of them in Cascavel and Santa Cruz do Sul.",
        "Tags",
        "calendario stock car 2018, stock car brasil, stock car interlagos",
    )
    assert strip_trailing_blocks(body) == body[:2]
    # A line that only starts with the word is kept: it may be text.
    inline = (*body[:2], "Tags: stock car, brasil")
    assert strip_trailing_blocks(inline) == inline


def test_a_teaser_lead_goes_after_the_headline_copy() -> None:
    from lxml.html import fromstring

    from newsdesk.extract import add_standfirst

    # wind-energie.de (trafilatura-eval): a TYPO3 news page prints its lead in
    # <div class="teaser-text">, apart from the articleBody.
    title = "Endlich mehr Beschleunigung wagen"
    lead = (
        "Innerhalb ihres ersten Jahres hat die Koalition aus SPD, Grünen und FDP mehr "
        "erreicht als ihre Vorgängerkoalition. Dennoch sind die Ausbauziele in Gefahr."
    )
    body = (
        "BWE-Präsident Hermann Albers: „Die durchschnittliche Dauer für "
        "Genehmigungsverfahren liegt nach den eigenen Angaben der Bundesländer bei rund "
        "zwei Jahren.“",
        "Laut einer neuen Studie des DIW liegt das derzeitige Ausbautempo der Windenergie "
        "an Land nur bei 27 Prozent dessen, was zum Erreichen der 2030-Ziele nötig wäre.",
    )
    page = fromstring(
        f'<html><body><div class="news"><h1>{title}</h1>'
        f'<div class="teaser-text" itemprop="description"><p>{lead}</p></div>'
        f'<div class="news-text-wrap" itemprop="articleBody"><p>{body[0]}</p>'
        f"<p>{body[1]}</p></div></div></body></html>"
    )
    assert add_standfirst(page, body) == (lead, *body)
    # The extractor's copy of the headline stays first, so that it is still dropped.
    assert add_standfirst(page, (title, *body), title) == (title, lead, *body)
    assert clean_paragraphs(add_standfirst(page, (title, *body), title), title) == (lead, *body)
    # A short line in a lead box is a kicker or a promo, not the lead.
    short = fromstring(
        '<html><body><div class="teaser">The Queen of Thieves: New York’s first female '
        f"crime boss</div><p>{body[0]}</p><p>{body[1]}</p></body></html>"
    )
    assert add_standfirst(short, body) == body


def test_credits_disclosures_and_comment_counts_are_not_text() -> None:
    # Lines from trafilatura-eval pages (fluter.de, gala.fr, a German blog, kath.net).
    text = "Die Regierung in Seoul setzt bei der Eindämmung des Virus auf Big Data."
    dropped = (
        "Titelbild: Geyres Christophe/ABACA/picture-alliance",
        "Crédits photos : Bestimage",
        "*Werbung. Dieser Beitrag enthält Werbung für MYMARINI.",
        "Anzeige, enthält Affiliate Links",
        "This post contains references to products from one or more of our advertisers. "
        "We may receive compensation when you click on links to those products.",
        "Keine Kommentare (Kommentare erscheinen erst nach unserer Freigabe)",
    )
    # Sentences that only open with such a word stay.
    kept = ("Werbung nervt. Tracking nervt. Nerven nervt.", "Fotos sagen mehr als Worte, sagt er.")
    assert_not_text(text, dropped, kept)


def test_a_related_box_heading_and_calls_to_subscribe_end_the_article() -> None:
    # larepublica.net (trafilatura-eval): the related box after the article.
    body = (
        "El Gobierno no negociará con el grupo de hackers, dijo la ministra.",
        "Ya contamos con una base importante, alerta temprana y medidas de contención.",
        "La investigación sigue abierta.",
    )
    box = (
        "NOTAS RELACIONADAS",
        "Hackers ofrecen descuento del 35% al Gobierno de Costa Rica",
        "Jueves 21 abril, 2022",
    )
    assert strip_trailing_blocks((*body, *box)) == body
    # guatemala.com, nationnews.com: calls to follow a channel or install the app.
    calls = (
        "¿Ya sabías que en Guatemala.com tenemos canal de Telegram? Únete desde tu celular.",
        "For the latest stories and breaking news updates download the Nationnews apps.",
        "Abonnieren Sie jetzt den apolut-Newsletter: https://apolut.net/newsletter/",
    )
    assert strip_trailing_blocks((*body, *calls)) == body
    # Business Insider (AEB): an aside in the text that names the newsletter stays.
    aside = 'You can also subscribe to this newsletter here — just tick "10 Things in Tech."'
    assert strip_trailing_blocks((*body, aside)) == (*body, aside)


def test_captions_date_lines_and_buttons_are_not_text() -> None:
    # Lines from trafilatura-eval pages (sportnews.bz, gazeta.pl, gitarrebass.de, wbf.admin.ch,
    # wdr.de, nationalrail.co.uk, backen.de, aoc.media) and a WCXB page.
    text = "Die Olympischen Winterspiele in Peking beginnen am Freitag."
    dropped = (
        "Marco Odermatt, Ski-Star aus der Schweiz. © AFP / MARCO BERTORELLO",
        "Fot. Lukasz Nowaczyk / Agencja Gazeta",
        "(Bild: Dieter Stork)",
        "Letzte Änderung 14.02.2019",
        "Stand: 07.11.2023, 07:30 Uhr",
        "Last updated: 13 July 2020",
        "Bild anzeigen",
        "Teilen Sie dies mit:",
        "Pour lire la suite",
    )
    kept = (
        "Share this timeline with vendors to ensure smooth coordination.",
        "Am 14.02.2019 trat das Gesetz in Kraft, sagte der Minister.",
        "Neu im Sortiment (Bestellung gilt auch für das Wake News © Feiertags-Angebot):",
    )
    assert_not_text(text, dropped, kept)


def test_a_second_printing_of_the_text_is_dropped_but_a_recurring_section_stays() -> None:
    # glossgenius.com (WCXB 0151) prints its article twice (desktop and mobile layouts).
    text = (
        "The State Of The Yoga Industry",
        "The yoga industry is a lucrative endeavor that has only grown in the past years.",
        "With a market full of opportunities, you won't be the only one trying to grow.",
        "Average Costs Of Yoga Sessions and Classes",
        "The average cost of yoga classes depends on several circumstances.",
        "Individual Yoga Sessions",
        "Your yoga class costs can fluctuate depending on whether you offer them online.",
        "Private (in person): Private yoga sessions are often the most expensive choice.",
        "Private (online): This rate is usually more affordable than in-studio classes.",
        "Group Yoga Classes",
    )
    assert drop_repeated_copy((*text, *text)) == text
    # A meal plan (AEB) repeats a day among many different ones: a small share, kept.
    day = text[:10]
    other = tuple(f"Day {n}: a different menu with its own long list of dishes." for n in range(60))
    plan = (*day, *other, *day)
    assert drop_repeated_copy(plan) == plan


def test_reading_time_contents_headings_and_cookie_banners_are_not_text() -> None:
    # Lines from WCXB pages (bcbsok.com, modernfarmer.com, ...) and trafilatura-eval pages.
    text = "Smartphones can seem scary and confusing. But they don't have to be."
    dropped = (
        "4 minute read time",
        "- 11 min read",
        "Estimated reading time: 6 minutes",
        "Table of Contents",
        "Inhaltsverzeichnis",
        "Last Updated on November 15, 2025",
        "Necessary cookies are absolutely essential for the website to function properly.",
        'Wir verwenden Cookies. Durch Bestätigen des Buttons "Alle zulassen" stimmst Du zu.',
    )
    kept = (
        "Contents of the box: a charger, a cable and the phone.",
        "Behavioral tracking: utilize cookies and session data to track user actions.",
    )
    assert_not_text(text, dropped, kept)


def test_a_paywall_prompt_is_not_text() -> None:
    # haitiantimes.com (trafilatura-eval): the teaser is text, the prompt under it is not.
    text = "A family in Port-au-Prince rebuilt its bakery after the earthquake destroyed it."
    dropped = (
        "To view the full story, please subscribe to The Haitian Times. You can choose a $60 "
        "Annual Subscription or a $5 Weekly Pass.",
        "If you’re seeing this message but you’re already a subscriber, you can log in for "
        "immediate access to this story.",
    )
    kept = ("To read the full report, the agency says, readers can visit its website.",)
    assert_not_text(text, dropped, kept)


def test_rights_notices_and_reprint_buttons_are_not_text() -> None:
    # barrons.com (AEB) and npr.org (WCXB) print these under the article.
    text = "Home Depot stock fell after the retailer cut its sales forecast for the year."
    dropped = (
        "Copyright ©2019 Dow Jones & Company, Inc. All Rights Reserved",
        "Copyright © 2023 NPR. All rights reserved. Visit our website terms of use and "
        "permissions pages at www.npr.org for further information.",
        "This copy is for your personal, non-commercial use only.",
        "Order Reprints",
        "Print Article",
        "An error has occurred, please try again later.",
    )
    # A boot log (WCXB, miod.online.fr) quotes a notice inside 40 words of text.
    log = (
        "BootRom Version 1.1 Memory Size: 128 MB (c) Copyright 1990-1994, Hewlett-Packard "
        "Company. All rights reserved Press <ESCAPE> to stop boot sequence. Starting Auto "
        "boot Loading Initial Program Loader IPL successfully loaded Booting >> OpenBSD/hppa "
        "BOOT 0.7 booting dk0a:/bsd"
    )
    kept = (log, "The ruling reserved all rights of appeal to the two companies.")
    assert_not_text(text, dropped, kept)


def test_php_warnings_login_prompts_and_newsletter_calls_are_not_text() -> None:
    # Lines from trafilatura-eval pages (a WordPress blog, a forum, corkbeo.ie, nation.lk).
    text = "Die Gemeinde hat am Dienstag den neuen Haushalt beschlossen."
    dropped = (
        "Deprecated: Assigning the return value of new by reference is deprecated in "
        "/www/htdocs/w0094d70/wp-settings.php on line 520",
        "Warning: Creating default object from empty value in "
        "/www/htdocs/w0094d70/wp-includes/classes.php on line 407",
        "Du musst Eingeloggt sein um Kommentare zu schreiben! oder noch gar nicht Registriert?",
        "You must be logged in to post a comment.",
        "Never miss the latest news by signing up to our newsletter today!",
        "Subscribe now to our eNATION edition for the full story.",
    )
    kept = (
        "Warning: the storm is expected to reach the coast on Tuesday night.",
        "The newsletter, which the council sends to 40,000 homes, will stop in March.",
    )
    assert_not_text(text, dropped, kept)


def test_a_table_in_an_embed_wrapper_is_kept() -> None:
    # cuboh.com (WCXB 0061): a Webflow page puts its tipping chart in <div class="w-embed">,
    # a class trafilatura discards as a social embed.
    intro = " ".join(
        f"Tipping in restaurants follows customs that vary by service, part {n}." for n in range(8)
    )
    rows = "".join(
        f"<tr><td>{service}</td><td>{tip}</td></tr>"
        for service, tip in (
            ("Full Service Restaurant", "20%"),
            ("Quick Service Restaurant", "15%"),
            ("Coffee Shop", "$1 - $2"),
            ("Food Delivery", "$2 - $5"),
        )
    )
    page = (
        "<html><body><article><h1>Tip chart and guide</h1>"
        f"<p>{intro}</p><div class='rich-text-block'><div class='w-embed'>"
        "<div class='responsive-table'><table class='dataframe table'><thead><tr>"
        f"<th>Service</th><th>Suggested Tip Amount</th></tr></thead><tbody>{rows}</tbody>"
        f"</table></div></div><p>{intro}</p></div></article></body></html>"
    )
    got = article(extract(raw(page.encode()), ExtractOptions(min_words=10)))
    assert "Full Service Restaurant" in got.text and "Food Delivery" in got.text


def test_collapsed_faq_answers_are_kept() -> None:
    # accreditedschoolsonline.org (WCXB 0267): FAQ answers in collapsed accordion panels.
    intro = " ".join(
        f"Certificate programs teach job skills in a short time, point {n}." for n in range(8)
    )
    answer = (
        "Certificate program lengths vary, but most take 3-12 months to complete. The "
        "timeframe may also vary depending on whether you enroll full time or part time."
    )
    page = (
        f"<html><body><article><h1>Online certificates</h1><p>{intro}</p>"
        "<div class='ss-accordion'><button>How long do certificate programs take?</button>"
        "<div class='ss-accordion-content pl-2 border-b hidden'>"
        f"<p>{answer}</p></div></div><p>{intro}</p></article></body></html>"
    )
    got = article(extract(raw(page.encode()), ExtractOptions(min_words=10)))
    assert "most take 3-12 months to complete" in got.text
