"""The write stage: turn a story's articles into a verified Draft whose every sentence cites them.

``write_story`` is the stage's entry point (``stage``); the writers are
``ExtractiveWriter`` (the default, ``extractive``) and ``LLMWriter`` (``llm``).
"""

from newsdesk.write.base import DraftRejected, Writer, WriterError, WriterUnavailable
from newsdesk.write.extractive import ExtractiveWriter, WriterOptions
from newsdesk.write.llm import LLMWriter, MemoryReplies, ReplyCache
from newsdesk.write.stage import (
    PreviousVersion,
    WrittenVersion,
    llm_writer,
    write_story,
    write_verified,
)

__all__ = [
    "DraftRejected",
    "ExtractiveWriter",
    "LLMWriter",
    "MemoryReplies",
    "PreviousVersion",
    "ReplyCache",
    "Writer",
    "WriterError",
    "WriterOptions",
    "WriterUnavailable",
    "WrittenVersion",
    "llm_writer",
    "write_story",
    "write_verified",
]
