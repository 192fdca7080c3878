"""Writers: turn a story's articles into a Draft whose every sentence cites them."""

from newsdesk.write.base import Writer, WriterError
from newsdesk.write.extractive import ExtractiveWriter, WriterOptions
from newsdesk.write.llm import LLMWriter

__all__ = ["ExtractiveWriter", "LLMWriter", "Writer", "WriterError", "WriterOptions"]
