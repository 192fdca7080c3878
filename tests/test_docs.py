"""Docs are part of the product: every command has help with an example, and the
generated references are up to date (datasette's rule)."""

import re
import runpy
from pathlib import Path

import click

from newsdesk.cli import main
from newsdesk.config import SETTINGS

ROOT = Path(__file__).resolve().parents[1]
generate = runpy.run_path(str(ROOT / "docs" / "generate.py"))


def test_every_command_has_help_with_an_example() -> None:
    for path, command in generate["_commands"](main, ["newsdesk"]):
        assert command.help, f"{' '.join(path)} has no help"
        if not isinstance(command, click.Group):
            assert "Example:" in command.help, f"{' '.join(path)} has no Example in its help"


def test_generated_references_are_up_to_date() -> None:
    assert (ROOT / "docs" / "cli.md").read_text(encoding="utf-8") == generate["cli_markdown"](), (
        "docs/cli.md is out of date: run make docs"
    )
    assert (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8") == generate[
        "config_markdown"
    ](), "docs/configuration.md is out of date: run make docs"
    assert (ROOT / "docs" / "story.schema.json").read_text(encoding="utf-8") == generate[
        "story_schema_json"
    ](), "docs/story.schema.json is out of date: run make docs"


def test_every_setting_is_in_the_configuration_reference() -> None:
    text = (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")
    for setting in SETTINGS:
        assert f"`{setting.key}`" in text


def test_readme_quick_start() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make demo" in readme and "make test" in readme
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_only_conftest_looks_outside_the_repository_for_data() -> None:
    """A clone has no data folder beside it: tests read tests/fixtures or ask ``data_dir``."""
    outside = re.compile(r'\.\./shared|\.parent\s*/\s*"shared"')
    offenders = [
        path.relative_to(ROOT).as_posix()
        for path in (ROOT / "tests").rglob("*.py")
        if path.name != "conftest.py" and outside.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
