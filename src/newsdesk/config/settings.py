"""The declared settings: every key, its type, default and help, in one table.

The table drives the TOML loader and `newsdesk init` (``newsdesk.config``) and the
settings table of the docs; option dataclasses take their defaults from ``default``.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any

from newsdesk.errors import ConfigError


@dataclass(frozen=True, slots=True)
class Setting:
    """One declared setting: dotted key, type, default and a line of help.

    ``type`` is what a value must be once read (str, int, float, bool or list); ``choices``,
    when given, are the only values a str setting may take.
    """

    key: str
    type: type
    default: Any
    help: str
    choices: tuple[str, ...] = ()


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "store.url",
        str,
        "newsdesk.db",
        "Where the store lives: a SQLite file path (relative to this file) or a postgresql:// URL.",
    ),
    Setting(
        "site.dir",
        str,
        "site",
        "Folder the static site, feeds and sitemap are written to (relative to this file).",
    ),
    Setting("site.title", str, "newsdesk", "Name of the site, shown in the header and the feeds."),
    Setting(
        "site.base_url",
        str,
        "http://localhost:8000/",
        "Public address of the site, used for absolute links in feeds and sitemaps.",
    ),
    Setting(
        "site.stories_on_home",
        int,
        12,
        "How many stories the home page ranks by importance (the lead included); each "
        "section's next most important follow.",
    ),
    Setting(
        "site.headlines_in_list",
        int,
        20,
        "How many other headlines each page shows in its running list.",
    ),
    Setting(
        "site.half_life_hours",
        float,
        24.0,
        "Front page ranking: hours after which a story's recency counts half.",
    ),
    Setting(
        "site.sections",
        list,
        [
            "World",
            "U.S.",
            "Politics",
            "Business",
            "Health",
            "Science and Technology",
            "Climate",
            "Sports",
            "Culture",
        ],
        "The site's sections, in menu order; any of the default ones (stories of a section "
        "left out go to site.default_section).",
    ),
    Setting(
        "site.default_section",
        str,
        "U.S.",
        "The section of stories the section classifier cannot place; one of site.sections.",
    ),
    Setting(
        "site.time_zone",
        str,
        "UTC",
        "Time zone of the site's days (an IANA name such as 'Europe/Paris'): the daily "
        "digest's date and the time it is sent.",
    ),
    Setting(
        "fetch.user_agent",
        str,
        "",
        "User-Agent for every request; include a way to reach you, e.g. "
        "'newsdesk (+https://example.org/contact; ops@example.org)'.",
    ),
    Setting(
        "fetch.contact",
        str,
        "",
        "Operator contact (URL or e-mail) added to the User-Agent; runs warn until it is set.",
    ),
    Setting(
        "fetch.allow_private_addresses",
        bool,
        False,
        "Allow fetching URLs that resolve to private, loopback or link-local addresses.",
    ),
    Setting(
        "fetch.timeout",
        float,
        20.0,
        "Total seconds allowed for one request: connecting, headers and body together "
        "(a server that sends a byte a second is cut here).",
    ),
    Setting(
        "fetch.max_bytes",
        int,
        10_000_000,
        "Largest response body kept, in bytes, both as sent and once decompressed.",
    ),
    Setting("fetch.max_items_per_feed", int, 200, "Most items read from one feed per run."),
    Setting("fetch.concurrency_per_host", int, 2, "Concurrent requests to one host."),
    Setting("fetch.delay_per_host", float, 1.0, "Seconds between two requests to one host."),
    Setting("fetch.connect_timeout", float, 10.0, "Seconds allowed to connect to a server."),
    Setting("fetch.read_timeout", float, 15.0, "Seconds allowed between two reads from a server."),
    Setting("fetch.max_redirects", int, 5, "Most redirects followed for one request."),
    Setting(
        "fetch.max_crawl_delay",
        float,
        60.0,
        "Cap, in seconds, on a site's robots.txt Crawl-delay (larger values are read as this).",
    ),
    Setting(
        "fetch.sitemap_days",
        float,
        2.0,
        "Sitemap sources: only pages dated within this many days are read (undated ones too).",
    ),
    Setting(
        "fetch.source_budget",
        float,
        600.0,
        "Seconds one run spends on one source: a feed or sitemap not read by then is "
        "recorded as source_deadline, and pages still waiting are left for the next run.",
    ),
    Setting(
        "fetch.ingest_budget",
        float,
        900.0,
        "Seconds the ingest stage of one run spends on all its sources; those still being "
        "read then are cancelled, recorded as ingest_deadline, and the run goes on.",
    ),
    Setting("extract.min_words", int, 40, "Pages with fewer words in their body are rejected."),
    Setting(
        "extract.languages",
        list,
        [],
        "Accepted article languages (ISO 639-1, e.g. ['en']); empty accepts all.",
    ),
    Setting(
        "cluster.quiet_hours",
        float,
        72.0,
        "A story stops accepting articles after this many hours without a new one.",
    ),
    Setting(
        "cluster.use_embeddings",
        bool,
        False,
        "Add MiniLM sentence embeddings to clustering (needs the 'embeddings' extra).",
    ),
    Setting(
        "write.writer",
        str,
        "extractive",
        "Which writer drafts stories: 'extractive' (no model) or 'llm' (the write.llm_* "
        "endpoint; the extractive writer takes over whenever its draft is rejected).",
        ("extractive", "llm"),
    ),
    Setting(
        "write.headline_case",
        str,
        "title",
        "Headline case: 'title' or 'sentence'.",
        ("title", "sentence"),
    ),
    Setting(
        "write.language",
        str,
        "en",
        "Language stories are written in (ISO 639-1). The LLM writer translates sources in "
        "other languages (such stories say they were checked for names and figures only); "
        "the extractive writer uses the sources of one language only.",
    ),
    Setting(
        "write.llm_base_url",
        str,
        "http://localhost:11434/v1",
        "Base URL of an OpenAI-compatible chat endpoint (Ollama, llama.cpp, vLLM, OpenAI...).",
    ),
    Setting("write.llm_model", str, "", "Model name for the LLM writer."),
    Setting("write.llm_api_key", str, "", "API key for the LLM endpoint, if it needs one."),
    Setting(
        "write.llm_timeout",
        float,
        60.0,
        "Seconds allowed for one LLM request in all (connecting, waiting, reading the reply); "
        "a request that runs out of it stops the run from asking the endpoint again.",
    ),
    Setting(
        "write.llm_retry_after_cap",
        float,
        30.0,
        "Longest Retry-After, in seconds, the LLM writer waits for before trying again; a "
        "longer one ends the tries for that story (it is retried by a later run).",
    ),
    Setting(
        "write.llm_input_tokens",
        int,
        3000,
        "Budget, in tokens, for the source sentences sent per story; keep it under the "
        "model's context window less the reply (Ollama's default window is 2048 to 4096).",
    ),
    Setting(
        "write.llm_give_up_after",
        int,
        3,
        "Stories in a row without a usable reply after which a run stops asking the "
        "endpoint and writes the rest with the extractive writer.",
    ),
    Setting(
        "write.llm_retry_minutes",
        float,
        15.0,
        "Minutes before a story whose model draft was rejected is offered to the model "
        "again (doubling with each try, up to a day); stories that fell back because the "
        "endpoint was down are offered again by the next run.",
    ),
    Setting(
        "write.llm_cache_days",
        float,
        30.0,
        "Days an accepted LLM reply is reused for an unchanged story; 0 keeps none.",
    ),
    Setting(
        "write.llm_cache_entries",
        int,
        5000,
        "Most accepted LLM replies kept in the store; the oldest are removed first.",
    ),
    Setting(
        "watch.interval_minutes", float, 15.0, "Default minutes between two reads of a source."
    ),
    Setting(
        "mail.host",
        str,
        "",
        "SMTP server that digests and alerts are sent through; empty sends no e-mail. A "
        "login, when the server needs one, comes from the environment: NEWSDESK_SMTP_USERNAME "
        "and NEWSDESK_SMTP_PASSWORD.",
    ),
    Setting("mail.port", int, 587, "SMTP port: 587 for STARTTLS, 465 for SSL."),
    Setting(
        "mail.security",
        str,
        "starttls",
        "'starttls', 'ssl', or 'none' (a relay on this machine or network; a login is never "
        "sent without TLS).",
        ("starttls", "ssl", "none"),
    ),
    Setting(
        "mail.ca_file",
        str,
        "",
        "CA certificates (PEM) to check the server's certificate against, for a private CA; "
        "empty uses the system's.",
    ),
    Setting("mail.sender", str, "", "The From address of digests and alerts."),
    Setting(
        "mail.operator",
        str,
        "",
        "The operator's address: unsubscribe requests (List-Unsubscribe) go there, and "
        "alerts when alerts.recipients is empty.",
    ),
    Setting("mail.timeout", float, 30.0, "Seconds allowed for each exchange with the server."),
    Setting(
        "digest.recipients",
        list,
        [],
        "Addresses the daily digest is sent to; empty publishes it on the site only.",
    ),
    Setting(
        "digest.time",
        str,
        "07:00",
        "When `watch` makes (and sends) the day's digest: HH:MM in site.time_zone.",
    ),
    Setting("digest.stories", int, 10, "Most stories in a digest."),
    Setting("digest.retry_minutes", float, 10.0, "Minutes between two tries of a failed send."),
    Setting(
        "digest.attempts",
        int,
        5,
        "Tries to send one day's digest before giving up (`digest status` shows why).",
    ),
    Setting(
        "alerts.quiet_hours",
        float,
        12.0,
        "E-mail the operator when no story has been written for this many hours; 0 never.",
    ),
    Setting(
        "alerts.source_failures",
        int,
        5,
        "E-mail the operator when a source has failed this many runs in a row; 0 never.",
    ),
    Setting(
        "alerts.recipients", list, [], "Who gets alerts and recovery notices; empty: mail.operator."
    ),
    Setting(
        "retention.raw_days",
        float,
        0.0,
        "Days after which each run drops the body of a fetched page already extracted (its "
        "row, URL, hash and article stay, so citations and deduplication do not change); "
        "0 keeps every body.",
    ),
    Setting(
        "retention.version_days",
        float,
        0.0,
        "Days after which each run deletes a story's in-between versions; its first, latest "
        "and published versions stay whatever their age; 0 keeps every version.",
    ),
    Setting(
        "backfill.address",
        str,
        "",
        "Ray cluster that `newsdesk backfill` runs on ('auto', 'ray://head:10001'); "
        "empty starts Ray on this machine.",
    ),
    Setting("backfill.cpus", int, 0, "CPUs a local backfill engine may use; 0 uses all."),
    Setting("backfill.chunk_size", int, 5000, "Documents sent to the engine per job."),
    Setting("backfill.batch_size", int, 256, "Documents per engine task."),
)

_BY_KEY: dict[str, Setting] = {s.key: s for s in SETTINGS}


def declared_setting(key: str) -> Setting:
    """The declared setting ``key``.

    Raises:
        ConfigError: there is no such setting (naming the closest one, if any).
    """
    if key not in _BY_KEY:
        close = difflib.get_close_matches(key, list(_BY_KEY), n=1, cutoff=0.5)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        raise ConfigError(f"unknown setting '{key}'{hint}")
    return _BY_KEY[key]


def default(key: str) -> Any:
    """The declared default of a setting: what option dataclasses use as their field default.

    A list default is given as a tuple, so that frozen options can hold it.
    """
    value = declared_setting(key).default
    return tuple(value) if isinstance(value, list) else value
