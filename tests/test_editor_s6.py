"""An editor's faults left after session 5 (issue 20), each from a story of the AllSides
stream as our clustering formed it (tests/fixtures/write/allsides-stream-editor-s6.jsonl:
the stream's rows, ``story`` naming the story): a fact check's claim printed without its
rebuttal, headline clauses the text never tells, publications named without their "The"."""

from __future__ import annotations

from newsdesk.models import VIEW_KINDS, Article, ArticleKind
from newsdesk.text.loaded import loaded_words
from newsdesk.verify import check
from newsdesk.write import ExtractiveWriter
from newsdesk.write.carried import carried_clauses
from newsdesk.write.clean import leans_back, role_reference
from newsdesk.write.factcheck import finding_line, tells_checked_claim
from newsdesk.write.perspectives import perspective_line, proper_name
from newsdesk.write.shape import same_action
from stream_stories import labelled_rows, stream_story
from stream_stories import written as written_story

ROWS = labelled_rows("allsides-stream-editor-s6.jsonl")


def story(label: str) -> list[Article]:
    return stream_story(ROWS, label)


def written(label: str) -> tuple[str, list[str]]:
    return written_story(story(label))


def test_a_fact_checks_claim_is_not_printed_as_if_it_stood() -> None:
    # Snopes, "No, the Jan. 6 Attack on the Capitol Wasn't an FBI False Flag": our text
    # ended on "“... they were FBI operatives,” Carlson asserted." with no rebuttal.
    articles = story("snopes")
    assert [a.kind for a in articles] == [ArticleKind.FACT_CHECK]
    _, told = written("snopes")
    assert not any("Carlson asserted" in s for s in told), told
    finding = (
        "Snopes published a fact check headlined “No, the Jan. 6 Attack on the Capitol "
        "Wasn’t an FBI False Flag”."
    )
    assert finding in told, told
    assert told.index(finding) == 1  # right after the lead that tells the accusation
    assert check(finding, articles).supported


def test_a_fact_checks_quoted_claim_gives_way_to_its_finding() -> None:
    # Poynter on the Fauci emails: "“Dr Fauci exposed for the fraud he is,” said a June 2
    # Facebook post from the WTF Files." was printed with nothing saying it is false.
    _, told = written("poynter")
    assert not any("fraud he is" in s for s in told), told
    assert any(s.startswith("Poynter published a fact check headlined “No, emails") for s in told)


def test_what_a_claim_is_told_by() -> None:
    assert tells_checked_claim(
        "“What does that mean? Well, it means that in potentially every single case, they "
        "were FBI operatives,” Carlson asserted."
    )
    assert tells_checked_claim("Carlson asserted that the FBI organised it.")
    assert not tells_checked_claim(
        "BuzzFeed and The Washington Post received the emails in response to a Freedom of "
        "Information Act request, and both published articles on June 1."
    )
    assert not tells_checked_claim(
        "Charging documents in criminal cases cite “unindicted co-conspirators.”"
    )


def test_a_report_gives_no_finding_line() -> None:
    report = next(a for a in story("board") if a.kind is ArticleKind.NEWS)
    assert finding_line(report).startswith(report.site_name)  # only cited fact checks get one
    _, told = written("board")
    assert not any("fact check" in s for s in told)


def test_a_headline_clause_the_text_never_tells_is_cut() -> None:
    # The Epoch Times' "..., Layoffs Hit Record Low" over a text that never mentions
    # layoffs; Reuters' "..., Plead for Police Reform in Congress Speech" over one that
    # never mentions police (no report's whole sentence tells either).
    for label, headline in (
        ("openings", "US Job Openings Rise to Record High"),
        ("speech", "Biden to Push Trillions in Investment"),
    ):
        got, told = written(label)
        assert got == headline, (label, got, told)


def test_a_headline_clause_is_told_by_the_report_that_tells_it() -> None:
    # Newsmax's "Facebook Board Upholds Trump Ban but Orders New Review" over a text that
    # never mentioned the review: the BBC's "It has ordered Facebook to review the
    # decision ..." comes in with the sentence it leans on, after the BBC's lead, and the
    # body's last sentences give way to keep the bound.
    headline, told = written("board")
    assert headline == "Facebook Board Upholds Trump Ban but Orders New Review"
    assert told[:3] == [
        "Donald Trump's ban from Facebook and Instagram has been upheld by Facebook's "
        "Oversight Board.",
        "But it criticised the permanent nature of the ban as beyond the scope of "
        "Facebook's normal penalties.",
        'It has ordered Facebook to review the decision and "justify a proportionate '
        'response" that is applied to everyone, including ordinary users.',
    ], told
    assert sum(len(s.split()) for s in told) <= ExtractiveWriter().options.max_words


