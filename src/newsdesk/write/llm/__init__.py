"""The LLM writer: any OpenAI-compatible chat endpoint, held to the shape of a story.

``prompt`` builds what is sent (instructions, a worked example, the numbered sources as
data), ``client`` asks the endpoint (total deadline, Retry-After, circuit breaker),
``shape`` reads the reply into a draft, leaving out with a reason whatever breaks the
shape, and ``writer`` puts them together with the verifier and the reply cache.
"""

from newsdesk.write.llm.client import Breaker, ChatEndpoint, EndpointError
from newsdesk.write.llm.prompt import (
    PROMPT_VERSION,
    SOURCE_LINE,
    SYSTEM_PROMPT,
    Numbered,
    messages,
)
from newsdesk.write.llm.shape import Limits, Refused, Shaped, shape_reply
from newsdesk.write.llm.writer import LLMWriter, MemoryReplies, ReplyCache

__all__ = [
    "PROMPT_VERSION",
    "SOURCE_LINE",
    "SYSTEM_PROMPT",
    "Breaker",
    "ChatEndpoint",
    "EndpointError",
    "LLMWriter",
    "Limits",
    "MemoryReplies",
    "Numbered",
    "Refused",
    "ReplyCache",
    "Shaped",
    "messages",
    "shape_reply",
]
