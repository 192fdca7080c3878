"""The text primitives (newsdesk.text) on real sentences, titles and pages.

Sentences come from the bundled sample (NeuS/AllSides articles), the RCO NEWS article in
tests/fixtures/write and the extraction fixtures in tests/fixtures/extract (licences in
tests/fixtures/README.md).
"""

from __future__ import annotations

import ast
import gzip
import json
from collections import Counter
from pathlib import Path

import pytest

from newsdesk.text import (
    COMMON_WORDS,
    clean_title,
    content_stems,
    cosine,
    decode,
    document_charset,
    header_charset,
    headline_case,
    marked_terms,
    names,
    number_label,
    numbers,
    plain_punctuation,
    split_sentences,
    stem,
    stems,
    strip_outlet_name,
    terms,
    title_eq,
    words,
)

DATA = Path(__file__).parent / "fixtures"
SRC = Path(__file__).resolve().parents[1] / "src" / "newsdesk"
RCO = (DATA / "write" / "rco-news-raw-article.txt").read_text(encoding="utf-8").splitlines()


def sample_texts() -> list[str]:
    lines = (Path(__file__).resolve().parent / "fixtures" / "sample" / "articles.jsonl").read_text(
        "utf-8"
    )
    return [json.loads(line)["text"] for line in lines.splitlines()]


def bembel_page() -> bytes:
    path = DATA / "extract" / "trafilatura-eval-bayrische-bembel.html.gz"
    return gzip.decompress(path.read_bytes())


# ------------------------------------------------------------------------------ tokens


def test_words_are_case_folded_word_tokens() -> None:
    assert words("Mexico’s foreign ministry said in a statement late Friday") == [
        "mexico",
        "s",
        "foreign",
        "ministry",
        "said",
        "in",
        "a",
        "statement",
        "late",
        "friday",
    ]
    assert title_eq("Mexico opposes the landing!", "mexico  OPPOSES the landing")
    assert not title_eq("Mexico opposes the landing", "Mexico opposes landing")
    assert not title_eq("", "")


def test_content_stems_keep_the_content_words_stemmed() -> None:
    sentence = "US military planes made two similar flights to Guatemala on Friday"
    bag = content_stems(sentence)
    assert bag == Counter(
        ["us", "militari", "plane", "made", "two", "similar", "flight", "guatemala", "friday"]
    )
    # Stop words are out of the bag, not out of the ordered stems.
    assert stems("The flights to Guatemala")[:2] == ["the", "flight"]
    assert "the" not in content_stems("The flights to Guatemala")
    assert stem("flights") == "flight" and stem("us") == "us"


def test_cosine_of_two_tellings_of_one_fact() -> None:
    told = content_stems(RCO[1])  # Mexico has rejected the request ... deporting immigrants
    retold = content_stems(RCO[2])  # NBC News: the Mexican government has opposed the request
    other = content_stems(RCO[5])  # the ministry's statement on relations with the US
    assert cosine(told, told) == pytest.approx(1.0)
    assert cosine(told, retold) > 2 * cosine(told, other) > 0
    assert cosine(told, Counter()) == 0.0


def test_clustering_terms_fold_plurals_and_drop_stop_words() -> None:
    assert terms("Informed sources confirmed that Mexico has rejected the request") == [
        "informed",
        "source",
        "confirmed",
        "mexico",
        "rejected",
        "request",
    ]
    marked = dict(marked_terms("The ministry noted that Mexico welcomes 80 migrants."))
    assert marked == {"ministry": False, "noted": False, "mexico": True, "welcome": False,
                      "80": True, "migrant": False}  # fmt: skip


# --------------------------------------------------------------------------- sentences