def test_a_clause_is_kept_where_the_text_tells_it_or_it_names_the_speaker() -> None:
    text = (
        "Facebook's Oversight Board upheld the ban on Donald Trump. The board ordered the "
        "company to review the decision within six months."
    )
    headline = "Facebook Board Upholds Trump Ban but Orders New Review"
    assert carried_clauses(headline, text) == headline
    said = "COVID-19 Lab Leak Theory Cannot Be Ruled Out, Leading Scientists Say"
    assert carried_clauses(said, "A lab leak cannot be ruled out.") == said
    listed = "Biden to Face Global Challenges From China, Russia as He Departs for First Trip"
    assert carried_clauses(listed, "Biden faces global challenges from China.") == listed


def test_a_bloody_weekend_heads_no_story() -> None:
    # Fox News' "Bloody July Fourth weekend leaves 150 fatally shot ..." headed the story
    # and its "A bloody Fourth of July weekend ended with ..." led it.
    headline, told = written("shootings")
    assert "bloody" not in f"{headline} {' '.join(told)}".lower(), (headline, told)
    assert not loaded_words(headline), headline
    assert not any(loaded_words(s) for s in told), told


def test_a_publication_is_named_with_its_the() -> None:
    # "In Washington Post, an opinion piece argues that ..." (14 lines in the s5 read).
    assert proper_name("Washington Post") == "The Washington Post"
    assert proper_name("New York Times") == "The New York Times"
    assert proper_name("The Hill") == "The Hill"
    assert proper_name("Reuters") == "Reuters"
    assert proper_name("New York Post") == "the New York Post"  # AP: a newspaper's "the" (s6-fix1)
    view = next(a for a in story("speech") if a.site_name == "Washington Post")
    line = perspective_line(view)
    assert line.startswith("The Washington Post published "), line
    assert check(line, [view]).supported


def test_the_verifier_takes_no_the_for_a_name() -> None:
    view = next(a for a in story("speech") if a.site_name == "Washington Post")
    line = perspective_line(view)
    title = line.split("headlined ", 1)[1]
    assert not check(f"The published a commentary headlined {title}", [view]).supported
    assert not check(f"The Nation published a commentary headlined {title}", [view]).supported


def test_a_sentence_that_names_what_was_just_told_follows_it() -> None:
    # AP: "A confrontation ... escalated Tuesday as Israel unleashed new airstrikes on Gaza
    # while militants barraged southern Israel ... The exchange killed ...": our text put
    # "The exchange killed ..." before the sentence it names.
    _, told = written("rockets")
    exchange = next(i for i, s in enumerate(told) if s.startswith("The exchange killed"))
    assert told[exchange - 1].startswith("A confrontation between Israel and Hamas"), told


def test_a_count_of_people_told_before_needs_them() -> None:
    # AP: "People went out of their homes, ... Many fired in the air, celebrating the
    # truce.": our text had "Many fired in the air" with no people before it.
    _, told = written("truce")
    assert not any(s.startswith("Many fired") for s in told), told
    assert leans_back("Many fired in the air, celebrating the truce.")
    assert leans_back("The exchange killed a number of militants and civilians in Gaza.")
    assert not leans_back("All unobligated money was being returned to military.")
    assert not leans_back("Most economists expect growth to slow.")
    assert not leans_back("The exchange rate fell.")
    assert not leans_back("Thousands marched in the capital on Sunday.")


