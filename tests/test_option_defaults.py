"""Every setting's default is declared once, in config.SETTINGS; the options take theirs from it."""

import dataclasses
import inspect
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from newsdesk.alerts import AlertOptions
from newsdesk.backfill import BackfillOptions
from newsdesk.cluster import ClusterOptions
from newsdesk.config import SETTINGS, default, load_config
from newsdesk.digest import DigestOptions
from newsdesk.errors import ConfigError
from newsdesk.extract import ExtractOptions
from newsdesk.ingest import FetchOptions
from newsdesk.mail import MailOptions
from newsdesk.pipeline import PipelineOptions
from newsdesk.publish import SiteOptions
from newsdesk.retention import RetentionOptions
from newsdesk.watch import WatchOptions
from newsdesk.write.extractive import WriterOptions
from newsdesk.write.llm import LLMWriter
from newsdesk.write.persist import ModelRetries, StoredReplies

DECLARED = {s.key: s.default for s in SETTINGS}

# (options class, field, setting): the field's default must be the setting's default.
FIELDS: list[tuple[type, str, str]] = [
    (ExtractOptions, "min_words", "extract.min_words"),
    (ExtractOptions, "languages", "extract.languages"),
    (ClusterOptions, "quiet_hours", "cluster.quiet_hours"),
    (ClusterOptions, "use_embeddings", "cluster.use_embeddings"),
    (WriterOptions, "headline_case", "write.headline_case"),
    (ModelRetries, "first_minutes", "write.llm_retry_minutes"),
    (SiteOptions, "title", "site.title"),
    (SiteOptions, "base_url", "site.base_url"),
    (SiteOptions, "stories_on_home", "site.stories_on_home"),
    (SiteOptions, "headlines_in_list", "site.headlines_in_list"),
    (SiteOptions, "half_life_hours", "site.half_life_hours"),
    (SiteOptions, "sections", "site.sections"),
    (SiteOptions, "default_section", "site.default_section"),
    (BackfillOptions, "chunk_size", "backfill.chunk_size"),
    (BackfillOptions, "batch_size", "backfill.batch_size"),
    (BackfillOptions, "embeddings", "cluster.use_embeddings"),
    (RetentionOptions, "raw_days", "retention.raw_days"),
    (RetentionOptions, "version_days", "retention.version_days"),
    *(
        (FetchOptions, s.key.removeprefix("fetch."), s.key)
        for s in SETTINGS
        if s.key.startswith("fetch.")
    ),
    *((MailOptions, s.key.removeprefix("mail."), s.key) for s in SETTINGS if s.key[:5] == "mail."),
    (DigestOptions, "time_zone", "site.time_zone"),
    (DigestOptions, "stories", "digest.stories"),
    (DigestOptions, "recipients", "digest.recipients"),
    (DigestOptions, "attempts", "digest.attempts"),
    (AlertOptions, "quiet_hours", "alerts.quiet_hours"),
    (AlertOptions, "source_failures", "alerts.source_failures"),
    (AlertOptions, "recipients", "alerts.recipients"),
]
# The LLM writer is a class with keyword arguments, not a dataclass.
LLM_PARAMETERS = {
    "api_key": "write.llm_api_key",
    "timeout": "write.llm_timeout",
    "max_input_tokens": "write.llm_input_tokens",
    "give_up_after": "write.llm_give_up_after",
    "case": "write.headline_case",
    "retry_after_cap": "write.llm_retry_after_cap",
    "language": "write.language",
}
# The reply cache in the store, a class with keyword arguments too.
CACHE_PARAMETERS = {"days": "write.llm_cache_days", "entries": "write.llm_cache_entries"}
# Where "unset" is spelled differently: the setting's empty value is the option's None.
NONE_WHEN_EMPTY = [
    (BackfillOptions, "address", "backfill.address"),
    (BackfillOptions, "num_cpus", "backfill.cpus"),
]
# Settings no option carries a default for, and why.
NOT_OPTION_DEFAULTS = {
    "store.url": "a path resolved against the config's folder; only open_store takes it",
    "site.dir": "a path resolved against the config's folder; SiteOptions.out_dir is required",
    "write.writer": "which writer the pipeline builds, not an option of one",
    "write.llm_base_url": "LLMWriter requires its endpoint",
    "write.llm_model": "LLMWriter requires its model",
}


