"""Settings: the TOML loader and `newsdesk init`'s file, both driven by ``config.settings``.

Layers, from weakest: the declared defaults, then the TOML file, then ``NEWSDESK_*``
environment variables (``NEWSDESK_STORE_URL`` for ``store.url``), then command-line flags.
Sources are the one list-valued part of the file: ``[[sources]]`` tables with ``url``,
``kind`` and optional ``name``, ``interval_minutes`` and ``leaning`` (the outlet's).
"""

from __future__ import annotations

import difflib
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsdesk.config.settings import SETTINGS, Setting, declared_setting, default
from newsdesk.errors import ConfigError
from newsdesk.models import ArticleKind, Leaning, Source, SourceKind
from newsdesk.ratings import RatingsError, parse_leaning

CONFIG_NAME = "newsdesk.toml"
_SOURCE_KEYS = ("url", "kind", "name", "interval_minutes", "leaning", "kind_of_articles")


@dataclass(frozen=True, slots=True)
class Config:
    """Loaded settings plus the sources list; paths are resolved against ``root``."""

    root: Path
    values: Mapping[str, Any]
    sources: tuple[Source, ...] = ()
    path: Path | None = None
    _extra: Mapping[str, Any] = field(default_factory=dict)

    def get(self, key: str) -> Any:
        return self.values.get(key, declared_setting(key).default)

    def path_of(self, key: str) -> Path:
        """A setting that names a file or folder, resolved against the config's folder."""
        value = Path(str(self.get(key))).expanduser()
        return value if value.is_absolute() else self.root / value

    @property
    def store_url(self) -> str:
        url = str(self.get("store.url"))
        if "://" in url:
            return url
        return str(self.path_of("store.url"))


def _coerce(setting: Setting, value: Any, where: str) -> Any:
    if setting.type is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if setting.type is list:
        if not isinstance(value, list):
            raise ConfigError(f"{where}: '{setting.key}' must be a list")
        return value
    if setting.type is bool and isinstance(value, str):
        lowered = value.strip().lower()
        if lowered in {"1", "true", "yes", "on"}:
            return True
        if lowered in {"0", "false", "no", "off"}:
            return False
    if setting.type in (int, float) and isinstance(value, str):
        try:
            return setting.type(value)
        except ValueError:
            pass
    if not isinstance(value, setting.type) or (setting.type is int and isinstance(value, bool)):
        raise ConfigError(
            f"{where}: '{setting.key}' must be {setting.type.__name__}, not {type(value).__name__}"
        )
    if setting.choices and value not in setting.choices:
        allowed = ", ".join(f"'{c}'" for c in setting.choices)
        raise ConfigError(f"{where}: '{setting.key}' must be one of {allowed}, not '{value}'")
    return value