def test_a_role_in_place_of_a_name_needs_the_name_in_our_text() -> None:
    # BBC: "... supporters of then-President Donald Trump stormed the building. ... The
    # report does not discuss the role of the Republican president in the riot." Our text
    # never named Trump.
    _, told = written("report")
    assert not any("Republican president" in s for s in told), told
    # Newsweek's "The Republican governor also announced ..." stays where our lead names
    # Texas Gov. Greg Abbott.
    headline, told = written("wall")
    assert told[0].startswith("Texas Gov. Greg Abbott"), told
    assert any(s.startswith("The Republican governor also announced") for s in told), told
    assert "$250 Million" in headline
    assert (
        role_reference(
            "The report does not discuss the role of the Republican president in the riot.",
            ["It found that supporters of then-President Donald Trump stormed the building."],
        )
        == "trump"
    )
    assert role_reference("The president of Mexico spoke.", ["President Joe Biden"]) == ""


def _lines(label: str) -> dict[str, str]:
    articles = story(label)
    others = "\n".join(a.text for a in articles)
    return {a.site_name: perspective_line(a, others) for a in articles if a.kind in VIEW_KINDS}


def test_a_perspective_line_never_states_the_premise_a_piece_argues_against() -> None:
    # Vox on critical race theory: "... it would be easy to think that critical race
    # theory is a complicated, controversial, or new idea" was said to be what Vox argues.
    line = _lines("crt")["Vox"]
    assert "easy to think" not in line, line
    assert line == (
        "Vox published a commentary headlined “What the hysteria over critical race theory "
        "is really all about”."
    )


def test_a_perspective_line_is_no_opening_scene_or_connective() -> None:
    # NPR: "argues that an important election takes place Tuesday, June 22, in New York
    # City" (the opening, a fact); The Washington Post: "argues that for one, efforts to
    # discover a natural source of the virus have failed" (a "for one" with nothing before).
    npr = _lines("rcv")["NPR"]
    assert "important election" not in npr, npr
    assert npr.startswith("NPR published a commentary headlined “Ranked-Choice Voting")
    post = _lines("lableak")["Washington Post"]
    assert "for one" not in post, post
    assert post.startswith("The Washington Post published a commentary headlined “Timeline")


def test_a_count_of_whom_the_first_telling_named_adds_no_fact() -> None:
    # CNN: "President Joe Biden said Thursday he has agreed to a deal on infrastructure
    # with a bipartisan group of senators ..."; National Review: "President Joe Biden
    # announced an agreement on a bipartisan infrastructure package Thursday, giving his
    # stamp of approval to a plan spearheaded by ten senators." was told as well: its "ten
    # senators" counted as a figure of its own.
    first = (
        "President Joe Biden said Thursday he has agreed to a deal on infrastructure with a "
        "bipartisan group of senators after White House officials and the senators had a "
        "massive breakthrough the night before in their infrastructure negotiations."
    )
    again = (
        "President Joe Biden announced an agreement on a bipartisan infrastructure package "
        "Thursday, giving his stamp of approval to a plan spearheaded by ten senators."
    )
    assert same_action(first, again)
    _, told = written("deal")
    assert first in told, told
    assert again not in told, told
    # A figure that counts something new, a span or a year is still a fact of its own.
    assert not same_action(
        "Fewer voter registrations are being canceled this year than in 2017, when 534,000 "
        "were eliminated from Georgia’s voter rolls during the largest removal of "
        "registrations in U.S. history.",
        "The names are being removed because of a National Change of Address form submitted "
        "to the U.S. Postal Service, election mail being sent to them bouncing back; or "
        "having no contact with elections officials for at least five years.",
    )
    assert not same_action(
        "Maricopa County officials refused to turn over the election routers.",
        "Maricopa County officials refused to turn over routers from the 2020 election.",
    )
    assert not same_action(
        "Biden agreed to a deal with senators.",
        "Biden agreed to a deal with senators on 12 bridges.",
    )


def test_a_cut_headline_keeps_no_sentence_end_and_the_former_is_a_title() -> None:
    # NeuS (train 0005, 0268): a title's second sentence cut leaves no period behind; "The
    # former Fox News host is Trump's pick ..." names Heather Nauert by a title, it does not
    # point back like "The former said ...".
    title = (
        "Republicans Didn't Lose in California Because of Ballot Harvesting. But the "
        "Practice Is Concerning"
    )
    text = "Republicans did not lose in California because of ballot harvesting, data show."
    assert carried_clauses(title, text) == (
        "Republicans Didn't Lose in California Because of Ballot Harvesting"
    )
    assert not leans_back("The former Fox News host is Trump’s pick to replace Nikki Haley.")
    assert leans_back("The former said he would not run again.")
