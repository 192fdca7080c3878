"""Count sentence pairs that tell one fact twice in published stories: a stricter count
than ``score_stream.py``'s (a shared figure and three words, or most words of the
shorter), written apart from the writer's own rules (``write.shape``) so that it checks
them rather than repeats them.

usage: python bench/count_repeats.py STORIES.jsonl [--show N]

STORIES.jsonl is what ``newsdesk eval stream --out`` writes. Two sentences of one story
tell one fact when, once attributions ("said", "according to"), weekdays and months are
set aside and words are cut to their first five letters ("agreed"/"agreement",
"recognized"/"recognition"):

* they share a figure, equal after rounding to the less precise one ("9.21 million"
  and "9.2 million"), with two or more significant digits, and one more word; or
* they share three or more words, and these are half or more of the shorter one's
  words, or 40% or more where they also share a capitalised name.

Prints one JSON object: stories, sentences, pairs, stories_with_pairs and the first N
pairs (default 20).
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

_STOP = frozenset(
    """a an the of to in on for and or but is are was were be been by with at from as that
    this it its he she they his her their we our you your i not no will would has have had
    said says say told tells according reported reports officials after before about more
    than who which what when where also into over up out new last first one two
    monday tuesday wednesday thursday friday saturday sunday january february march april
    may june july august september october november december week""".split()
)
_SCALE = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_FIGURE = re.compile(
    r"(?<![\w.])\$?(\d[\d,]*(?:\.\d+)?)\s*(%|percent|thousand|million|billion|trillion)?",
    re.I,
)
_NAME = re.compile(r"(?<![.!?] )(?<!^)\b[A-Z][a-z]{2,}\b")


def _words(text: str) -> set[str]:
    return {w[:5] for w in re.findall(r"[a-z]+", text.lower()) if w not in _STOP and len(w) > 2}


def _figures(text: str) -> set[tuple[float, int, str]]:
    found = set()
    for match in _FIGURE.finditer(text):
        digits, unit = match.group(1).replace(",", ""), (match.group(2) or "").lower()
        if re.fullmatch(r"(?:19|20)\d\d", digits) and not unit:
            continue  # a year
        significant = len(digits.replace(".", "").strip("0")) or 1
        value = float(digits) * _SCALE.get(unit, 1.0)
        if value >= 10 or unit:
            found.add((value, significant, "%" if unit in ("%", "percent") else ""))
    return found


def _agree(x: tuple[float, int, str], y: tuple[float, int, str]) -> bool:
    (a, da, ka), (b, db, kb) = x, y
    digits = min(da, db)
    return ka == kb and digits >= 2 and float(f"{a:.{digits}g}") == float(f"{b:.{digits}g}")


def one_fact(a: str, b: str) -> bool:
    """Whether two sentences tell one fact (see the module docstring)."""
    wa, wb = _words(a), _words(b)
    if not wa or not wb:
        return False
    shared = wa & wb
    if shared and any(_agree(x, y) for x in _figures(a) for y in _figures(b)):
        return True
    if len(shared) < 3:
        return False
    share = len(shared) / min(len(wa), len(wb))
    names = set(_NAME.findall(a)) & set(_NAME.findall(b))
    return share >= 0.5 or (bool(names) and share >= 0.4)


def count(path: Path, show: int) -> dict[str, object]:
    stories = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    pairs: list[str] = []
    sentences = 0
    with_pairs = 0
    for story in stories:
        texts = [s["text"] for s in story.get("sentences", []) if s.get("text")]
        sentences += len(texts)
        found = [
            f"#{story.get('id')}: {a} || {b}"
            for i, a in enumerate(texts)
            for b in texts[i + 1 :]
            if one_fact(a, b)
        ]
        with_pairs += bool(found)
        pairs.extend(found)
    return {
        "stories": len(stories),
        "sentences": sentences,
        "pairs": len(pairs),
        "stories_with_pairs": with_pairs,
        "examples": pairs[:show],
    }


def main(argv: list[str]) -> int:
    if not argv or argv[0].startswith("-"):
        print(__doc__, file=sys.stderr)
        return 2
    show = int(argv[argv.index("--show") + 1]) if "--show" in argv else 20
    print(json.dumps(count(Path(argv[0]), show), indent=1, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