def test_split_sentences_on_a_real_article() -> None:
    paragraph = " ".join(RCO[7:8])
    assert split_sentences(paragraph) == [
        "The informed Mexican official did not give a reason for denying the landing permit.",
        "Meanwhile, the Ministry of Foreign Affairs of Mexico did not mention this incident.",
    ]
    # Every sample text splits into sentences that rejoin into the text, words unchanged.
    for text in sample_texts():
        parts = split_sentences(text)
        assert parts and " ".join(parts).split() == text.split()


def test_split_sentences_keeps_titles_and_initials() -> None:
    text = "Former Colorado Gov. John Hickenlooper is running. George H.W. Bush was not."
    assert split_sentences(text) == [
        "Former Colorado Gov. John Hickenlooper is running.",
        "George H.W. Bush was not.",
    ]


# ----------------------------------------------------------------------------- numbers


def test_numbers_read_digits_words_scales_and_kinds() -> None:
    assert numbers(RCO[4]) == {(2.0, ""), (80.0, ""), (17.0, "")}  # two flights, 80, C-17
    assert numbers("China imposes another $60 billion in tariffs") == {(6e10, "money")}
    assert numbers("Turnout rose to 25 percent, or twenty-five per cent") == {(25.0, "percent")}
    assert numbers("five thousand and 5,000 and 5 thousand") == {(5000.0, "")}
    assert numbers("No figure here.") == set()


def test_number_labels_as_notes_show_them() -> None:
    assert number_label(5000.0, "") == "5000"
    assert number_label(25.0, "percent") == "25%"
    assert number_label(6e10, "money") == "6e+10 (money)"


# ------------------------------------------------------------------------------- names


def test_names_are_capitalised_spans_not_sentence_openers() -> None:
    assert names(RCO[2]) == [
        "Isna",
        "NBC News",
        "Friday",
        "Mexican",
        "US President Donald Trump",
        "American",
        "United States",
    ]
    assert names("Meanwhile, the Ministry of Foreign Affairs of Mexico did not.") == [
        "Ministry",
        "Foreign Affairs",
        "Mexico",
    ]
    assert "meanwhile" in COMMON_WORDS
    assert names("Florida’s Democratic primary") == ["Florida", "Democratic"]


def test_plain_punctuation_straightens_quotes_and_dashes() -> None:
    assert plain_punctuation("the so-called “remain in Mexico” program — Trump’s") == (
        'the so-called "remain in Mexico" program - Trump\'s'
    )


# ------------------------------------------------------------------------------ titles


def test_headline_case_on_real_titles() -> None:
    assert headline_case(RCO[0]) == (
        "Mexico Opposes the Landing of the American Plane Carrying Deported Immigrants"
    )
    assert headline_case("Former Colorado Gov. John Hickenlooper is running for president in 2020.",
                         "sentence") == (
        "Former Colorado Gov. John Hickenlooper is running for president in 2020"
    )  # fmt: skip


def test_the_two_outlet_strippers_differ_by_what_they_know() -> None:
    page_title = "Mexico opposes the landing of the American plane - RCO NEWS"
    # A page's title, the outlet known by name and host.
    assert strip_outlet_name(page_title, "RCO NEWS", "https://rconews.example/a") == (
        "Mexico opposes the landing of the American plane"
    )
    assert strip_outlet_name("Politics | CNN", "", "https://edition.cnn.com/x") == "Politics"
    # A title as headline material, by its shape alone: the kicker and a name-like tail go.
    assert clean_title("WATCH: " + page_title) == (
        "Mexico opposes the landing of the American plane"
    )
    # A tail that reads as words, not as a name, stays.
    assert clean_title("Trump signs order - and critics respond") == (
        "Trump signs order - and critics respond"
    )


# ----------------------------------------------------------------------------- charset


def test_declared_charsets_are_read_from_header_and_document() -> None:
    assert header_charset("text/html; charset=ISO-8859-1") == "ISO-8859-1"
    assert header_charset("") == ""
    assert document_charset(bembel_page()) == "UTF-8"
    assert document_charset(b'<?xml version="1.0" encoding="windows-1252"?><rss/>') == (
        "windows-1252"
    )
    assert document_charset(b'<meta charset=" iso-8859-1">') == "iso-8859-1"


