"""The exception tree: every error newsdesk raises on purpose derives from NewsdeskError.

    NewsdeskError
    ├── ConfigError              a bad or unknown setting, an unreadable config file
    ├── StoreError               the database cannot be opened or migrated
    ├── SourceError              a source cannot be read at all (bad path, bad kind)
    ├── FetchError               one HTTP fetch failed; carries the URL and a short reason
    │   ├── BlockedAddressError  the URL resolves to a private address and that is not allowed
    │   ├── RateLimited          (ingest.http) HTTP 429 or 503, with the server's Retry-After
    │   └── Gone                 (ingest.http) HTTP 410: gone for good
    ├── BodyError                a body is over its size limit or does not decode
    │   ├── BodyTooLarge         (ingest.limits) larger than allowed, as sent or decoded
    │   ├── UnsupportedEncoding  (ingest.limits) a Content-Encoding that is not decoded
    │   └── CorruptEncoding      (ingest.limits) the body does not decode as declared
    ├── WriterError              (write.base) a writer gave no draft; the caller falls back
    │   ├── WriterUnavailable    (write.base) the writer is not asked again in this run
    │   ├── DraftRejected        (write.base) the draft was judged and refused (shape, verifier)
    │   └── EndpointError        (write.llm.client) the model's endpoint gave no reply
    ├── EngineError              (backfill_engine) the backfill engine is missing or will not start
    ├── NotStoredError           an article without a store id where a stored one is needed
    ├── UnsafePathError          a site path that would leave the output folder
    ├── BadCursorError           a paging cursor or position that its list did not give
    ├── EvalDataError            an evaluation dataset is missing or malformed
    ├── ExportError              an export cannot be written (unknown format, unwritable file)
    ├── ControlError             an operator's control does not apply (no such story, status)
    ├── RatingsError             (ratings) a leaning or a ratings file that cannot be read
    ├── VoiceModelError          (classify.voice) the shipped article-kind model is unreadable
    ├── MailError                an e-mail cannot be sent
    │   ├── MailSettingsError    (mail) a mail setting or credential is missing or wrong
    │   ├── MailNotSent          (mail) refused or unreachable: the server has no copy
    │   └── MailUncertain        (mail) lost after the message was handed over
    └── _ApiError                (publish.api) a bad API request, answered with its 4xx status

NotStoredError and UnsafePathError are also ValueErrors: they are raised for a value a
caller should never have passed; so is BadCursorError, for a cursor a reader made up. The
classes marked with a module live there; the rest here. One bad item never raises out of a
run: stages turn item faults into counted reasons. These exceptions are for faults of the
program, its config or its inputs as a whole; the ingest stage turns FetchError and
BodyError into counted reasons too.
tests/test_errors.py checks this drawing against the classes.
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


class BodyError(NewsdeskError):
    """A response or file body is too large or cannot be decoded."""


class NotStoredError(NewsdeskError, ValueError):
    """An article that has no store id was given where a stored one is needed."""


class UnsafePathError(NewsdeskError, ValueError):
    """A path built for the site would not stay inside its output folder."""


class BadCursorError(NewsdeskError, ValueError):
    """A paging cursor (API) or listing position (store) that its list did not give."""


class EvalDataError(NewsdeskError):
    """An evaluation dataset cannot be read."""


class ExportError(NewsdeskError):
    """An export cannot be written: an unknown format, a file that cannot be written."""


class ControlError(NewsdeskError):
    """An operator's control cannot be applied: no such story, a status it does not fit."""


class MailError(NewsdeskError):
    """An e-mail (a digest, an alert) cannot be sent."""
