"""`newsdesk sources ...`: the sources a run reads, their health, OPML in and out."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from newsdesk.cli.common import config_option, echo_rows, err, json_option, load, opened
from newsdesk.models import Leaning, Rejected, Source, SourceKind
from newsdesk.ratings import RatingsError, parse_leaning

if TYPE_CHECKING:  # the ingest stage is imported by the commands that use it
    from newsdesk.config import Config
    from newsdesk.ingest.catalog import Listed


@click.group()
def sources() -> None:
    """The sources a run reads: the config's [[sources]] plus those added here.

    Sources added with `sources add` or `sources import-opml` live in the store and are
    read by every run until `sources remove`; those in newsdesk.toml are changed there.
    """


def _listed(config_path: Path | None) -> tuple[Config, list[Listed]]:
    """The config, and every source a run reads: the config's first, then the store's."""
    from newsdesk.ingest.catalog import listed_sources

    config = load(config_path)
    with opened(config) as store:
        return config, listed_sources(config.sources, store)


@sources.command("add")
@config_option
@click.argument("url")
@click.option(
    "--kind",
    type=click.Choice([k.value for k in SourceKind]),
    help="Skip detection and add the URL as this kind.",
)
@click.option("--name", default="", help="A name for the source (default: its title).")
@click.option(
    "--interval",
    type=click.FloatRange(min=1),
    default=None,
    help="Minutes between reads by `watch` (default: watch.interval_minutes).",
)
@click.option(
    "--leaning",
    callback=lambda _ctx, _param, value: _leaning(value),
    help="The outlet's leaning: " + ", ".join(x.value for x in Leaning) + ".",
)
def sources_add(
    config_path: Path | None,
    url: str,
    kind: str | None,
    name: str,
    interval: float | None,
    leaning: Leaning | None,
) -> None:
    """Add a source; says what the URL is: feed, sitemap, article or front page.

    A front page is a site's home page that announces a feed (link rel=alternate); its
    feed is read. A local folder, .jsonl[.gz] or .warc[.gz] path is added as such.

    Example: newsdesk sources add https://example.org/
    """
    from newsdesk.ingest import FetchOptions
    from newsdesk.ingest.catalog import detect

    config = load(config_path)
    with opened(config) as store:
        if kind is None:
            found = detect(url, FetchOptions.from_config(config))
            chosen, title, what = found.kind, found.title, found.detail
            url = found.url
        else:
            chosen, title, what = SourceKind(kind), "", "as told"
        store.add_source(
            Source(
                url=url,
                kind=chosen,
                name=name or title,
                interval_minutes=interval,
                leaning=leaning,
            )
        )
    label = f" ({name or title})" if name or title else ""
    click.echo(f"added {chosen.value}: {url}{label}: {what}")


def _leaning(value: str | None) -> Leaning | None:
    if value is None:
        return None
    try:
        return parse_leaning(value)
    except RatingsError as exc:
        raise click.BadParameter(str(exc)) from None


@sources.command("list")
@config_option
@json_option("JSON lines instead of text.")
def sources_list(config_path: Path | None, as_json: bool) -> None:
    """List every source a run reads, with its kind and where it is declared.

    Example: newsdesk sources list
    """

    def to_json(item: Listed) -> dict[str, object]:
        s = item.source
        return {
            "url": s.url,
            "kind": s.kind.value,
            "name": s.name,
            "origin": item.origin,
            "interval_minutes": s.interval_minutes,
            "leaning": None if s.leaning is None else s.leaning.value,
        }

    def to_line(item: Listed) -> str:
        s = item.source
        every = f"every {s.interval_minutes:g} min" if s.interval_minutes else ""
        rated = f"leaning {s.leaning.value}" if s.leaning else ""
        extra = "  ".join(x for x in (s.name, rated, every) if x)
        return f"{s.kind.value:<10} {item.origin:<6} {s.url}  {extra}".rstrip()

    echo_rows(_listed(config_path)[1], as_json, to_json, to_line, ensure_ascii=False)


@sources.command("remove")
@config_option
@click.argument("url")
def sources_remove(config_path: Path | None, url: str) -> None:
    """Remove a source added with `sources add` (its stored documents stay).

    Example: newsdesk sources remove https://example.org/feed.xml
    """
    config = load(config_path)
    if any(s.url == url for s in config.sources):
        raise click.ClickException(f"{url} is declared in {config.path}: remove it there")
    with opened(config) as store:
        removed = store.remove_source(url)
    if not removed:
        raise click.ClickException(f"no source {url}")
    click.echo(f"removed {url}")


@sources.command("check")
@config_option
@json_option("JSON lines instead of text.")
def sources_check(config_path: Path | None, as_json: bool) -> None:
    """Show each source's health: last success, last error with its reason, next attempt.

    Example: newsdesk sources check
    """
    from datetime import UTC, datetime

    from newsdesk.ingest.catalog import health_json, health_lines

    _, listed = _listed(config_path)
    now = datetime.now(UTC)
    echo_rows(
        listed,
        as_json,
        lambda item: health_json(item, now),
        lambda item: "\n".join(health_lines(item, now)),
        ensure_ascii=False,
    )


@sources.command("import-opml")
@config_option
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False, exists=True))
def sources_import_opml(config_path: Path | None, file: Path) -> None:
    """Add every feed of an OPML file (as exported by feed readers) to the sources.

    Only sources read over http(s) are imported: an outline naming a local folder,
    JSONL or WARC file is refused (add those with `sources add` or the config).

    Example: newsdesk sources import-opml subscriptions.opml
    """
    from newsdesk.ingest.opml import parse_opml

    parsed = parse_opml(file.read_bytes())
    if isinstance(parsed, Rejected):
        raise click.ClickException(f"{file}: not an OPML file ({parsed.detail})")
    config = load(config_path)
    with opened(config) as store:
        for source in parsed.sources:
            store.add_source(source)
    skipped = f", skipped {parsed.skipped} outlines without a feed" if parsed.skipped else ""
    refused = f", refused {len(parsed.refused)} (listed on stderr)" if parsed.refused else ""
    click.echo(f"imported {len(parsed.sources)} sources from {file}{skipped}{refused}")
    for rejected in parsed.refused:
        click.echo(f"refused: {rejected.reason}: {rejected.detail}", err=True)


@sources.command("export-opml")
@config_option
@click.option(
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    help="File to write (default: stdout).",
)
def sources_export_opml(config_path: Path | None, output: Path | None) -> None:
    """Write every source as OPML 2.0, for a feed reader or another newsdesk.

    Example: newsdesk sources export-opml --output sources.opml
    """
    from newsdesk.ingest.opml import opml_text

    config, listed = _listed(config_path)
    text = opml_text([item.source for item in listed], str(config.get("site.title")))
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        err.print(f"wrote {len(listed)} sources to {output}")


@sources.command("import-ratings")
@config_option
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False, exists=True))
def sources_import_ratings(config_path: Path | None, file: Path) -> None:
    """Import outlets' leanings from a CSV file: one line per outlet, by name or domain.

    The first line names the columns: "outlet" (or "name") and/or "domain", and
    "rating" (or "leaning", "bias"): left, lean left, center, lean right, right or
    mixed. An article's outlet is matched by its site's domain, else by its name; a
    leaning given to a source itself (config, `sources add --leaning`) comes first.
    A file with a bad line imports nothing and says which line.

    Example: newsdesk sources import-ratings ratings.csv
    """
    from newsdesk.ratings import read_ratings

    try:
        ratings = read_ratings(file.read_bytes(), str(file))
    except (RatingsError, OSError) as exc:
        raise click.ClickException(str(exc)) from None
    config = load(config_path)
    with opened(config) as store:
        store.save_outlet_ratings({k: v for r in ratings for k, v in r.keys().items()})
    click.echo(f"imported {len(ratings)} outlet ratings from {file}")
