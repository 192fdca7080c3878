"""newsdesk: a self-hosted automated newsroom."""

from newsdesk.models import (
    Article,
    Draft,
    RawDocument,
    Rejected,
    RunReport,
    Sentence,
    Source,
    SourceKind,
    Story,
    StoryVersion,
    VerifyReport,
)

__version__ = "0.1.0"

__all__ = [
    "Article",
    "Draft",
    "RawDocument",
    "Rejected",
    "RunReport",
    "Sentence",
    "Source",
    "SourceKind",
    "Story",
    "StoryVersion",
    "VerifyReport",
    "__version__",
]
