"""`newsdesk eval extract|cluster|summarize|stream`: a stage (or the whole pipeline) measured
on a real dataset."""

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
    help="MiniLM sentence embeddings settle what words leave open (the embeddings extra).",
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
@click.option(
    "--offset",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    help="Skip the first N items (with --limit: score a part of the dev split, e.g. tune "
    "on one part and confirm on another).",
)
@config_option
def eval_summarize(
    data: Path,
    out: Path | None,
    limit: int | None,
    writer_name: str,
    offset: int,
    config_path: Path | None,
) -> None:
    """Score a writer (ROUGE, headline ROUGE-L, unsupported claims, arousal).

    Example: newsdesk eval summarize --data ../shared/data/neus-allsides --limit 300
    """
    from newsdesk.evaluate.summarization import run_summarize_eval
    from newsdesk.write import MemoryReplies, llm_writer

    writer = llm_writer(load(config_path), MemoryReplies()) if writer_name == "llm" else None
    click.echo(
        json.dumps(run_summarize_eval(data, out=out, limit=limit, writer=writer, offset=offset))
    )


@eval_group.command("sections")
@_eval_options
@click.option(
    "--mapping",
    required=True,
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    help="The topic -> section file (topic<TAB>section lines).",
)
def eval_sections(data: Path, out: Path | None, limit: int | None, mapping: Path) -> None:
    """Score the section classifier on a stream's topic labels (accuracy per section).

    Example: newsdesk eval sections --data ../shared/data/allsides-stream
    --mapping tests/fixtures/sections/allsides-topics.tsv
    """
    from newsdesk.evaluate.sections import run_section_eval

    click.echo(json.dumps(run_section_eval(data, mapping, out=out, limit=limit)))


@eval_group.command("stream")
@click.option(
    "--data",
    required=True,
    type=click.Path(path_type=Path, exists=True),
    help="A labelled stream folder: one articles *.jsonl.gz and stories/*.jsonl.gz.",
)
@click.option(
    "--out",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Also write every story as one JSON line (score_stream.py's input).",
)
@click.option("--limit", type=int, help="Only the first N articles.")
@config_option
def eval_stream(data: Path, out: Path | None, limit: int | None, config_path: Path | None) -> None:
    """Run the whole pipeline on a dated stream and judge its stories as an editor would
    (opinion in headline, lead and text, whole sentences, loaded words, repeats, ROUGE).

    Example: newsdesk eval stream --data ../shared/data/allsides-stream --out stories.jsonl
    """
    from newsdesk.evaluate.stream import run_stream_eval
    from newsdesk.pipeline import run

    click.echo(json.dumps(run_stream_eval(data, run, out=out, config=config_path, limit=limit)))