def _flatten(table: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for name, value in table.items():
        key = f"{prefix}{name}"
        if isinstance(value, dict):
            flat.update(_flatten(value, key + "."))
        else:
            flat[key] = value
    return flat


def _parse_sources(raw: Any, where: str) -> tuple[Source, ...]:
    if not isinstance(raw, list):
        raise ConfigError(f"{where}: 'sources' must be a list of [[sources]] tables")
    sources = []
    for i, item in enumerate(raw, 1):
        if not isinstance(item, dict):
            raise ConfigError(f"{where}: source {i} must be a table")
        for key in item:
            if key not in _SOURCE_KEYS:
                close = difflib.get_close_matches(key, _SOURCE_KEYS, n=1)
                hint = f"; did you mean '{close[0]}'?" if close else ""
                raise ConfigError(f"{where}: source {i}: unknown key '{key}'{hint}")
        url = item.get("url")
        if not isinstance(url, str) or not url:
            raise ConfigError(f"{where}: source {i} needs a 'url'")
        kind_name = item.get("kind", "feed")
        try:
            kind = SourceKind(kind_name)
        except ValueError:
            kinds = ", ".join(k.value for k in SourceKind)
            raise ConfigError(f"{where}: source {i}: kind must be one of {kinds}") from None
        interval = item.get("interval_minutes")
        if interval is not None and (
            isinstance(interval, bool) or not isinstance(interval, int | float) or interval <= 0
        ):
            raise ConfigError(f"{where}: source {i}: interval_minutes must be a positive number")
        try:
            leaning = parse_leaning(str(item["leaning"])) if "leaning" in item else None
        except RatingsError as exc:
            raise ConfigError(f"{where}: source {i}: {exc}") from None
        article_kind = None
        if "kind_of_articles" in item:
            try:
                article_kind = ArticleKind(item["kind_of_articles"])
            except ValueError:
                kinds = ", ".join(k.value for k in ArticleKind)
                raise ConfigError(
                    f"{where}: source {i}: kind_of_articles must be one of {kinds}"
                ) from None
        sources.append(
            Source(
                url=url,
                kind=kind,
                name=str(item.get("name", "")),
                interval_minutes=None if interval is None else float(interval),
                leaning=leaning,
                article_kind=article_kind,
            )
        )
    return tuple(sources)


def load_config(
    path: Path | None = None,
    *,
    env: Mapping[str, str] | None = None,
    overrides: Mapping[str, Any] | None = None,
    must_exist: bool = False,
) -> Config:
    """Load settings from ``path`` (default ``./newsdesk.toml``) plus env and overrides.

    A missing file is fine (every setting has a default) unless ``must_exist``; a file
    that is unreadable or invalid raises ConfigError with one clear line.
    """
    path = path or Path.cwd() / CONFIG_NAME
    values: dict[str, Any] = {}
    sources: tuple[Source, ...] = ()
    if path.exists():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(f"cannot read {path}: {exc}") from exc
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{path}: not valid TOML ({exc})") from exc
        if "sources" in data:
            sources = _parse_sources(data.pop("sources"), str(path))
        for key, value in _flatten(data).items():
            try:
                declared = declared_setting(key)
            except ConfigError as exc:
                raise ConfigError(f"{path}: {exc}") from None
            values[key] = _coerce(declared, value, str(path))
    elif must_exist:
        raise ConfigError(f"no config file at {path} (create one with 'newsdesk init')")
    env = os.environ if env is None else env
    for setting in SETTINGS:
        name = "NEWSDESK_" + setting.key.upper().replace(".", "_")
        if name in env:
            raw: Any = env[name]
            if setting.type is list:
                raw = [part.strip() for part in env[name].split(",") if part.strip()]
            values[setting.key] = _coerce(setting, raw, name)
    for key, value in (overrides or {}).items():
        values[key] = _coerce(declared_setting(key), value, "option")
    return Config(root=path.resolve().parent, values=values, sources=sources, path=path)


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    return repr(value)


def default_config_text() -> str:
    """The commented `newsdesk.toml` that `newsdesk init` writes: every setting, commented out."""
    lines = [
        "# newsdesk configuration. Every setting is shown with its default, commented out;",
        "# uncomment a line to change it. Environment variables NEWSDESK_<SECTION>_<NAME>",
        "# override this file, and command-line flags override both.",
        "",
    ]
    section = None
    for setting in SETTINGS:
        head, name = setting.key.split(".", 1)
        if head != section:
            if section is not None:
                lines.append("")
            lines.append(f"[{head}]")
            section = head
        lines.append(f"# {setting.help}")
        lines.append(f"# {name} = {_toml_value(setting.default)}")
    lines += [
        "",
        "# Sources: one [[sources]] table each. kind is one of: "
        + ", ".join(k.value for k in SourceKind)
        + ".",
        "# [[sources]]",
        '# url = "https://example.org/feed.xml"',
        '# kind = "feed"',
        '# name = "Example News"',
        "# interval_minutes = 10   # optional: how often `newsdesk watch` reads it",
        '# leaning = "center"      # optional: the outlet\'s; '
        + ", ".join(x.value for x in Leaning),
        '# kind_of_articles = "opinion"   # optional: every article is this kind (news, '
        "opinion, analysis, fact_check, press_release, interview, live_blog, other)",
        "",
    ]
    return "\n".join(lines)


__all__ = [
    "CONFIG_NAME",
    "SETTINGS",
    "Config",
    "Setting",
    "declared_setting",
    "default",
    "default_config_text",
    "load_config",
]
