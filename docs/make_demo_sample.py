"""Write the demo's sample (src/newsdesk/sample/) from the AllSides stream's dev split.

    PYTHONPATH=src python docs/make_demo_sample.py [PATH/TO/allsides-stream]

Three weeks of real, dated news (the stories AllSides dated 2021-06-24 to 2021-07-14,
every article of each), as JSONL lines newsdesk reads (url, title, text, date,
site_name, author), plus ratings.csv: the AllSides media bias rating of every
publication in them. Each text is the crawl's, except that the sentence the crawl cut
short ("...") at its end is left out. The result is deterministic; SOURCES.md says where
it comes from.

AllSides labels each article with the name it rates, which is not always the
publication: a medium ("Fox News (Online News)"), a desk ("CNN Business"), a columnist
("Rich Lowry", a National Review column) or its own category ("Guest Writer - Center").
A feed names the publication, so the site name here comes from the URL's host through
``PUBLICATIONS`` (reviewed by hand), a columnist's name goes in ``author``, and each
publication is rated as AllSides rates the publication itself. A host or a label the
tables do not know stops the script, so that a new slice is reviewed before it ships.
"""

from __future__ import annotations

import csv
import gzip
import json
import sys
from pathlib import Path

from newsdesk.text import host_of, split_sentences

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "allsides-stream"
OUT = ROOT / "src" / "newsdesk" / "sample"
FIRST_DAY, LAST_DAY = "2021-06-24", "2021-07-14"  # AllSides' story dates, inclusive

# host (without "www.") -> (the publication's name, as its pages give it; AllSides'
# label for the publication itself, whose rating the publication gets).
PUBLICATIONS: dict[str, tuple[str, str]] = {
    "abcnews.go.com": ("ABC News", "ABC News (Online)"),
    "aljazeera.com": ("Al Jazeera", "Al Jazeera"),
    "apnews.com": ("Associated Press", "Associated Press"),
    "axios.com": ("Axios", "Axios"),
    "bbc.com": ("BBC News", "BBC News"),
    "breitbart.com": ("Breitbart News", "Breitbart News"),
    "businessinsider.com": ("Insider", "Insider"),
    "cbsnews.com": ("CBS News", "CBS News (Online)"),
    "cnbc.com": ("CNBC", "CNBC"),
    "cnn.com": ("CNN", "CNN (Online News)"),
    "csmonitor.com": ("The Christian Science Monitor", "Christian Science Monitor"),
    "dailywire.com": ("The Daily Wire", "The Daily Wire"),
    "foxbusiness.com": ("Fox Business", "Fox Business"),
    "foxnews.com": ("Fox News", "Fox News (Online News)"),
    "heavy.com": ("Heavy", "Heavy.com"),
    "huffpost.com": ("HuffPost", "HuffPost"),
    "independent.co.uk": ("The Independent", "The Independent"),
    "marketwatch.com": ("MarketWatch", "MarketWatch"),
    "miamiherald.com": ("Miami Herald", "Miami Herald"),
    "militarytimes.com": ("Military Times", "Military Times"),
    "nationalreview.com": ("National Review", "National Review"),
    "nbcnews.com": ("NBC News", "NBC News (Online)"),
    "newsmax.com": ("Newsmax", "Newsmax (News)"),
    "newyorker.com": ("The New Yorker", "The New Yorker"),
    # The Thomson Reuters Foundation's news site, which carries Reuters' wire stories;
    # AllSides files its one article here (a Reuters report) under Reuters.
    "news.trust.org": ("Reuters", "Reuters"),
    "news.yahoo.com": ("Yahoo News", "Yahoo News"),
    "npr.org": ("NPR", "NPR (Online News)"),
    "nypost.com": ("New York Post", "New York Post (News)"),
    "nytimes.com": ("The New York Times", "New York Times (News)"),
    "politico.com": ("Politico", "Politico"),
    "poynter.org": ("Poynter", "Poynter"),
    "reason.com": ("Reason", "Reason"),
    "reuters.com": ("Reuters", "Reuters"),
    "slate.com": ("Slate", "Slate"),
    "theamericanconservative.com": ("The American Conservative", "The American Conservative"),
    "theepochtimes.com": ("The Epoch Times", "The Epoch Times"),
    "thefederalist.com": ("The Federalist", "The Federalist"),
    "thehill.com": ("The Hill", "The Hill"),
    "theverge.com": ("The Verge", "The Verge"),
    "usatoday.com": ("USA Today", "USA TODAY"),
    "vice.com": ("Vice", "Vice"),
    "vox.com": ("Vox", "Vox"),
    "washingtonexaminer.com": ("Washington Examiner", "Washington Examiner"),
    "washingtonpost.com": ("The Washington Post", "Washington Post"),
    "washingtontimes.com": ("The Washington Times", "Washington Times"),
    "wsj.com": ("The Wall Street Journal", "Wall Street Journal (News)"),
}

