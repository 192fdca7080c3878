"""Each fact once, told in any words: real cases from the AllSides stream's dev half
(tests/fixtures/write/story-shape-sample.jsonl holds those stories' articles)."""

from __future__ import annotations

from datetime import date

from newsdesk.evaluate.editorial import repeated_action
from newsdesk.models import Article
from newsdesk.text import content_stems
from newsdesk.write import ExtractiveWriter
from newsdesk.write.clean import clean_sentence, usable
from newsdesk.write.shape import same_action, same_fact, surname_reference, with_date
from stream_stories import FIXTURES, read_rows, stream_story, written

ROWS = read_rows(FIXTURES / "story-shape-sample.jsonl")


def story(cluster: str) -> list[Article]:
    """The stream's articles of one story, as the product reads them (no label)."""
    return stream_story(ROWS, cluster)


def told(cluster: str) -> list[str]:
    return written(story(cluster))[1]


def test_one_action_of_one_actor_in_other_words() -> None:
    signed_bill = (
        "Florida Gov. Ron DeSantis, a Republican, on Monday signed a bill that allows "
        '"any person to sue Big Tech companies for up to $100,000 in damages" for "deplatforming."'
    )
    signed_law = (
        "Republican Governor Ron DeSantis signed a law fining social media services that "
        "permanently ban candidates running for office in Florida."
    )
    assert same_action(signed_bill, signed_law)
    assert same_action(
        "Democrat Melanie Stansbury won election to Congress for New Mexico on Tuesday.",
        "Melanie Stansbury has defeated Republican opponent Mark Moores, according to a race "
        "call from The Associated Press.",
    )
    # The actor named otherwise: the action and what it was done to.
    assert same_action(
        "The Pentagon on Friday announced it is canceling all border wall construction "
        "projects that were paid for by military funding.",
        "The US Department of Defense said on Friday it was cancelling the construction of "
        "parts of former president Donald Trump's border wall with Mexico that were being "
        "built using military funds.",
    )
    # One actor, one verb, two things done: two facts.
    assert not same_action(
        "President Biden signed the infrastructure bill on Monday.",
        "President Biden signed an executive order on voting.",
    )
    # Saying is no action of its own.
    assert not same_action(
        "Ron DeSantis said on Monday the law protects Floridians.",
        "Ron DeSantis said the bill would be challenged in court.",
    )


def test_the_measure_counts_one_action_twice_and_not_perspective_lines() -> None:
    assert repeated_action(
        "Gov. Ron DeSantis signed legislation on Monday at Florida International University.",
        "Republican Governor Ron DeSantis signed a law fining social media services.",
    )
    assert not repeated_action(
        "New York Times published an opinion piece headlined “Why the Law Is Strong Enough "
        "to Take On Donald Trump”.",
        "New York Post published an opinion piece headlined “Cy Vance’s Trump case is "
        "straight from a banana republic”.",
    )


def test_a_story_tells_the_signing_and_the_demolition_once() -> None:
    signings = [s for s in told("as-6014") if "DeSantis" in s and " signed " in s]
    assert len(signings) == 1, signings
    demolished = [s for s in told("as-5894") if "explosives" in s]
    assert len(demolished) == 1, demolished
    cancelled = [s for s in told("as-6082") if "cancel" in s and "wall" in s]
    assert len(cancelled) == 1, cancelled


def test_an_opening_clause_of_time_or_condition_is_never_dropped() -> None:
    # CNN on the 600,000th death (as-5950): the clause no other outlet shares is its time.
    others = {"unit", "state", "surpass", "death", "covid", "toll", "world", "highest"}
    source = (
        "In the next few days, the United States will surpass 600,000 deaths from Covid-19, "
        "the highest known death toll in the world."
    )
    assert clean_sentence(source, others) == source
    conditional = "If the Senate fails to act, the government will shut down on Friday at midnight."
    assert clean_sentence(conditional, {"senat", "govern", "shut", "friday"}) == conditional
    # Framing that no other outlet shares still goes.
    assert (
        clean_sentence(
            "In a deeply divided climate, the Senate passed the bill to fund the government.",
            {"senat", "pass", "bill", "fund", "govern"},
        )
        == "The Senate passed the bill to fund the government."
    )
    assert not any(s.startswith("The United States will surpass") for s in told("as-5950"))


def test_one_count_of_one_thing_is_one_fact() -> None:
    # The 600,000th death (as-5950): AP's milestone and CNN's "will surpass" are one fact.
    assert same_fact(
        "The U.S. recorded a grim milestone Tuesday with over 600,000 deaths attributed to "
        "coronavirus, according to data from Johns Hopkins University.",
        "In the next few days, the United States will surpass 600,000 deaths from Covid-19, "
        "the highest known death toll in the world.",
    )
    assert not same_fact(
        "The U.S. recorded over 600,000 deaths attributed to coronavirus.",
        "The CDC reported a seven-day moving average of about 330 deaths.",
    )
    deaths = [s for s in told("as-5950") if "600,000 deaths" in s]
    assert len(deaths) == 1, deaths


