"""Headlines of bounded length, labelled views-only stories and composed lines that quote
what the page says (issue 20 items 5, 2 and 7), from real cases of the AllSides stream."""

from __future__ import annotations

from newsdesk.models import Article, ArticleKind
from newsdesk.text import headline_case
from newsdesk.text.statements import is_statement
from newsdesk.verify import check
from newsdesk.write import ExtractiveWriter, write_verified
from newsdesk.write.headline import MAX_WORDS, allowed, shortened, tells_news, title_parts
from newsdesk.write.perspectives import perspective_line

POLITICO = Article(  # the stream's as-5864-left, its first paragraphs
    url="https://www.politico.com/news/2021/07/12/biden-covid-vaccination-campaign-499278",
    title="‘Potentially a death sentence’: White House goes off on vaccine fearmongers",
    paragraphs=(
        "The Biden administration is casting conservative opponents of its Covid-19 vaccine "
        "campaign as dangerous and extreme, adopting a more aggressive political posture in an "
        "attempt to maneuver through the public health conundrum.",
        "The White House has decided to hit back harder on misinformation and scare tactics "
        "after Republican lawmakers and conservative activists pledged to fight the "
        "administration’s stated plans to go “door-to-door” to increase vaccination rates.",
    ),
    site_name="Politico",
    kind=ArticleKind.NEWS,
    id=1,
)


def test_a_long_sentence_is_cut_only_where_a_clause_that_adds_begins() -> None:
    kelly = (
        "Democratic Sen. Mark Kelly (Ariz.) criticized President Biden for not laying out a "
        "comprehensive plan to address the recent surge of migrants at the southern border "
        "during his first address to a joint session of Congress on Wednesday."
    )
    assert shortened(kelly) == "Democratic Sen. Mark Kelly criticized President Biden"
    summit = (
        "Ahead of Biden-Putin summit, Russia conducts what it calls its largest naval exercise "
        "in the Pacific since Cold War"
    )
    assert shortened(summit) == (
        "Russia conducts what it calls its largest naval exercise in the Pacific"
    )
    fear = "Risk of COVID Is Now Very Low — It’s Time to Stop Living in Fear"
    assert shortened(fear) == "Risk of COVID Is Now Very Low"  # never "... Stop Living"
    fires = "Western Wildfires Have Burned an Area 4 Times the Size of NYC. Here Are Some Key Fires"
    assert shortened(fires) == "Western Wildfires Have Burned an Area 4 Times the Size of NYC"
    # A cut that would state as fact what someone only said is not made.
    psaki = (
        "Facebook is not doing enough to stop the spread of false claims about COVID-19 and "
        "vaccines, White House press secretary Jen Psaki said on Thursday."
    )
    assert shortened(psaki) == ""
    # Nor one inside a reported clause ("... joked that people who think they needed guns").
    joke = (
        "President Joe Biden joked that people who think they needed guns to take on the US "
        "government would actually need nuclear weapons."
    )
    assert shortened(joke) == ""
    # Nor one at a comma inside a list: "... from China" would drop Russia.
    trip = "Biden to Face Global Challenges from China, Russia as He Departs for First Foreign Trip"
    assert shortened(trip) == "Biden to Face Global Challenges"
    crew = (
        "Governor Thanks Firefighters, Nurses and Doctors Who Worked Through the Long Night "
        "of the Storm"
    )
    assert shortened(crew) == ""  # no cut keeps the list whole within the bound


def test_no_part_or_cut_of_a_title_drops_who_said_it() -> None:
    # Real titles of the dev stream (stories 303, 95, 118, 125, 121, 80): the part on the
    # other side of a speaker's colon stated a claim as our own fact.
    for title in (
        "WHO chief: 'Premature' to rule out COVID-19 lab leak theory",
        "Ex-Space Force commander: DOD videos claimed white people are ‘inherently evil’",
        "Researchers hospitalized at Wuhan lab in 2019: Report",
        "Manhattan DA convenes grand jury expected to weigh Trump evidence: report",
    ):
        assert title_parts(title) == {title}, title
    doctor = "Risk of COVID is now very low — it’s time to stop living in fear: doctor"
    assert title_parts(doctor) == {doctor}
    assert shortened(doctor) == ""  # not "Risk of COVID Is Now Very Low"
    greenwald = (
        "Glenn Greenwald Whacks The Intercept for Attacking Reporters Covering Protests: "
        "They’re ‘Actively Targeting Two Journalists of Color’"
    )
    assert not any(p.startswith("They") for p in title_parts(greenwald))
    # A topic label or a kind's label may go, and a label after the colon is no speaker.
    assert "House creates committee to investigate Jan. 6 attack" in title_parts(
        "Capitol riot: House creates committee to investigate Jan. 6 attack"
    )
    assert "What a true Memorial Day celebration looks like" in title_parts(
        "Opinion: What a true Memorial Day celebration looks like"
    )
    assert "Biden's promises, 100 days into his term" in title_parts(
        "Biden's promises, 100 days into his term: Status check"
    )


