"""The loaded-word lexicon (newsdesk.text.loaded) on real headlines and sentences.

The loaded cases are headlines the default writer published from the AllSides stream
(issue 20); the neutral ones are sentences of the same stream where a listed word's
plain sense must not count (an explosion's blast, a snap election, sick patients).
"""

from __future__ import annotations

import pytest

from newsdesk.text.loaded import loaded_words, outside_quotes


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("White House Slams Facebook as Conduit for COVID-19 Misinformation", ["Slams"]),
        ("Biden Snaps at Reporter over Putin Question", ["Snaps at"]),
        ("Trump Trashes Pence in Blistering Statement", ["Trashes", "Blistering"]),
        ("Bombshell Report Shows Cuomo Aides Rewrote Nursing Home Data", ["Bombshell"]),
        ("Glenn Greenwald Whacks The Intercept for Attacking Reporters", ["Whacks"]),
        ("The far-left fumed over an initial draft of the bill.", ["far-left", "fumed"]),
        ("Republicans blasted the plan as a giveaway.", ["blasted"]),
    ],
)
def test_loaded_words_are_found(text: str, found: list[str]) -> None:
    assert loaded_words(text) == found


@pytest.mark.parametrize(
    "text",
    [
        "A blast at a fireworks warehouse killed 5 people on Sunday.",
        "Japan's prime minister called a snap election for October.",
        "Hospitals said 40 sick patients were moved overnight.",
        "The fire destroyed 100 homes in the county.",
        "Senate Approves Asian American Hate Crimes Bill",
        "Police found an explosive device near the station.",
    ],
)
def test_plain_senses_are_not_loaded(text: str) -> None:
    assert loaded_words(text) == []


@pytest.mark.parametrize(
    "text",
    [
        # NeuS sentences whose listed word is used in a plain sense its neighbours show.
        "The bill cleared the House after Speaker Nancy Pelosi and Treasury Secretary "
        "Steve Mnuchin hammered out the details last month.",
        "Tropical Storm Harvey is threatening to inundate southwestern Louisiana with "
        "potentially disastrous flooding.",
        "Rare winter storm slams Texas with snow, ice and bitterly cold temps.",
        "Super typhoon slams into China after pummeling Philippines.",
        "Stores were looted, buildings were vandalized and police vehicles were torched.",
        "Jeff Bezos Blasts Off to Space on Blue Origin's First Manned Flight.",
        "Her role in the brutal interrogation of a Qaeda suspect could scuttle her nomination.",
        "The aid helped Americans as the pandemic ripped through the country.",
    ],
)
def test_plain_senses_shown_by_context_are_not_loaded(text: str) -> None:
    assert loaded_words(text) == []


@pytest.mark.parametrize(
    ("text", "found"),
    [
        # The same words in the critic's sense stay loaded.
        ("President Trump on Monday hammered the media after the correction.", ["hammered"]),
        ("Democratic lawmakers ripped into Pence over the trip.", ["ripped"]),
        ("Fauci torched for backtracking on '6 feet'", ["torched"]),
        ("Attorney General stepped down after brutal criticism from the president.", ["brutal"]),
        # A judgement of a regime is the outlet's, not a literal act.
        ("Protesters marched against the brutal regime in Havana.", ["brutal"]),
        ("Exiles recalled decades of brutal dictatorship.", ["brutal"]),
        ("The campaign's press secretary had a disastrous interview on Thursday.", ["disastrous"]),
        ("Senators slammed the storm response as slow.", ["slammed"]),
    ],
)
def test_loaded_senses_beside_plain_ones_still_count(text: str, found: list[str]) -> None:
    assert loaded_words(text) == found


def test_quoted_words_are_the_speakers() -> None:
    quoted = 'Biden called the ruling "an outrageous attack" on rights, the White House said.'
    assert loaded_words(quoted) == []
    assert "outrageous" not in outside_quotes(quoted)
    assert loaded_words("Biden calls ruling “outrageous”; Republicans slam it") == ["slam"]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        # The Epoch Times' lead and headline in the stream (and in NeuS): a limit on
        # speech framed as its suppression, in the outlet's own voice.
        (
            "The Biden administration and a Pennsylvania school district urged a skeptical "
            "Supreme Court to let school districts suppress free speech by students on social "
            "media if they deem it potentially disruptive to school operations.",
            ["suppress free speech"],
        ),
        (
            "Biden Administration Urges Supreme Court to Allow Schools to Censor Student "
            "Expression Online",
            ["Censor Student Expression"],
        ),
    ],
)
def test_framing_verbs_with_speech_as_object_are_loaded(text: str, found: list[str]) -> None:
    assert loaded_words(text) == found