def test_decode_a_real_page_as_declared_and_with_a_bom() -> None:
    page = bembel_page()
    text = decode(page, "text/html")
    assert "Weichen für die Zukunft" in text and "Axel Hellmann übernimmt die" in text
    assert decode(b"\xef\xbb\xbf" + page) == text


def test_decode_a_latin_page_served_as_utf8() -> None:
    # The same page in windows-1252, with the header and its meta both saying UTF-8:
    # a declared charset is used only where the bytes decode with it.
    page = bembel_page().decode("utf-8").encode("cp1252")
    text = decode(page, "text/html; charset=utf-8")
    assert "Weichen für die Zukunft" in text and "Axel Hellmann übernimmt die" in text


def test_decode_a_feed_by_its_xml_declaration() -> None:
    feed = '<?xml version="1.0" encoding="ISO-8859-1"?><rss><title>Eintracht für alle</title></rss>'
    assert "Eintracht für alle" in decode(feed.encode("latin-1"), "application/rss+xml")


def test_decode_never_raises() -> None:
    assert decode(b"", "text/html; charset=no-such-charset") == ""
    assert isinstance(decode(bytes(range(256)) * 50, "text/html; charset=utf-8"), str)


# ------------------------------------------------------------------------------ layers


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
    return found


def test_text_imports_no_other_part_of_newsdesk() -> None:
    for path in (SRC / "text").glob("*.py"):
        inner = {m for m in _imports(path) if m.startswith("newsdesk")}
        assert all(m.startswith("newsdesk.text") for m in inner), (path.name, inner)


def test_the_verifier_imports_no_writer() -> None:
    modules = sorted((SRC / "verify").glob("*.py"))
    assert modules
    found = {m for path in modules for m in _imports(path)}
    assert "newsdesk.text" in found  # it shares the text primitives instead
    assert not {m for m in found if m.startswith("newsdesk.write")}


# Real failures: sentences from the AllSides stream and NeuS articles that were split
# inside a citation, a bill's name, spaced initials or a dateline (issue 20).
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The court granted review in Dobbs v. Jackson Women’s Health Organization, a case"
            " about Mississippi. It will rule next year.",
            2,
        ),
        ("It could upend Roe v. Wade and Planned Parenthood v. Casey, the court said.", 1),
        ("The landmark 2008 D.C. v. Heller decision stands. Gun groups cheered.", 2),
        ("They will attend a markup of S. 1, a Democrat-backed elections bill.", 1),
        ("A prior version of the H.R. 8 bill required checks. It failed.", 2),
        ("The House passed H. Res. 601, the resolution. It now goes on.", 2),
        ("Trump appointed Lt. Gen. H. R. McMaster as his adviser. He served a year.", 2),
        ("Former President George H. W. Bush died on Friday. He was 94.", 2),
        ("J. Thomas Manger, a former police chief, was named. He starts Monday.", 2),
        ("SELMA, Ala. (AP) — John Lewis saw the line of troopers.", 1),
        ("He signed it with Rochester Police Department Dep. Chief Joseph Morabito.", 1),
        ("He gave a speech at Mt. Rushmore on Friday. Fireworks followed.", 2),
        ("Prices rose 0.6 percent in May. The rise was the largest since 2008.", 2),
        ("Shelling resumed in Kyiv. Officials said 3 people died.", 2),
        ("The case, Sanchez v. Mayorkas, No. 20-315, could affect thousands.", 1),
    ],
)
def test_split_sentences_keeps_citations_bills_and_initials(text: str, expected: int) -> None:
    parts = split_sentences(text)
    assert len(parts) == expected, parts
    assert " ".join(parts) == " ".join(text.split())
    assert not any(p.endswith((" v.", " S.", " H.", " Res.", " Dep.", " Mt.")) for p in parts)
