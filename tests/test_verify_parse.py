"""How the verifier reads one sentence: figures with the words that join them, dates,
cues, and tokens that stay apart (the checks tell tokens apart by identity)."""

from __future__ import annotations

from newsdesk.verify.parse import parse


def test_spelled_numbers_scales_and_percent_join_their_figure() -> None:
    p = parse(
        "Thirty-eight people paid 5 million dollars, about $3.5bn, "
        "or 12 percent more than 40% of it."
    )
    assert [(f.value, f.unit, f.qualifier, f.counts) for f in p.figures] == [
        (38.0, "", "", ("peopl", "paid")),
        (5e6, "", "", ("dollar",)),
        (3.5e9, "$", "about", ()),
        (12.0, "percent", "", ()),
        (40.0, "percent", "more", ()),
    ]
    assert [t.low for t in p.tokens if t.kind == "word"] == [
        "people", "paid", "dollars", "about", "or", "more", "than", "of", "it",
    ]  # fmt: skip
    assert [(c.kind, c.group) for c in p.cues] == [("comparison", "up")]


def test_a_scale_word_that_joins_no_figure_is_a_word_and_marks_are_kept() -> None:
    p = parse('Million-strong crowds said: "we won\'t go" -- and left (again).')
    assert p.figures == ()
    assert [t.low for t in p.tokens if t.kind == "word"][:7] == [
        "million", "strong", "crowds", "said", "we", "wo", "not",
    ]  # fmt: skip
    assert [t.text for t in p.tokens if t.kind == "punct"] == [":", '"', '"', "--", "(", ")"]
    assert [(c.kind, c.group) for c in p.cues] == [("modality", "will"), ("negation", "not")]
    assert p.content == {"again", "crowd", "go", "left", "strong"}


def test_dates_are_read_and_a_day_of_the_month_is_a_date_figure() -> None:
    p = parse("Dr. Smith met the U.S. envoy on May 12. He left on Friday, last week.")
    assert p.dates == {"md:5-12", "mo:5", "rel:last week", "wd:friday"}
    assert [(f.value, f.date) for f in p.figures] == [(12.0, True)]
    assert p.cues == ()  # "last week" is a date, "May 12" no modal
    assert p.content == {"envoy", "left", "met"}


def test_each_token_is_its_own_object_even_where_words_repeat() -> None:
    p = parse("He said the vote failed, and he said the vote failed again.")
    assert len({id(t) for t in p.tokens}) == len(p.tokens)
    assert p.tokens[1] == p.tokens[8] and p.tokens[1] is not p.tokens[8]
