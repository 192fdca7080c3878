"""`newsdesk stories list|show`: the written stories."""

from __future__ import annotations

import json
from pathlib import Path

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
from newsdesk.store.base import StoryMember, StorySummary


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


def _source_json(m: StoryMember) -> dict[str, object]:
    return {
        "id": m.article.id,
        "title": m.article.title,
        "url": m.article.url,
        "outlet": m.article.site_name,
    }


@stories.command("show")
@config_option
@click.argument("story_id", type=int)
@json_option("The latest version as JSON.")
def stories_show(config_path: Path | None, story_id: int, as_json: bool) -> None:
    """Show a story's latest version with its sources.

    Example: newsdesk stories show 3
    """
    config = load(config_path)
    with opened(config) as store:
        resolved = store.resolve_story(story_id)
        if resolved is None:
            raise click.ClickException(f"no story {story_id}")
        versions = store.versions(resolved)
        if not versions:
            raise click.ClickException(f"story {story_id} has no written version yet")
        latest = versions[-1]
        members = {m.article.id: m for m in store.story_members(resolved)}
    if as_json:
        shown = {
            "id": resolved,
            "version": latest.version,
            "headline": latest.draft.headline,
            "sentences": [
                {"text": s.text, "sources": list(s.sources)} for s in latest.draft.sentences()
            ],
            "sources": [_source_json(m) for m in members.values()],
        }
        click.echo(json.dumps(shown, ensure_ascii=False))
        return
    order = list(members)
    if resolved != story_id:
        click.echo(f"(story {story_id} was merged into {resolved})")
    click.echo(latest.draft.headline)
    click.echo("")
    # The summary is the story's opening sentence: the page shows it above the body.
    for paragraph in ((latest.draft.summary,), *latest.draft.paragraphs):
        click.echo(
            " ".join(
                s.text + "".join(f"[{order.index(i) + 1}]" for i in s.sources if i in order)
                for s in paragraph
            )
        )
        click.echo("")
    click.echo("Sources:")
    for n, m in enumerate(members.values(), 1):
        outlet = m.article.site_name or m.article.url
        click.echo(f"  [{n}] {outlet}: {m.article.title} <{m.article.url}>")
