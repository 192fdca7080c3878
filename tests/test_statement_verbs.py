"""Headlines that state news are not labels: the verb test reads the news verbs and the
plural subjects that titles use ("Trump Picks ...", "U.S., China Formally Join ...",
"Nearly 200,000 Remain ..."). Each title below is a real outlet title that the label
penalty had turned down (NeuS dev items neus-train-0024, -0211, -0268, -0258, -0197;
the AllSides stream's dev half); the labels are the issue's and the stream's."""

from __future__ import annotations

import pytest

from newsdesk.text.statements import has_verb, is_statement

STATEMENTS = [
    "U.S., China Formally Join Paris Climate Pact",
    "Nearly 200,000 Remain Under Evacuation Near California Dam",
    "Trump Picks State Department's Heather Nauert as Next UN Ambassador",
    "Trump Floats Economic Stimulus in Response to Coronavirus",
    "House Republicans Defeat Attempt to Subpoena Trump Interpreter",
    "Trump and Biden condemn shooting of Los Angeles County sheriff’s deputies",
    "Manchin, Murkowski Call on Congress to Reauthorize Voting Rights Act",
    "Mueller obtains Erik Prince's communications",
    # NeuS dev titles (neus-train-0010, -0139, -0137, -0155, -0242, -0291, -0053, -0096)
    "5 stabbed at Hanukkah celebration in latest attack on Jews",
    "Pennsylvania, Nebraska, Idaho, Oregon hold primary elections",
    "No-name firm with Zinke ties lands $300M Puerto Rico power contract",
    "Pennsylvania court tosses congressional boundaries",
    "150 Americans to board Qatar commercial flight out of Kabul",
    "Oxford University Coronavirus Vaccine Trial Produces Strong Immune Response",
    "More cheers than boos greet President Trump at UFC 244 at MSG",
    "Trump tweets mock video of himself tackling, punching CNN logo",
]

LABELS = [
    "Free Speech",
    "Biden's Latest $1 Trillion+ Plan",
    "Patriotism and Pride",
    "Guns, Germs and Steel",
    "Back to Pubs, Gyms and Movies: Plotting the Road Back to Normal",
    "San Jose Shooting: Nine Dead, Including Gunman, After Attack at California Rail Yard",
    "Trump and Clinton at the 'commander-in-chief' forum",
    "10 Takeaways From the Debate",
    "5 Things to Watch in Tuesday Primaries",
    "Pennsylvania, Nebraska, Idaho and Oregon Primaries",
    "3 Dead in Shooting",
    "Nine Dead, Including Gunman, After Attack at California Rail Yard",
]


@pytest.mark.parametrize("title", STATEMENTS)
def test_a_title_that_states_news_is_a_statement(title: str) -> None:
    assert is_statement(title)


@pytest.mark.parametrize("title", LABELS)
def test_a_label_stays_a_label(title: str) -> None:
    assert not is_statement(title)


def test_the_subject_before_a_verb_is_read_by_words_not_letters() -> None:
    # "Win" is inside "Edwin": the words before the verb are "Edwin, Biden", two names.
    assert has_verb("Trump, Biden Win Awards")
    assert has_verb("Edwin, Biden Win Awards")
    assert has_verb("Joiner, Biden Join Pact")