def test_a_sentence_that_leans_on_a_skipped_one_is_left_out() -> None:
    # The question was the sentence before (as-5946).
    asked = (
        "CNN's chief White House correspondent, Kaitlan Collins, asked Biden at the end of "
        "the news conference."
    )
    assert not usable(asked)
    assert usable(
        "Nearly 100 people were unaccounted for Thursday after a high-rise condo building "
        "partially collapsed near Miami Beach, leaving at least one person dead, officials said."
    )
    assert asked not in told("as-5946")
    # "..., tweeted Italiano." where the source named Laura Italiano before (as-6091).
    assert surname_reference("“An announcement,” tweeted Italiano.", {"italiano"}) == "italiano"
    assert surname_reference("Laura Italiano tweeted on Tuesday.", {"italiano"}) == ""
    articles = story("as-6091")
    outlets = [a.site_name for a in articles]
    words = [content_stems(f"{a.title} {a.text}") for a in articles]
    found = ExtractiveWriter()._sentences(articles, outlets, words)
    tweeted = [c for c in found if "tweeted Italiano" in c.text]
    assert tweeted and all(c.refers == "italiano" for c in tweeted)


def test_a_lead_sentence_pointing_back_follows_what_it_points_at() -> None:
    # AP (as-5984): "The offer was made Wednesday ..." after the sentence with the offer.
    text = told("as-5984")
    offer = [i for i, s in enumerate(text) if s.startswith("The offer was made")]
    made = [i for i, s in enumerate(text) if "proposing a 15% minimum tax" in s]
    assert offer and made and made[0] < offer[0], text


def test_the_leads_weekday_is_given_its_date() -> None:
    friday = date(2021, 6, 25)
    assert with_date("The Pentagon on Friday announced it is canceling the projects.", friday) == (
        "The Pentagon on Friday, June 25, announced it is canceling the projects."
    )
    assert with_date("On Wednesday, the Senate voted.", friday) == (
        "On Wednesday, June 23, the Senate voted."
    )
    assert with_date("Biden will sign it on Friday.", friday) == "Biden will sign it on Friday."
    assert with_date("It was signed Friday, June 25.", friday) == "It was signed Friday, June 25."
    assert with_date("The Senate voted on Wednesday night.", friday) == (
        "The Senate voted on Wednesday night."
    )
    # The Pentagon's announcement (as-6082), published Saturday 1 May 2021: whichever
    # outlet's lead tells it, its Friday is dated.
    lead = told("as-6082")[0]
    assert "on Friday, April 30," in lead and "cancel" in lead, lead


def test_same_action_reads_each_sentence_once_and_the_same_way_each_time() -> None:
    # ``same_action`` caches each sentence's verbs, actions and figures: the answer must
    # not depend on which sentence was read first or on what the cache holds.
    first = "President Biden signed the infrastructure bill on Monday at the White House."
    again = "President Biden signed the infrastructure bill at the White House, aides said."
    more = "President Biden signed the $1.2 trillion infrastructure bill at the White House."
    for _ in range(2):
        assert same_action(first, again)
        assert same_action(again, first)
        # The later telling adds a figure of its own: it is not told twice.
        assert not same_action(first, more)
        assert same_action(more, first)


def test_a_weekday_after_the_articles_day_is_no_date_a_week_early() -> None:
    # AP on John McAfee (as-5926-center), stamped Tuesday 22 June 2021 (23:31 UTC): its
    # "Wednesday" is the next day, not 16 June (the writer printed "Wednesday, June 16").
    tuesday = date(2021, 6, 22)
    found = (
        "John McAfee, the creator of McAfee antivirus software, was found dead in his jail "
        "cell near Barcelona in an apparent suicide Wednesday, hours after a Spanish court "
        "approved his extradition to the United States to face tax charges punishable by "
        "decades in prison, authorities said."
    )
    assert with_date(found, tuesday) == found
    # The five days before stay dated; a day ahead is dated only where the sentence does
    # not tell it as done.
    assert with_date("The Senate voted on Thursday.", tuesday) == (
        "The Senate voted on Thursday, June 17."
    )
    assert with_date("The Senate votes on Wednesday.", tuesday) == (
        "The Senate votes on Wednesday, June 23."
    )
    # Nor is a day behind dated where the sentence does not tell it as done (NPR, as-5931).
    election = "An important election takes place Tuesday in New York City."
    assert with_date(election, date(2021, 6, 20)) == election


def test_an_opening_phrase_that_scopes_the_claim_is_never_dropped() -> None:
    # USA Today on the For the People Act (as-5933-left): without "In the House," the
    # sentence contradicts "No Republicans joined with the 50 Democrats" in the Senate.
    others = {"democrat", "republican", "vote", "against", "senat", "support", "bill"}
    house = (
        "In the House, one Democrat and all Republicans voted against it, and it has no "
        "Republican support in the Senate."
    )
    assert clean_sentence(house, others) == house
    for scoped in (
        "In Texas, the new law bans abortions after about six weeks of pregnancy.",
        "Under the plan, most adults would get a payment of about $1,400 this spring.",
    ):
        assert clean_sentence(scoped, {"law", "ban", "abort", "week", "adult", "payment"}) == (
            scoped
        )


def test_a_day_named_relative_to_the_writing_is_not_used_out_of_its_article() -> None:
    # Dev stream stories 239 and 238 printed these with no date to read them by.
    assert not usable(
        "Arizona’s ban on ballot-harvesting and out-of-precinct voting does not violate the "
        "federal Voting Rights Act, the Supreme Court ruled 6-3 this morning in a closely "
        "watched case with implications for future elections."
    )
    assert not usable("Weisselberg will be arraigned later today at a lower Manhattan courthouse.")
    # A quotation's own words, a date given beside it, and "today's issues" stay usable.
    for fine in (
        "“Today, CDC is updating our guidance for fully vaccinated people,” Walensky said.",
        "The Phase One trade deal between the United States and China is expected to be "
        "signed today, January 15.",
        "Harris blamed part of today's issues on a lack of continuity caused by Trump.",
    ):
        assert usable(fine), fine