# AllSides labels that name a person: the piece's author, never its outlet.
COLUMNISTS = frozenset({"Jonathan Turley", "Rich Lowry", "Tucker Carlson"})

# Other labels that are not the publication's own: a desk or medium of it, or AllSides'
# own category for a piece whose writer it does not rate (no author is known).
DESKS_AND_CATEGORIES = frozenset(
    {
        "AP Politics & Fact Check",
        "CNN Business",
        "Guest Writer - Center",
        "New York Post (Opinion)",
        "New York Times (Opinion)",
    }
)

# The crawl kept each page's text, not its markup. A real page marks a column or an
# analysis piece (article:section "Opinion", a /opinion/ path, JSON-LD
# OpinionNewsArticle); the crawl's source, AllSides, labels the piece OPINION or
# ANALYSIS instead. The sample carries that label as the section a page would give.
# newsdesk reads "section" as any dump's article:section; it never reads the label.
SECTIONS = {"OPINION": "Opinion", "ANALYSIS": "Analysis"}


def whole_sentences(text: str) -> str:
    """The text without the sentence cut short at its end, when there is one."""
    paragraphs = [p.strip() for p in text.split("\n") if p.strip()]
    if not paragraphs or not paragraphs[-1].endswith(("...", "…")):
        return "\n".join(paragraphs)
    whole = split_sentences(paragraphs.pop())[:-1]
    if whole:
        paragraphs.append(" ".join(whole))
    return "\n".join(paragraphs)


def publication(article: dict[str, str]) -> tuple[str, str, str]:
    """The article's publication, its domain and its author (empty when unknown).

    Raises:
        SystemExit: for a host or a label the tables above do not know.
    """
    host, label = host_of(article["url"]), article["outlet"]
    if host not in PUBLICATIONS:
        raise SystemExit(f"{article['id']}: host {host!r} is not in PUBLICATIONS")
    name, own_label = PUBLICATIONS[host]
    if label != own_label and label not in COLUMNISTS | DESKS_AND_CATEGORIES:
        raise SystemExit(f"{article['id']}: label {label!r} ({host}) is not reviewed")
    return name, host, label if label in COLUMNISTS else ""


def read_jsonl(path: Path) -> list[dict[str, str]]:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def main(data: Path) -> None:
    stories = read_jsonl(data / "stories" / "dev.jsonl.gz")
    chosen = {s["cluster_id"] for s in stories if FIRST_DAY <= s["date"][:10] <= LAST_DAY}
    articles = read_jsonl(data / "dev.jsonl.gz")
    stance = {a["outlet"]: a["stance"] for a in articles}  # AllSides' rating of each label
    lines, rated, differing = [], {}, set()
    for a in articles:
        if a["cluster_id"] not in chosen:
            continue
        name, host, author = publication(a)
        record = {
            "url": a["url"],
            "title": a["title"],
            "text": whole_sentences(a["text"]),
            "date": a["date"],
            "site_name": name,
            **({"author": author} if author else {}),
            **({"section": SECTIONS[a["opinion_tag"]]} if a["opinion_tag"] in SECTIONS else {}),
            "allsides_id": a["id"],
            "allsides_label": a["outlet"],
        }
        lines.append(json.dumps(record, ensure_ascii=False))
        own = PUBLICATIONS[host][1]
        if own not in stance:
            raise SystemExit(f"AllSides rates no {own!r} in {data}")
        rated[host] = (name, stance[own])
        if stance[a["outlet"]] != stance[own]:
            differing.add(f"{a['outlet']} ({stance[a['outlet']]}) in {name} ({stance[own]})")
    (OUT / "articles.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with (OUT / "ratings.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["outlet", "domain", "rating"])
        for host, (name, rating) in sorted(rated.items(), key=lambda x: (x[1][0].lower(), x[0])):
            writer.writerow([name, host, rating])
    outlets = len({name for name, _ in rated.values()})
    print(f"{len(lines)} articles of {len(chosen)} stories, {outlets} outlets -> {OUT}")
    for line in sorted(differing):
        print(f"rated as its publication, not as AllSides rates it: {line}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else DATA)
