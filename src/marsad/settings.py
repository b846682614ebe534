"""Every setting marsad reads, declared once with its default and its help.

A setting comes from, in order: an explicit argument (CLI option), the
environment variable `MARSAD_<NAME>` (upper case), then the default here. The
README's settings table is checked against this list by a test, so a setting
cannot exist without documentation.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

__all__ = ["SETTINGS", "Setting", "get"]


@dataclass(frozen=True, slots=True)
class Setting:
    """One knob: its name, default, type and what it is for."""

    name: str
    default: Any
    help: str

    @property
    def env(self) -> str:
        return f"MARSAD_{self.name.upper()}"

    def parse(self, raw: str) -> Any:
        kind = type(self.default)
        if kind is bool:
            return raw.strip().lower() in ("1", "true", "yes", "on")
        return kind(raw)


SETTINGS: dict[str, Setting] = {
    s.name: s
    for s in (
        Setting("db", "marsad.db", "Path of the SQLite archive."),
        Setting("max_input_bytes", 50_000_000, "Largest single input (file, or one JSONL line) read, in bytes."),
        Setting("batch_size", 500, "Articles written per archive transaction during ingest."),
        Setting("template_min_articles", 3, "Articles of one source a line must repeat in to count as a template."),
        Setting("progress", True, "Show a progress bar on a terminal during ingest."),
        Setting("workers", 1, "Processes that run the pipeline (ingest/process --workers); 1 runs in-process."),
        Setting("host", "127.0.0.1", "Address `marsad serve` listens on."),
        Setting("port", 8000, "Port `marsad serve` listens on."),
        Setting("api_token", "", "Bearer token that POST /api/articles requires; empty turns ingest over HTTP off."),
        Setting("max_request_bytes", 2_000_000, "Largest request body the web server accepts, in bytes (else 413)."),
        Setting("web_workers", 2, "Processes `marsad serve` answers requests with (one uses about one core)."),
        Setting("access_log", True, "Log one line per request served (method, path, status; never headers)."),
        Setting("pipeline", "full", "Stages to run: full (clean + entities, dates, topics, summary, MT signal) or clean."),
        Setting("executor", "local", "Where the pipeline runs: local (this process, or a process pool) or dask."),
        Setting("scheduler", "", "Dask scheduler address (tcp://host:8786) for --executor dask; empty starts a LocalCluster."),
    )
}


def get(name: str, override: Any = None) -> Any:
    """The value of setting `name`: `override` if given, else the environment, else the default."""
    setting = SETTINGS[name]
    if override is not None:
        return override
    raw = os.environ.get(setting.env)
    return setting.parse(raw) if raw is not None else setting.default