@pytest.mark.parametrize(
    "text",
    [
        # Every other use of the framing verbs in the stream's dev half and in NeuS dev:
        # another object, a noun, or a charge the sentence attributes.
        "Republicans say the bill would provide greater election security, while Democrats "
        "charge it would suppress voter turnout of minorities.",
        "Biden's new Covid vaccine push focuses on workers, students, doctor's offices to "
        "stifle delta variant",
        "Trump to sue Facebook, Twitter, Google over alleged censorship, says they've "
        "'ceased to be private'",
        "Members of Team Save America organized the event at the United Nations Plaza to "
        "protest against Twitter, which they say suppresses free speech.",
        "The lawsuit filed Monday alleges the social media giant censored conservative voices "
        'by "shadow-banning" them, which Nunes says potentially impacted the 2018 midterm '
        "election results.",
        "The president and other Republicans have claimed that social media firms use the "
        "law to unfairly censor conservatives.",
        "The silencing of conservative speech on social media has spiraled into a "
        '"coordinated effort" by big tech to close down Parler, according to the social '
        "media platform's CEO John Matze.",
        "Some are even evading censors, who commonly stifle criticism of the government, to "
        "register complaints about how officials have handled the crisis.",
        "Google Settles With U.S. Over Workers’ Complaints It Stifled Dissent.",
    ],
)
def test_framing_verbs_in_plain_or_attributed_uses_are_not_loaded(text: str) -> None:
    assert loaded_words(text) == []


@pytest.mark.parametrize(
    ("text", "found"),
    [
        # Editor's read, session 5: every use of these senses in the stream's dev half and
        # in NeuS dev (titles and texts) is loaded.
        (
            "Texas governor signs extreme six-week abortion ban into law",
            ["extreme six-week abortion ban"],
        ),
        (
            "Even Anti-Abortion Gov. Kasich Couldn’t Sign This Extreme Abortion Measure.",
            ["Extreme Abortion Measure"],
        ),
        ("Supreme Court Allows GOP’s Extreme Gerrymandering to Stand.", ["Extreme Gerrymandering"]),
        ("GOP votes to dump Cheney from leadership", ["dump Cheney"]),
        ("GOP Votes to Dump Cheney From Leadership", []),  # title case: no name is read
        ("The most savage memes about Bill and Melinda Gates’ divorce", ["savage"]),
        (
            "During his Fox News primetime show on June 15, 2021, host Tucker Carlson launched "
            "into a diatribe accusing the FBI of orchestrating the Jan. 6 attack on the U.S. "
            "Capitol.",
            ["diatribe"],
        ),
        (
            "In an extraordinary bow to former President Trump, House Republicans voted Wednesday "
            "to purge GOP Conference Chair Liz Cheney from her leadership post, punishing the "
            "conservative Wyoming Republican for daring to refute Trump’s lie that the 2020 "
            "election was stolen.",
            ["extraordinary bow to", "purge GOP", "for daring to"],
        ),
        # Editor's read, session 6: prices that "roared higher" are CNN's heat (AP writes
        # "rose" or "soared"), a conference "beholden to" Trump The Hill's judgement.
        (
            "Consumer prices roared higher last month, rising at their fastest pace in decades.",
            ["prices roared"],
        ),
        (
            "The American economy roared ahead last month, as employers added 255,000 jobs.",
            ["economy roared"],
        ),
        (
            "House Republicans on Friday elevated Rep. Elise Stefanik (R-N.Y.) to replace Rep. "
            "Liz Cheney (R-Wyo.) as the party’s conference chair, capping a tumultuous "
            "three-week stretch that exposed deep divisions in a conference beholden to former "
            "President Trump.",
            ["beholden to"],
        ),
        (
            "President Trump’s purge of the nation’s top homeland security officials is a sign "
            "that he is preparing to unleash an even fiercer assault on immigration.",
            ["purge of the nation’s top homeland security officials"],
        ),
    ],
)
def test_session5_loaded_senses(text: str, found: list[str]) -> None:
    assert loaded_words(text) == found