def test_a_cut_never_ends_inside_a_clause_it_opened() -> None:
    adams = (  # story 221: was "... in NYC Mayoral Primary as Wiley"
        "Eric Adams Takes Comfortable Lead in NYC Mayoral Primary as Wiley, Garcia Fight for "
        "Second Place"
    )
    cut = shortened(adams)
    assert cut and not cut.endswith("as Wiley"), cut
    assert is_statement(cut)


def test_a_label_a_round_up_or_a_rebuttal_loses_to_a_statement_of_the_news() -> None:
    # Dev stories 14, 52 and 155: titles with a verb that state no news.
    assert not tells_news("100 Days: How Biden Has Fared So Far on His Promises")
    assert not tells_news("The Most Savage Memes About Bill and Melinda Gates’ Divorce")
    fauci = "No, emails to Dr. Anthony Fauci don’t show early agreement that virus was human-made"
    assert not tells_news(fauci)
    claim = "Emails to Dr. Anthony Fauci don’t show early agreement that virus was human-made"
    assert claim in title_parts(fauci) and tells_news(claim)
    assert tells_news("Bill and Melinda Gates’s divorce could rock the world of charity")


def test_a_cut_never_drops_the_rest_of_a_list_the_head_has_begun() -> None:
    # NeuS dev neus-train-0254: "Workers, Students" left out "Doctor's Offices".
    push = (
        "Biden's New Covid Vaccine Push Focuses on Workers, Students, Doctor's Offices "
        "to Stifle Delta Variant"
    )
    assert len(push.split()) > MAX_WORDS
    assert shortened(push) == ""
    # A clause that only adds may still go after a list ("..., after ...").
    visit = (
        "Biden Meets Governors of Texas, Florida, Arizona on Border Crisis, "
        "After Weeks of Criticism From Both Parties"
    )
    assert shortened(visit) == "Biden Meets Governors of Texas, Florida, Arizona on Border Crisis"


def test_first_person_after_a_named_speakers_colon_is_the_speakers() -> None:
    # NeuS dev neus-train-0217: Fox News' own statement, not the outlet's voice.
    assert allowed("Fox News: We Do 'Not Condone' Hosts Hannity, Pirro Participating in Events")
    assert not allowed("We Do Not Condone Hosts Participating in Trump Campaign Events")
    assert not allowed("Our View: The Senate Should Pass the Bill")


def test_a_quotation_alone_is_no_headline() -> None:
    assert not allowed("‘Potentially a death sentence’")
    assert allowed("‘Potentially a death sentence,’ Psaki says of vaccine rumours")


def test_with_no_usable_title_the_headline_is_the_leads_main_clause_and_verified() -> None:
    draft, report = write_verified([POLITICO], ExtractiveWriter(), ExtractiveWriter())
    assert not report.fell_back
    # Not the lead: cut short of its "as dangerous" it would say something else.
    assert draft.headline == (
        "The White House Has Decided to Hit Back Harder on Misinformation and Scare Tactics"
    )
    assert len(draft.headline.split()) <= MAX_WORDS


