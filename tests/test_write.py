"""The default writer on real text: the example raw article and NeuS sample stories."""

import json
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path

from newsdesk.extract import ExtractOptions, extract
from newsdesk.models import Article, RawDocument
from newsdesk.verify import verify, write_verified
from newsdesk.write.base import headline_case, split_sentences
from newsdesk.write.coverage import coverage, what_changed
from newsdesk.write.extractive import ExtractiveWriter, WriterOptions, condense_attribution

SAMPLE = Path(str(resources.files("newsdesk") / "sample"))


def raw_example() -> Article:
    page = (SAMPLE / "pages" / "rco-news-mexico-deportation-flight.html").read_bytes()
    doc = RawDocument(
        key="k",
        url="https://rco-news.example/x",
        final_url="https://rco-news.example/x",
        status=200,
        headers={},
        body=page,
        fetched_at=datetime(2025, 1, 25, tzinfo=UTC),
    )
    result = extract(doc, ExtractOptions())
    assert isinstance(result, Article)
    return Article(**{**{f: getattr(result, f) for f in result.__dataclass_fields__}, "id": 1})


def sample_event(event: str) -> list[Article]:
    articles = []
    for line in (SAMPLE / "articles.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        if record["neus_id"].startswith(event):
            articles.append(
                Article(
                    url=record["url"],
                    title=record["title"],
                    paragraphs=(record["text"],),
                    site_name=record["site_name"],
                    id=len(articles) + 1,
                )
            )
    return articles


def test_raw_example_alone_loses_the_outlet_voice_and_cites_everything() -> None:
    article = raw_example()
    draft, report = write_verified([article], ExtractiveWriter(), ExtractiveWriter())
    text = " ".join(s.text for s in draft.sentences())
    assert "end of message" not in text.lower()
    assert "RCO" not in text
    assert "According to Isna" not in text
    assert all(s.sources == (1,) for s in draft.sentences())
    assert (
        draft.headline
        == "Mexico Opposes the Landing of the American Plane Carrying Deported Immigrants"
    )
    assert report.checked_claims == report.supported_claims
    assert not report.fell_back


def test_attribution_chains_are_condensed() -> None:
    sentence = (
        "According to Isna, NBC News reported for the first time on Friday that the "
        "Mexican government has opposed the request."
    )
    assert condense_attribution(sentence) == (
        "The Mexican government has opposed the request, NBC News reported."
    )
    assert (
        condense_attribution("According to Reuters, the plan was dropped.")
        == "The plan was dropped."
    )
    assert condense_attribution("Nothing to condense here.") == "Nothing to condense here."


def test_headline_case() -> None:
    title = "trump slams john kerry for 'shadow diplomacy' on iran deal."
    assert headline_case(title) == "Trump Slams John Kerry for 'shadow Diplomacy' on Iran Deal"
    assert headline_case("China imposes another $60 billion in tariffs", "sentence") == (
        "China imposes another $60 billion in tariffs"
    )
    assert headline_case("NATO and the U.S. in talks") == "NATO and the U.S. in Talks"


def test_sentences_split_on_real_text_but_not_on_abbreviations() -> None:
    text = "The U.S. Senate voted. Sen. Warren said no. It passed 51-49."
    assert split_sentences(text) == [
        "The U.S. Senate voted.",
        "Sen. Warren said no.",
        "It passed 51-49.",
    ]


def test_multi_outlet_story_merges_and_cites_several_outlets() -> None:
    articles = sample_event("neus-val-0062")  # China's tariffs on $60 billion of US goods
    assert len(articles) == 3
    draft, report = write_verified(articles, ExtractiveWriter(), ExtractiveWriter())
    cited = {i for s in draft.sentences() for i in s.sources}
    assert len(cited) >= 2
    assert report.checked_claims == report.supported_claims
    assert "$60 Billion" in draft.headline
    info = coverage(articles)
    assert sorted(o["name"] for o in info["outlets"]) == ["Outlet A", "Outlet B", "Outlet C"]
    assert what_changed(articles[:1], articles, draft, draft).startswith("Added reporting from")


def test_sentence_case_option() -> None:
    articles = sample_event("neus-val-0062")
    draft = ExtractiveWriter(WriterOptions(headline_case="sentence")).write(articles)
    words = draft.headline.split()
    assert words[0][0].isupper()
    assert any(w.islower() for w in words[1:])


def test_writer_output_verifies_on_every_sample_event() -> None:
    events = {
        json.loads(line)["neus_id"].rsplit("-", 1)[0]
        for line in (SAMPLE / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    }
    for event in sorted(events):
        articles = sample_event(event)
        draft = ExtractiveWriter().write(articles)
        checked, report = verify(draft, articles)
        assert checked is not None, (event, report.notes)
        assert report.dropped == (), (event, report.notes)