def _field_default(cls: type, name: str) -> Any:
    found = {f.name: f for f in dataclasses.fields(cls)}
    assert name in found, f"{cls.__name__} has no field {name}"
    field = found[name]
    assert field.default is not dataclasses.MISSING, f"{cls.__name__}.{name} has no default"
    return field.default


def _declared(key: str) -> Any:
    value = DECLARED[key]
    return tuple(value) if isinstance(value, list) else value


@pytest.mark.parametrize(
    ("cls", "name", "key"), FIELDS, ids=[f"{c.__name__}.{n}" for c, n, _ in FIELDS]
)
def test_option_default_is_the_setting_default(cls: type, name: str, key: str) -> None:
    assert _field_default(cls, name) == _declared(key), f"{cls.__name__}.{name} vs {key}"


def test_unset_spellings_and_the_watch_interval() -> None:
    for cls, name, key in NONE_WHEN_EMPTY:
        assert not DECLARED[key] and _field_default(cls, name) is None
    interval = _field_default(WatchOptions, "interval")
    assert interval == timedelta(minutes=DECLARED["watch.interval_minutes"])


def test_digest_time_and_retry_are_the_settings() -> None:
    send_at = _field_default(DigestOptions, "send_at")
    assert send_at.isoformat(timespec="minutes") == DECLARED["digest.time"]
    retry = _field_default(DigestOptions, "retry")
    assert retry == timedelta(minutes=DECLARED["digest.retry_minutes"])


def test_llm_writer_defaults_are_the_settings() -> None:
    parameters = inspect.signature(LLMWriter).parameters
    for name, key in LLM_PARAMETERS.items():
        assert parameters[name].default == DECLARED[key], f"LLMWriter({name}=) vs {key}"


def test_the_reply_cache_defaults_are_the_settings() -> None:
    parameters = inspect.signature(StoredReplies).parameters
    for name, key in CACHE_PARAMETERS.items():
        assert parameters[name].default == DECLARED[key], f"StoredReplies({name}=) vs {key}"


def test_every_setting_is_accounted_for() -> None:
    covered = {key for _, _, key in FIELDS} | set(LLM_PARAMETERS.values())
    covered |= set(CACHE_PARAMETERS.values())
    covered |= {key for _, _, key in NONE_WHEN_EMPTY} | {"watch.interval_minutes"}
    covered |= {"digest.time", "digest.retry_minutes"}
    assert covered.isdisjoint(NOT_OPTION_DEFAULTS)
    assert covered | set(NOT_OPTION_DEFAULTS) == set(DECLARED)


def test_options_from_an_empty_config_are_the_plain_options(tmp_path: Path) -> None:
    config = load_config(tmp_path / "none.toml", env={})
    pipeline = PipelineOptions.from_config(config)
    assert pipeline.extract == ExtractOptions()
    assert pipeline.cluster == ClusterOptions()
    assert pipeline.writer == WriterOptions()
    assert pipeline.site == SiteOptions(out_dir=tmp_path / "site")
    assert FetchOptions.from_config(config) == FetchOptions()
    assert BackfillOptions.from_config(config) == BackfillOptions()
    assert RetentionOptions.from_config(config) == RetentionOptions()


def test_default_of_an_unknown_setting_names_the_closest() -> None:
    assert default("extract.languages") == ()
    with pytest.raises(ConfigError, match=r"did you mean 'extract\.min_words'"):
        default("extract.min_word")
