"""A config over the former demo sample (tests/fixtures/sample, as before issue 22)."""

from __future__ import annotations

import json
from pathlib import Path

SAMPLE = Path(__file__).resolve().parent / "fixtures" / "sample"


def write_sample_config(folder: Path, store_url: str = "newsdesk.db") -> Path:
    """Write ``folder/newsdesk.toml``: the sample's JSONL dump and pages, into ``store_url``."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "newsdesk.toml"
    path.write_text(
        f"[store]\nurl = {json.dumps(store_url)}\n[extract]\nmin_words = 25\n"
        f'[[sources]]\nurl = {json.dumps(str(SAMPLE / "articles.jsonl"))}\nkind = "jsonl"\n'
        f'[[sources]]\nurl = {json.dumps(str(SAMPLE / "pages"))}\nkind = "folder"\n',
        encoding="utf-8",
    )
    return path
