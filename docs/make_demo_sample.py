"""Write the demo's sample (src/newsdesk/sample/) from the AllSides stream's dev split.

    PYTHONPATH=src python docs/make_demo_sample.py [PATH/TO/allsides-stream]

Three weeks of real, dated news (the stories AllSides dated 2021-06-24 to 2021-07-14,
every article of each), as JSONL lines newsdesk reads (url, title, text, date,
site_name), plus ratings.csv: the AllSides media bias rating of every outlet in them.
Each text is the crawl's, except that the sentence the crawl cut short ("...") at its
end is left out. The result is deterministic; SOURCES.md says where it comes from.
"""

from __future__ import annotations

import csv
import gzip
import json
import sys
from pathlib import Path

from newsdesk.text import split_sentences

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "allsides-stream"
OUT = ROOT / "src" / "newsdesk" / "sample"
FIRST_DAY, LAST_DAY = "2021-06-24", "2021-07-14"  # AllSides' story dates, inclusive


def whole_sentences(text: str) -> str:
    """The text without the sentence cut short at its end, when there is one."""
    paragraphs = [p.strip() for p in text.split("\n") if p.strip()]
    if not paragraphs or not paragraphs[-1].endswith(("...", "…")):
        return "\n".join(paragraphs)
    whole = split_sentences(paragraphs.pop())[:-1]
    if whole:
        paragraphs.append(" ".join(whole))
    return "\n".join(paragraphs)


def main(data: Path) -> None:
    stories = [
        json.loads(line) for line in gzip.open(data / "stories" / "dev.jsonl.gz", "rt")
    ]
    chosen = {s["cluster_id"] for s in stories if FIRST_DAY <= s["date"][:10] <= LAST_DAY}
    articles = [json.loads(line) for line in gzip.open(data / "dev.jsonl.gz", "rt")]
    lines, ratings = [], {}
    for a in articles:
        if a["cluster_id"] not in chosen:
            continue
        text = whole_sentences(a["text"])
        record = {
            "url": a["url"],
            "title": a["title"],
            "text": text,
            "date": a["date"],
            "site_name": a["outlet"],
            "allsides_id": a["id"],
        }
        lines.append(json.dumps(record, ensure_ascii=False))
        ratings[a["outlet"]] = a["stance"]
    (OUT / "articles.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with (OUT / "ratings.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["outlet", "rating"])
        for outlet, rating in sorted(ratings.items(), key=lambda x: x[0].lower()):
            writer.writerow([outlet, rating])
    print(f"{len(lines)} articles of {len(chosen)} stories, {len(ratings)} outlets -> {OUT}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else DATA)
