"""Hostile source text must not hang a run: each pattern that reads it works in linear
time. Each case runs in its own process; after its imports, the work has a deadline in
CPU time (so a loaded machine's start-up and waiting do not count) that linear work meets
many times over and the old, backtracking patterns (over 30 s on these 50-150 KB strings)
miss."""

import subprocess
import sys
from pathlib import Path

import pytest

from newsdesk.models import Article
from newsdesk.write.base import MAX_SENTENCE_CHARS, article_sentences

_SRC = str(Path(__file__).resolve().parent.parent / "src")
_DEADLINE_S = 5  # CPU seconds for the work: linear work takes milliseconds
_BACKSTOP_S = 120  # wall seconds for the whole process, start-up included

# Each case: its imports, then the work the deadline is on.
_CASES = {
    "attribution": (
        "from newsdesk.write.shape import _told_words",
        "_told_words('A.' * 50_000)",
    ),
    "clause_end": (
        "from newsdesk.write.clean import whole_clause",
        "whole_clause('He left, ' + ' \\t' * 50_000 + 'x')",
    ),
    "title_joins": (
        "from newsdesk.verify.support import _TITLE_JOINS",
        "list(_TITLE_JOINS.finditer('Opinion' + ' \\t' * 25_000 + 'x'))",
    ),
    "medium": (
        "from newsdesk.models import Article\nfrom newsdesk.write.perspectives import outlet_name",
        "for name in ('Fox' + ' \\t' * 75_000 + 'x', 'Fox ' + '(a' * 25_000):\n"
        "    outlet_name(Article('https://fox.example/a', 'T', ('p',), site_name=name))",
    ),
}


@pytest.mark.parametrize("case", sorted(_CASES))
def test_pattern_finishes_on_50kb_of_hostile_text(case: str) -> None:
    imports, work = _CASES[case]
    # SIGPROF (CPU time of the process) ends it when the work overruns its deadline.
    deadline = f"import signal\nsignal.setitimer(signal.ITIMER_PROF, {_DEADLINE_S})"
    try:
        done = subprocess.run(
            [sys.executable, "-c", f"{imports}\n{deadline}\n{work}"],
            env={"PYTHONPATH": _SRC},
            timeout=_BACKSTOP_S,
            capture_output=True,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"{case}: no result on 50 KB of hostile text within {_BACKSTOP_S}s")
    assert done.returncode == 0, (
        f"{case}: no result on 50 KB of hostile text within {_DEADLINE_S} CPU seconds"
        f" (exit {done.returncode}): {done.stderr.decode(errors='replace')[-300:]}"
    )


def test_a_sentence_over_the_bound_is_no_candidate() -> None:
    run_on = "The council met on Monday " + "and talked " * 200 + "until late."
    assert len(run_on) > MAX_SENTENCE_CHARS
    short = "The mayor spoke first."
    article = Article("https://example.com/a", "Council meets", (f"{short} {run_on}",))
    assert list(article_sentences(article)) == [short]
