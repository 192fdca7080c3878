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