def test_a_story_of_opinion_alone_is_headlined_as_opinion_and_verified() -> None:
    column = Article(  # the stream's Washington Post column, as-5757
        url="https://www.washingtonpost.com/opinions/what-a-true-memorial-day-celebration-looks-like/2021/05/28/8da60daa-bf03-11eb-83e3-0ca705a96ba4_story.html",
        title="Opinion: What a true Memorial Day celebration looks like",
        paragraphs=(
            "Memorial Day is a day to remember the men and women who died while serving in "
            "the armed forces.",
        ),
        site_name="Washington Post",
        kind=ArticleKind.OPINION,
        id=1,
    )
    draft, report = write_verified([column], ExtractiveWriter(), ExtractiveWriter())
    assert not report.fell_back, report.notes
    assert draft.headline == "Opinion: What a True Memorial Day Celebration Looks Like"
    # The label is the articles' kind: a news report's headline cannot carry it.
    assert check(draft.headline, [column], headline=True).supported
    title = "What a true Memorial Day celebration looks like"
    news = Article(url=column.url, title=title, paragraphs=column.paragraphs, id=2)
    assert check(headline_case(title), [news], headline=True).supported
    assert not check(f"Opinion: {headline_case(title)}", [news], headline=True).supported
    analysis_label = "Analysis: What a True Memorial Day Celebration Looks Like"
    assert not check(analysis_label, [column], headline=True).supported


def test_a_composed_line_may_quote_the_title_without_its_label_and_in_sentence_case() -> None:
    post = Article(  # the two views-only stories that fell back on the dev stream
        url="https://www.washingtonpost.com/opinions/x",
        title="Opinion: What a true Memorial Day celebration looks like",
        paragraphs=("Memorial Day is a day to remember.",),
        site_name="Washington Post",
        kind=ArticleKind.OPINION,
        id=1,
    )
    revolver = Article(
        url="https://www.revolver.news/2021/06/federal-foreknowledge-jan-6-unindicted-co-conspirators-raise-disturbing-questions/",
        title="Unindicted Co-Conspirators in 1/6 Cases Raise Disturbing Questions of Federal "
        "Foreknowledge",
        paragraphs=("The questions keep coming.",),
        site_name="Revolver News",
        kind=ArticleKind.OPINION,
        id=2,
    )
    for article in (post, revolver):
        line = perspective_line(article)
        assert check(line, [article]).supported, line
    quoted = "Washington Post published an opinion piece headlined “{}”."
    # Only the title's parts between its separators, not any run of its words.
    assert not check(quoted.format("Opinion: What a true"), [post]).supported
    assert not check(quoted.format("true Memorial Day celebration looks like"), [post]).supported


def test_a_final_initialism_keeps_its_period() -> None:
    assert headline_case("More than 600,000 have died in the U.S.") == (
        "More Than 600,000 Have Died in the U.S."  # AP: "Than" has four letters
    )


def test_a_feed_does_not_label_a_headline_twice() -> None:
    from datetime import UTC, datetime

    from newsdesk.publish.views import StoryEntry

    when = datetime(2021, 5, 28, tzinfo=UTC)

    def entry(headline: str) -> StoryEntry:
        return StoryEntry(1, 1, headline, "", when, when, ("Post",), ("en",), 1, views_only=True)

    assert entry("Patriotism and Pride").feed_title == "Opinion and analysis: Patriotism and Pride"
    assert entry("Opinion: Patriotism and Pride").feed_title == "Opinion: Patriotism and Pride"


def test_a_story_of_views_prefers_a_title_without_a_columnists_we() -> None:
    # The demo's Cuba columns (AllSides stream as-5771): the Post's title speaks as "We".
    post = Article(
        url="https://www.washingtonpost.com/opinions/2021/07/12/cuba-protests-change-diaz-canel-repression/",
        title="Cubans are losing their fear. We want change.",
        paragraphs=(
            "On Sunday, Cubans came out to the streets in more than 50 towns and cities and "
            "raised their voices to call for an end to the dictatorship.",
        ),
        site_name="The Washington Post",
        kind=ArticleKind.OPINION,
        id=1,
    )
    review = Article(
        url="https://www.nationalreview.com/2021/07/the-lefts-favorite-dictatorship-is-under-siege/",
        title="The Left’s Favorite Dictatorship Is under Siege",
        paragraphs=(
            "In Cuba, it is the government versus the people, and the protests on Sunday "
            "across the island showed how many Cubans want an end to the dictatorship.",
        ),
        site_name="National Review",
        kind=ArticleKind.OPINION,
        id=2,
    )
    draft, report = write_verified([post, review], ExtractiveWriter(), ExtractiveWriter())
    assert not report.fell_back, report.notes
    # Only the Post's page marks its piece an opinion piece: the label says no more than
    # both pages do.
    assert draft.headline == "Commentary: The Left’s Favorite Dictatorship Is Under Siege"
    # Alone, the Post's column still gets its own title: a label, not a rewrite.
    alone, _ = write_verified([post], ExtractiveWriter(), ExtractiveWriter())
    assert alone.headline.startswith("Opinion: Cubans Are Losing Their Fear")


