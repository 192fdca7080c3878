"""Generate docs/cli.md from the CLI's --help, docs/configuration.md from SETTINGS and
docs/story.schema.json from the story schema (newsdesk.publish.record).

Run with `make docs`; tests/test_docs.py fails when the files are out of date.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from newsdesk.cli import main
from newsdesk.config import SETTINGS
from newsdesk.publish.record import STORY_SCHEMA

DOCS = Path(__file__).resolve().parent


def _commands(group: click.Group, prefix: list[str]) -> list[tuple[list[str], click.Command]]:
    found: list[tuple[list[str], click.Command]] = []
    for name in sorted(group.commands):
        command = group.commands[name]
        path = [*prefix, name]
        found.append((path, command))
        if isinstance(command, click.Group):
            found.extend(_commands(command, path))
    return found


def cli_markdown() -> str:
    parts = ["# Command-line reference", "", "Generated from `--help` by `make docs`.", ""]
    for path, command in [(["newsdesk"], main), *_commands(main, ["newsdesk"])]:
        with click.Context(
            command,
            info_name=" ".join(path),
            terminal_width=100,
            max_content_width=100,
            help_option_names=["-h", "--help"],
        ) as ctx:
            text = command.get_help(ctx)
        parts += [f"## {' '.join(path)}", "", "```", text, "```", ""]
    return "\n".join(parts)


def config_markdown() -> str:
    rows = [
        "# Configuration reference",
        "",
        "Generated from the settings table by `make docs`.",
        "Environment variable: `NEWSDESK_` + the key in capitals with `.` as `_`.",
        "",
        "| key | type | default | what it does |",
        "| --- | --- | --- | --- |",
    ]
    for s in SETTINGS:
        rows.append(f"| `{s.key}` | {s.type.__name__} | `{s.default!r}` | {s.help} |")
    return "\n".join(rows) + "\n"


def story_schema_json() -> str:
    return json.dumps(STORY_SCHEMA, indent=2, ensure_ascii=False) + "\n"


def main_() -> int:
    (DOCS / "cli.md").write_text(cli_markdown(), encoding="utf-8")
    (DOCS / "configuration.md").write_text(config_markdown(), encoding="utf-8")
    (DOCS / "story.schema.json").write_text(story_schema_json(), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main_())
