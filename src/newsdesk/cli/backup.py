"""`newsdesk backup` and `restore`: copies of the store that an operator keeps."""

from __future__ import annotations

from pathlib import Path

import click

from newsdesk.cli.common import config_option, err, load
from newsdesk.store.backup import (
    backup_sqlite,
    default_backup_path,
    is_postgres,
    postgres_instructions,
    restore_sqlite,
    sqlite_path,
    stamp,
)


@click.command()
@config_option
@click.argument("dest", required=False, type=click.Path(path_type=Path, dir_okay=False))
def backup(config_path: Path | None, dest: Path | None) -> None:
    """Copy the store to DEST, consistently, while runs go on writing it.

    A SQLite store is copied with SQLite's online backup API: the copy is the store at one
    committed moment, checked before it gets its name; DEST must not exist (default:
    backups/<store>-<UTC time>.db beside the store). A PostgreSQL store is not copied:
    the command prints how to do it with pg_dump, and how to restore with pg_restore,
    and exits 1.

    Example: newsdesk backup backups/newsdesk-monday.db
    """
    config = load(config_path)
    if is_postgres(config.store_url):
        click.echo(
            postgres_instructions(config.store_url, dest or Path(f"newsdesk-{stamp()}.dump"))
        )
        raise click.exceptions.Exit(1)
    store = sqlite_path(config.store_url)
    made = backup_sqlite(store, dest or default_backup_path(store))
    click.echo(f"backed up {store} to {made.describe()}")


@click.command()
@config_option
@click.argument("source", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--force", is_flag=True, help="Replace an existing store (it is kept beside it first)."
)
def restore(config_path: Path | None, source: Path, force: bool) -> None:
    """Put the backup SOURCE in place of the config's store.

    The backup is checked first; a damaged file, or one a newer release wrote, is refused
    and nothing changes. An existing store is replaced only with --force, and is kept
    first as <store>.before-restore-<UTC time>.db beside it. Stop `watch` and `serve`
    before restoring; the next run carries on from the restored store. For a PostgreSQL
    store, `newsdesk backup` prints the pg_restore way.

    Example: newsdesk restore backups/newsdesk-monday.db --force
    """
    config = load(config_path)
    if is_postgres(config.store_url):
        click.echo(postgres_instructions(config.store_url, source))
        raise click.exceptions.Exit(1)
    restored, kept = restore_sqlite(source, sqlite_path(config.store_url), replace=force)
    if kept is not None:
        err.print(f"kept the store it replaced as {kept.describe()}")
    click.echo(f"restored {source} to {restored.describe()}")
