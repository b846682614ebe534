"""The web server's settings, read through `marsad.settings` once it declares them.

Until then (issue 5 asks for them to be declared in settings.py) the defaults
below stand in, read from the same `MARSAD_<NAME>` environment variables, so
nothing changes for a user when the declarations land.
"""

from __future__ import annotations

import os
from typing import Any

from marsad import settings

__all__ = ["WEB_DEFAULTS", "setting"]

# Stand-in declarations: name -> (default, help). Remove each once settings.py has it.
WEB_DEFAULTS: dict[str, tuple[Any, str]] = {
    "host": ("127.0.0.1", "Address `marsad serve` listens on."),
    "port": (8000, "Port `marsad serve` listens on."),
    "api_token": ("", "Bearer token that POST /api/articles requires; empty turns ingest over HTTP off."),
    "max_request_bytes": (2_000_000, "Largest request body the web server accepts, in bytes (else 413)."),
    "web_workers": (2, "Processes `marsad serve` answers requests with (one process uses about one core)."),
    "access_log": (True, "Log one line per request served (method, path, status; never headers)."),
}


def setting(name: str, override: Any = None) -> Any:
    """A web setting: `override`, else the environment, else its default."""
    if name in settings.SETTINGS:
        return settings.get(name, override)
    if override is not None:
        return override
    declared = settings.Setting(name, *WEB_DEFAULTS[name])
    raw = os.environ.get(declared.env)
    return declared.parse(raw) if raw is not None else declared.default