@pytest.mark.parametrize(
    "text",
    [
        # The plain uses of the same words in the same data, which must stay unflagged.
        "Extreme weather poses risks to supply chains, food and water, housing and energy.",
        "Extreme heat shatters records across Western US",
        "Communities have been told to evacuate as firefighters struggle to battle the blazes in "
        "the extreme conditions.",
        "A federal appeals court ruled Thursday that President Trump’s extreme vetting executive "
        "order is likely illegal.",
        "A tropical storm system has dumped heavy rain on the area of Haiti where a "
        "7.2-magnitude earthquake on Saturday killed more than 1,400 people.",
        "Tropical Storm Grace was expected to dump somewhere between 5-10 inches of rain on Haiti.",
        "The two sides agreed on monitoring and enforcement mechanisms to prevent steel dumping "
        "that might affect prices.",
        "Burr dumped between $582,029 and $1.56 million in March just prior to the market crash.",
        "If it's Friday in politics, there's the potential for a news dump.",
        "Supreme Court upholds Ohio's policy for purging voter rolls.",
        "Supreme Court: States can purge voters who don't vote or respond to warnings.",
        "Conservatives on the Supreme Court on Monday upheld Ohio’s method of purging voters from "
        "the rolls after they miss elections.",
        # An engine, a crowd, a hurricane or a virus that roars is plain.
        "The engine roared as the car pulled out of the pit lane.",
        "The crowd roared when the verdict was read.",
        "Hurricane Irma roars toward south Florida as millions warned to leave their homes.",
        "He was safely behind the lines, but he could hear the distant roar of the giant guns.",
        "As virus roars back, so do signs of a new round of layoffs.",
        "Taiwan will not bow to pressure and nobody can force it to accept the path China has "
        "laid out.",
        "Theresa May has bowed to intense pressure from her own party and named 7 June as the day.",
        "Republicans dare Pelosi to hold impeachment vote.",
        # A charge the sentence attributes is a report.
        "Democrats say the nominee is beholden to the gun lobby.",
        "Critics accused him of being beholden to his donors.",
        # AP style: "restrictive" describes a law that restricts (AP's own wording for these
        # bills); it is a description, not the outlet's verdict ("voter suppression" would be).
        "Florida Gov. Ron DeSantis signs restrictive voting bill",
        "Justice Department announces challenge to Georgia's restrictive voting law",
        # Not in the data, guards of the plain senses kept: "soared" is AP's plain verb for
        # a steep rise; a savage beating is literal violence (as a brutal one).
        "Lumber prices soared 300% during the pandemic.",
        "The victim died after a savage beating in the park.",
    ],
)
def test_session5_plain_uses_stay_unflagged(text: str) -> None:
    assert loaded_words(text) == []


def test_bloody_and_boasting_are_the_outlets_words() -> None:
    # The s5 editor's read: "Bloody July Fourth Weekend Leaves 150 Fatally Shot ..." (Fox
    # News) and "boasted" were missed.
    assert loaded_words("Bloody July Fourth Weekend Leaves 150 Fatally Shot") == [
        "Bloody July Fourth Weekend"
    ]
    assert loaded_words("A bloody Fourth of July weekend ended with 150 killed.") == [
        "bloody Fourth of July weekend"
    ]
    assert loaded_words("It was a bloody day in Kabul.") == ["bloody day"]
    assert loaded_words("President Trump boasted about his call with Putin.") == ["boasted about"]
    assert loaded_words("Even as China boasts of getting the outbreak under control")
    assert loaded_words("“We won,” he boasted.") == ["he boasted"]
    assert loaded_words("Trump boasted -- incorrectly -- that he is building a wall")


def test_plain_blood_and_plain_boasts_stay_plain() -> None:
    assert not loaded_words("the 56th anniversary of Bloody Sunday, a protest in Selma")
    # A war or an exit in which people died is described, not judged.
    assert not loaded_words("Israel, Hamas agree to cease-fire to end bloody 11-day war")
    assert not loaded_words("The US departure marks the end of a fraught, chaotic and bloody exit")
    assert not loaded_words("a city still reeling from the bloody attack on the synagogue")
    assert not loaded_words("a day after protests against Israel turned bloody")
    assert not loaded_words("He left with a bloody nose.")
    assert not loaded_words("The city boasts a population of 2 million.")
    assert not loaded_words("The stadium boasts 50,000 seats.")
