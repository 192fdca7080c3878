"""Facts decide an article torn between two recent stories (docs/decisions/cluster.md, "Facts")."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from newsdesk.cluster import ClusterOptions
from newsdesk.cluster.clusterer import StoryClusterer
from newsdesk.cluster.facts import distinctive_shared, fact_terms
from newsdesk.cluster.window import Member, Story
from newsdesk.features import DocumentFrequencies
from newsdesk.models import Article

T0 = datetime(2021, 5, 17, 8, tzinfo=UTC)
BACKGROUND = [
    (
        "Jobless claims fall to a pandemic low",
        "The Labor Department said weekly claims for "
        "unemployment benefits fell as the economy reopened and employers hired.",
    ),
    (
        "Senate debates the infrastructure bill",
        "Senators argued over roads, bridges and "
        "broadband spending in a bill the White House backs.",
    ),
    (
        "Storm floods coastal towns",
        "Heavy rain flooded streets and homes along the coast, and "
        "the weather service warned of more.",
    ),
    (
        "Court hears a case on school funding",
        "The justices heard arguments on how states pay for public schools and teachers.",
    ),
    (
        "Vaccine makers report quarterly results",
        "Drug companies said sales of vaccines lifted their earnings in the quarter.",
    ),
]
# One event (a Space Force officer relieved of command), told by two outlets in words
# that barely meet, then a third report between them: torn, both stories name him.
EVENT = [
    (
        "Space Force commander removed after podcast remarks",
        "Lt. Col. Matthew Lohmeier was "
        "relieved of command after he said on a podcast that Marxism is spreading in the military.",
    ),
    (
        "Officer fired over book criticizing diversity training",
        "The officer, Matthew Lohmeier, "
        "had promoted his self-published book about critical race theory in the armed forces.",
    ),
    (
        "Officer removed over book and podcast",
        "Matthew Lohmeier lost his command over a book on "
        "diversity training and a podcast about the military.",
    ),
]


def _article(i: int, title: str, text: str, hours: float | None, site: str) -> Article:
    when = None if hours is None else T0 + timedelta(hours=hours)
    return Article(f"https://{site}/{i}", title, (text,), published_at=when, site_name=site, id=i)


def _run(options: ClusterOptions, dated: bool = True) -> list[tuple[int, tuple[int, ...]]]:
    clusterer = StoryClusterer(options)
    texts = [*BACKGROUND, *EVENT]
    sites = ["wire.example"] * len(BACKGROUND) + ["a.example", "b.example", "c.example"]
    out = []
    for i, ((title, text), site) in enumerate(zip(texts, sites, strict=True)):
        article = _article(i + 1, title, text, float(i) if dated else None, site)
        decision = clusterer.assign(article)
        story = decision.story_id if decision.story_id is not None else 100 + i
        clusterer.commit(article, story, decision.merged)
        out.append((story, decision.merged))
    return out


def test_a_torn_article_whose_facts_both_stories_hold_merges_them() -> None:
    first, second, torn = _run(ClusterOptions())[-3:]
    assert first[0] != second[0]  # the event opened apart
    assert torn == (first[0], (second[0],))  # the third report joins and bridges them


def test_without_facts_the_torn_article_opens_a_story_of_its_own() -> None:
    first, second, torn = _run(ClusterOptions(facts_min=0))[-3:]
    assert torn[0] not in (first[0], second[0]) and torn[1] == ()


def test_undated_articles_have_no_event_window_so_facts_do_not_act() -> None:
    first, second, torn = _run(ClusterOptions(), dated=False)[-3:]
    assert torn[0] not in (first[0], second[0]) and torn[1] == ()


def test_a_later_article_outside_the_event_window_is_not_decided_by_facts() -> None:
    late = ClusterOptions(event_hours=1.0)  # the torn report comes 2 h after the first
    first, second, torn = _run(replace(late, event_half_life_hours=1e9))[-3:]
    assert torn[0] not in (first[0], second[0]) and torn[1] == ()


def test_fact_terms_are_names_and_figures_not_dates_or_headline_case() -> None:
    article = Article(
        "https://x.example/1",
        "Senate Passes The Bill In A 68-32 Vote",
        (
            "On Wednesday, Sen. Joe Manchin of West Virginia said the $1.2 trillion bill would "
            "pass in June.",
        ),
    )
    facts = fact_terms(article, 400)
    assert {"joe", "manchin", "west", "virginia", "68", "32", "1.2"} <= facts
    assert not facts & {"wednesday", "june", "sen", "senate", "pass", "bill", "vote"}


def test_a_fact_counts_only_when_most_articles_holding_it_are_the_story_s() -> None:
    df = DocumentFrequencies()
    story = Story(1)
    for i, vec in enumerate(({"lohmeier": 0.5, "biden": 0.5}, {"lohmeier": 0.7, "biden": 0.1})):
        story.add(Member(i, vec, T0, "a.example"))
        df.add(vec)
    for _ in range(5):  # other stories of the day name Biden too
        df.add({"biden": 1.0})
    article = {"lohmeier": 0.6, "biden": 0.4, "officer": 0.2}
    shared = distinctive_shared({"lohmeier", "biden", "officer"}, [story], article, df, 0.5)
    assert shared == ["lohmeier"]  # "officer" is no fact of the article's here
