"""Hostile source text must not hang a run: each pattern that reads it works in linear
time. Each case runs in its own process under a deadline that linear work meets many
times over and the old, backtracking patterns (over 30 s on these 50-150 KB strings) miss."""

import subprocess
import sys
from pathlib import Path

import pytest

from newsdesk.models import Article
from newsdesk.write.base import MAX_SENTENCE_CHARS, article_sentences

_SRC = str(Path(__file__).resolve().parent.parent / "src")
_DEADLINE_S = 15  # linear work takes milliseconds; start-up a few seconds

_CASES = {
    "attribution": ("from newsdesk.write.shape import _told_words\n_told_words('A.' * 50_000)"),
    "clause_end": (
        "from newsdesk.write.clean import whole_clause\n"
        "whole_clause('He left, ' + ' \\t' * 50_000 + 'x')"
    ),
    "title_joins": (
        "from newsdesk.verify.support import _TITLE_JOINS\n"
        "list(_TITLE_JOINS.finditer('Opinion' + ' \\t' * 25_000 + 'x'))"
    ),
    "medium": (
        "from newsdesk.models import Article\n"
        "from newsdesk.write.perspectives import outlet_name\n"
        "for name in ('Fox' + ' \\t' * 75_000 + 'x', 'Fox ' + '(a' * 25_000):\n"
        "    outlet_name(Article('https://fox.example/a', 'T', ('p',), site_name=name))"
    ),
}


@pytest.mark.parametrize("case", sorted(_CASES))
def test_pattern_finishes_on_50kb_of_hostile_text(case: str) -> None:
    try:
        subprocess.run(
            [sys.executable, "-c", _CASES[case]],
            env={"PYTHONPATH": _SRC},
            check=True,
            timeout=_DEADLINE_S,
            capture_output=True,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"{case}: no result on 50 KB of hostile text within {_DEADLINE_S}s")


def test_a_sentence_over_the_bound_is_no_candidate() -> None:
    run_on = "The council met on Monday " + "and talked " * 200 + "until late."
    assert len(run_on) > MAX_SENTENCE_CHARS
    short = "The mayor spoke first."
    article = Article("https://example.com/a", "Council meets", (f"{short} {run_on}",))
    assert list(article_sentences(article)) == [short]
