"""Fixtures of the publish tests: a real SQLite store with real news stories, and its site."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from newsroom_data import Newsroom, build_newsroom, first_records


@pytest.fixture(scope="session")
def neus_records() -> list[dict[str, Any]]:
    """The first eight NeuS dev clusters whose three articles all have text."""
    return first_records(8)


@pytest.fixture
def newsroom(tmp_path: Path, neus_records: list[dict[str, Any]]) -> Iterator[Newsroom]:
    """Six stories from six NeuS clusters, the first with the writer's coverage JSON."""
    room = build_newsroom(tmp_path, neus_records)
    yield room
    room.store.close()
