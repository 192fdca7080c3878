from pathlib import Path

import pytest

from newsdesk.config import SETTINGS, default_config_text, load_config
from newsdesk.errors import ConfigError
from newsdesk.models import SourceKind


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "newsdesk.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_without_a_file(tmp_path: Path) -> None:
    config = load_config(tmp_path / "newsdesk.toml", env={})
    assert config.get("site.dir") == "site"
    assert config.store_url == str(tmp_path / "newsdesk.db")
    assert config.sources == ()


def test_file_values_and_sources(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
[store]
url = "data/news.db"
[cluster]
quiet_hours = 12
[[sources]]
url = "https://example.org/feed.xml"
name = "Example"
[[sources]]
url = "dump.jsonl"
kind = "jsonl"
""",
    )
    config = load_config(path, env={})
    assert config.store_url == str(tmp_path / "data" / "news.db")
    assert config.get("cluster.quiet_hours") == 12.0
    assert [s.kind for s in config.sources] == [SourceKind.FEED, SourceKind.JSONL]
    assert config.sources[0].name == "Example"


def test_unknown_key_names_the_closest_valid_key(tmp_path: Path) -> None:
    path = write(tmp_path, "[site]\ntitel = 'x'\n")
    with pytest.raises(
        ConfigError, match=r"unknown setting 'site.titel'; did you mean 'site.title'\?"
    ):
        load_config(path, env={})


def test_unknown_source_key_and_kind(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="did you mean 'url'"):
        load_config(write(tmp_path, "[[sources]]\nurls = 'x'\n"), env={})
    with pytest.raises(ConfigError, match="kind must be one of"):
        load_config(write(tmp_path, "[[sources]]\nurl = 'x'\nkind = 'rss'\n"), env={})


def test_wrong_type_and_bad_toml(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"'site\.stories_on_home' must be int"):
        load_config(write(tmp_path, "[site]\nstories_on_home = 'many'\n"), env={})
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config(write(tmp_path, "[site\n"), env={})


def test_layers_env_then_overrides(tmp_path: Path) -> None:
    path = write(tmp_path, "[site]\ntitle = 'file'\n")
    env = {"NEWSDESK_SITE_TITLE": "env", "NEWSDESK_FETCH_ALLOW_PRIVATE_ADDRESSES": "yes"}
    assert load_config(path, env=env).get("site.title") == "env"
    assert load_config(path, env=env).get("fetch.allow_private_addresses") is True
    assert load_config(path, env=env, overrides={"site.title": "flag"}).get("site.title") == "flag"


def test_missing_named_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no config file"):
        load_config(tmp_path / "nope.toml", must_exist=True)


def test_init_template_parses_and_documents_every_setting(tmp_path: Path) -> None:
    text = default_config_text()
    for setting in SETTINGS:
        assert f"# {setting.key.split('.', 1)[1]} = " in text
        assert setting.help in text
    # Uncommenting every setting line gives a valid file that loads with the defaults.
    settings_part = text.split("# Sources:")[0]
    uncommented = "\n".join(
        line[2:] if line.startswith("# ") and " = " in line else line
        for line in settings_part.splitlines()
    )
    config = load_config(write(tmp_path, uncommented), env={})
    for setting in SETTINGS:
        assert config.get(setting.key) == setting.default