def test_outlet_voice_teasers_lists_and_round_up_labels_are_no_headline() -> None:
    # Editor's read, session 5 (AllSides stream dev titles): the page's packaging.
    adams = "Eric Adams will likely be NYC's next mayor. Here's why it matters"
    assert not allowed(adams)
    assert "Eric Adams will likely be NYC's next mayor" in title_parts(adams)
    suing = "Trump is suing Mark Zuckerberg and Jack Dorsey. Here's why they shouldn't worry"
    assert "Trump is suing Mark Zuckerberg and Jack Dorsey" in title_parts(suing)
    assert not allowed("5 Things To Watch At The Biden-Putin Summit")
    assert not allowed(
        "Big Government Is Back, And 3 Other Takeaways From Biden's Address To Congress"
    )
    # A columnist's second sentence is no teaser: the title is not cut there.
    assert title_parts("Cubans are losing their fear. We want change.") == {
        "Cubans are losing their fear. We want change"
    }
    # Plain titles of the same stories stay.
    assert allowed("Biden, unlike predecessors, has maintained Putin skepticism")
    assert allowed("Trump sues Twitter, Facebook, Google and CEOs Dorsey, Zuckerberg, Pichai")


def test_a_gerund_label_loses_to_a_statement() -> None:
    # Reuters' "Back to pubs, gyms and movies: plotting the road back to normal" (as-6020).
    assert not tells_news("plotting the road back to normal")
    assert not tells_news("Back to pubs, gyms and movies: plotting the road back to normal")
    assert tells_news("California to remove pandemic restrictions on June 15")
    # A participle before its noun is a statement's subject; a label before a colon may go.
    assert tells_news("Rising Prices Hit Consumers Hardest in 13 Years")
    assert tells_news("Watching the Skies: NASA Launches Telescope")


def test_a_label_loses_to_a_title_that_states_the_news() -> None:
    """AllSides stream as-6020 (texts cut to their openings): Reuters' factbox title
    "plotting the road back to normal" is a label, as is a round-up's ("Reactions to
    Donald Rumsfeld's death"): each loses to a title that states the news and stands
    only where none does (a strong penalty, not a ban)."""
    assert not tells_news("plotting the road back to normal")
    assert not tells_news("Reactions to Donald Rumsfeld's death")
    rumsfeld = "'Faithful steward of our armed forces': Reactions to Donald Rumsfeld's death"
    assert not tells_news(rumsfeld)
    reuters = Article(
        url="https://www.reuters.com/article/us-health-coronavirus-reopening-factbox/"
        "factbox-back-to-pubs-gyms-and-movies-plotting-the-road-back-to-normal-idUSKCN2D21SS",
        title="Back to pubs, gyms and movies: plotting the road back to normal",
        paragraphs=(
            "As the COVID-19 vaccine rollout gains momentum, many countries are planning a "
            "gradual return to normal, opening borders and letting people back into "
            "restaurants, shops and sports venues after more than a year of on-off lockdowns.",
        ),
        site_name="Reuters",
        kind=ArticleKind.NEWS,
        id=1,
    )
    examiner = Article(
        url="https://www.washingtonexaminer.com/news/california-remove-pandemic-restrictions-june-15",
        title="California to remove pandemic restrictions on June 15",
        paragraphs=(
            "California will drop most pandemic restrictions on June 15.",
            "Social distancing rules will end, and businesses will be able to open at full "
            "capacity.",
        ),
        site_name="Washington Examiner",
        kind=ArticleKind.NEWS,
        id=2,
    )
    draft, _ = write_verified([reuters, examiner], ExtractiveWriter(), ExtractiveWriter())
    assert draft.headline == "California to Remove Pandemic Restrictions on June 15"
    alone, _ = write_verified([reuters], ExtractiveWriter(), ExtractiveWriter())
    assert alone.headline == "Plotting the Road Back to Normal"
