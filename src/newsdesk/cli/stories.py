"""`newsdesk stories list|show`: the written stories."""

from __future__ import annotations

import json
from itertools import zip_longest
from pathlib import Path
from typing import Any

import click

from newsdesk.cli.common import (
    config_option,
    echo_rows,
    json_option,
    listing_options,
    load,
    opened,
    read_store,
)
from newsdesk.models import VerifyReport
from newsdesk.store.records import StorySummary


@click.group()
def stories() -> None:
    """List and show written stories."""


def _summary_json(s: StorySummary) -> dict[str, object]:
    return {
        "id": s.story_id,
        "version": s.version,
        "headline": s.headline,
        "articles": s.article_count,
        "outlets": s.outlet_count,
        "updated_at": s.updated_at.isoformat(),
    }


@stories.command("list")
@listing_options("stories", 30)
def stories_list(config_path: Path | None, limit: int, as_json: bool) -> None:
    """List the latest stories, newest first.

    Example: newsdesk stories list --limit 10
    """
    rows = read_store(config_path, lambda store: store.latest_stories(limit))
    echo_rows(
        rows,
        as_json,
        _summary_json,
        lambda s: f"{s.story_id:>6}  {s.outlet_count:>2} outlets  {s.headline}",
    )


@stories.command("show")
@config_option
@click.argument("story_id", type=int)
@json_option("The story as one JSON object (the story schema, docs/story.schema.json).")
def stories_show(config_path: Path | None, story_id: int, as_json: bool) -> None:
    """Show a story's latest version with its sources, the operator's notes, and how it was
    written: the writer, why a model's draft was not used, each sentence left out and why.

    Example: newsdesk stories show 3
    """
    from newsdesk.publish import SiteOptions
    from newsdesk.publish.record import one_record

    config = load(config_path)
    with opened(config) as store:
        resolved = store.resolve_story(story_id)
        if resolved is None:
            raise click.ClickException(f"no story {story_id}")
        record = one_record(store, resolved, SiteOptions.from_config(config))
        latest = store.latest_versions([resolved]).get(resolved)
        story = store.story(resolved)
        if record is None:
            why = "was suppressed" if story and story.status == "suppressed" else "has no version"
            raise click.ClickException(f"story {story_id} {why}")
    if as_json:
        click.echo(json.dumps(record, ensure_ascii=False))
        return
    if resolved != story_id:
        click.echo(f"(story {story_id} was merged into {resolved})")
    for line in story_text(record):
        click.echo(line)
    if latest is not None and latest.report is not None:
        for line in report_lines(latest.draft.writer, latest.report):
            click.echo(line)


def report_lines(writer: str, report: VerifyReport) -> list[str]:
    """Who wrote the version, why the model's draft was not used, what was left out."""
    lines = ["", f"Written by: {writer}"]
    if report.fell_back and report.rejected:
        why = report.notes[0] if report.notes else report.rejected
        lines.append(f"The model's draft was not used ({report.rejected}): {why}")
    if report.translated_from:
        lines.append(
            f"Translated from {', '.join(report.translated_from)}: checked for names and "
            "figures only"
        )
    left_out = list(
        zip_longest(report.dropped, report.reasons[: len(report.dropped)], fillvalue="unknown")
    )
    if left_out:
        lines.append(f"Left out ({len(left_out)}):")
        lines += [f"  {reason}: {text[:120]}" for text, reason in left_out]
    return lines


def story_text(record: dict[str, Any]) -> list[str]:
    """A record as text: notes, headline, paragraphs with [n] citations, numbered sources."""
    numbers = {a["id"]: n for n, a in enumerate(record["articles"], 1)}
    for article in record["articles"]:
        for copy in article["republished_by"]:
            numbers.setdefault(copy, numbers[article["id"]])
    lines = [f"{n['kind'].upper()} ({n['created_at'][:10]}): {n['note']}" for n in record["notes"]]
    if lines:
        lines.append("")
    lines += [record["headline"], ""]
    paragraphs: dict[int, list[str]] = {}
    for s in record["sentences"]:
        marks = "".join(f"[{numbers[i]}]" for i in dict.fromkeys(s["sources"]) if i in numbers)
        paragraphs.setdefault(s["paragraph"], []).append(s["text"] + marks)
    for paragraph in paragraphs.values():
        lines += [" ".join(paragraph), ""]
    lines.append("Sources:")
    for article in record["articles"]:
        where = f" <{article['url']}>" if article["url"] else ""
        lines.append(f"  [{numbers[article['id']]}] {article['outlet']}: {article['title']}{where}")
    return lines
