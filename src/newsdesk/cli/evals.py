"""`newsdesk eval extract|cluster|summarize`: a stage measured on a real dataset."""

from __future__ import annotations

import json
from pathlib import Path

import click

from newsdesk.cli.common import F, config_option, load


@click.group("eval")
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
    help="'llm': the config's write.llm_* endpoint, verified; scored on the drafts it got "
    "accepted, beside the extractive writer on the same items (a down endpoint is reported, "
    "its items fall back).",
)
@config_option
def eval_summarize(
    data: Path, out: Path | None, limit: int | None, writer_name: str, config_path: Path | None
) -> None:
    """Score a writer (ROUGE, headline ROUGE-L, unsupported claims, arousal).

    Example: newsdesk eval summarize --data ../shared/data/neus-allsides --limit 300
    """
    from newsdesk.evaluate.summarization import run_summarize_eval
    from newsdesk.write import MemoryReplies, llm_writer

    writer = llm_writer(load(config_path), MemoryReplies()) if writer_name == "llm" else None
    click.echo(json.dumps(run_summarize_eval(data, out=out, limit=limit, writer=writer)))
