"""The exception tree.

    NewsdeskError
    ├── ConfigError          a bad or unknown setting, an unreadable config file
    ├── StoreError           the database cannot be opened or migrated
    ├── SourceError          a source cannot be read at all (bad path, bad kind)
    ├── FetchError           one HTTP fetch failed; carries the URL and a short reason
    │   └── BlockedAddressError   the URL resolves to a private address and that is not allowed
    └── EvalDataError        an evaluation dataset is missing or malformed

One bad item never raises out of a run: stages turn item faults into counted reasons.
These exceptions are for faults of the program, its config or its inputs as a whole.
"""

from __future__ import annotations


class NewsdeskError(Exception):
    """Base of every error newsdesk raises on purpose."""


class ConfigError(NewsdeskError):
    """A configuration file or value is wrong."""


class StoreError(NewsdeskError):
    """The store cannot be opened, migrated or written."""


class SourceError(NewsdeskError):
    """A source cannot be read at all."""


class FetchError(NewsdeskError):
    """One fetch failed."""

    def __init__(self, url: str, reason: str, detail: str = "") -> None:
        super().__init__(f"{url}: {reason}" + (f" ({detail})" if detail else ""))
        self.url = url
        self.reason = reason
        self.detail = detail


class BlockedAddressError(FetchError):
    """The URL resolves to a private, loopback or link-local address."""


class EvalDataError(NewsdeskError):
    """An evaluation dataset cannot be read."""
