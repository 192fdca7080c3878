"""Fixtures of the LLM writer's tests: the scripted chat endpoint on loopback."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from llm_loopback import ChatServer


@pytest.fixture
def chat() -> Iterator[ChatServer]:
    server = ChatServer()
    server.start()
    try:
        yield server
    finally:
        server.stop()
