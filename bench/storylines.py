"""Storylines on the AllSides dev stream: how many links, and a sample to read by hand.

Usage:
    .venv/bin/python bench/storylines.py                      # the defaults
    .venv/bin/python bench/storylines.py --threshold 0.25 --sample 20 --seed 1

The stream is clustered as ``newsdesk eval cluster`` does (default options), each story's
first report is its oldest article's date, and ``cluster.storylines.link_all`` links the
stories. It prints the number of links, of storylines and of stories in them, then a
random sample of links: the earlier and the later story, each as its date and the title
of its first article, to be read by hand. AllSides' topic of each story is read only to
print beside the link (the rule never sees it), as a rough second opinion: two events of
one saga usually share a topic, while two stories of one topic are not always a saga.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from tune_cluster import DATA, _records

from newsdesk.cluster.storylines import StorylineOptions, digests, link_all
from newsdesk.evaluate.clustering import cluster_stream, record_to_article
from newsdesk.models import Article


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--threshold", type=float, default=StorylineOptions().threshold)
    parser.add_argument("--max-gap-days", type=float, default=StorylineOptions().max_gap_days)
    parser.add_argument("--sample", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--data", type=Path, default=DATA)
    args = parser.parse_args()
    records = _records("allsides-stream", args.data)
    if not records:
        raise SystemExit(f"no allsides-stream/dev.jsonl.gz under {args.data}")
    articles = [record_to_article(r, i + 1) for i, r in enumerate(records)]
    topic = {i + 1: str(r.get("topic") or "") for i, r in enumerate(records)}
    stories: dict[int, list[Article]] = defaultdict(list)
    by_id = {a.id: a for a in articles}
    for article_id, story_id in cluster_stream(articles):
        stories[story_id].append(by_id[article_id])
    first = {}
    for sid, members in stories.items():
        members.sort(key=lambda a: (a.published_at, a.id))
        assert members[0].published_at is not None
        first[sid] = members[0].published_at
    options = StorylineOptions(args.threshold, args.max_gap_days)
    found = digests(stories, first)
    line = link_all(found, options)
    order = [d.id for d in found]
    links = []
    for n, d in enumerate(found):
        if d.id in line and line[d.id] != d.id:
            # the story it follows: the latest earlier member of its storyline
            earlier = [o for o in order[:n] if line.get(o) == line[d.id] or o == line[d.id]]
            links.append((earlier[-1] if earlier else line[d.id], d.id))
    members_of: dict[int, int] = defaultdict(int)
    for root in line.values():
        members_of[root] += 1
    same_topic = sum(topic[stories[a][0].id or 0] == topic[stories[b][0].id or 0] for a, b in links)
    print(
        f"{len(stories)} stories, {len(links)} links, {len(members_of)} storylines holding "
        f"{len(line)} stories (longest {max(members_of.values(), default=0)}); "
        f"{same_topic} of {len(links)} links join stories of one AllSides topic"
    )
    for a, b in sorted(random.Random(args.seed).sample(links, min(args.sample, len(links)))):
        for sid, mark in ((a, "   "), (b, "-> ")):
            head = stories[sid][0]
            print(f"{mark}{first[sid]:%Y-%m-%d} [{topic[head.id or 0][:22]:22}] {head.title[:90]}")
        print()


if __name__ == "__main__":
    main()
