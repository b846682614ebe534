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
        Setting("db", "marsad.db", "Path of the SQLite archive, or a postgresql:// URL of a PostgreSQL one."),
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
        Setting("max_analysis_chars", 50_000,
                "Longest text the analysis stages (entities to MT signal) read; past it they read this much "
                "of its start and the article is flagged analysed_chars."),
        Setting("max_index_chars", 1_000_000,
                "Longest part of an article's text the search index holds; the whole text is stored and "
                "shown, and an article cut this way is flagged indexed_chars."),
        Setting("analysis_seconds", 5.0,
                "Seconds the analysis stages may spend on one article; past them the remaining ones are "
                "skipped (flagged skipped_stages)."),
        Setting("access_log_query", False,
                "Keep query strings in access log lines (off: searches can be sensitive, so only the path is logged)."),
        Setting("fetch_allow_private", False, "Let fetching and webhooks reach loopback, private, link-local and reserved addresses (SSRF guard off)."),
        Setting("public_url", "http://127.0.0.1:8000", "Address people reach the web app at: links in alert mails and feeds start with it (https in production)."),
        Setting("smtp_host", "", "SMTP server alert mails go through; empty keeps them queued in the archive."),
        Setting("smtp_port", 587, "Port of the SMTP server."),
        Setting("smtp_user", "", "SMTP login name; empty sends without logging in."),
        Setting("smtp_password", "", "SMTP password (never logged)."),
        Setting("smtp_starttls", True, "Upgrade the SMTP connection with STARTTLS before logging in and sending."),
        Setting("smtp_from", "marsad@localhost", "Sender address of alert mails."),
        Setting("smtp_connections", 1, "SMTP connections alert mails go out over side by side: more cut latency on a busy machine, but a sender killed mid-run may then send a few mails again (same Message-ID)."),
        Setting("alert_token_days", 7, "Days a confirmation link stays valid."),
        Setting("alert_signups_per_address", 5, "Sign-ups one e-mail address may make per hour; more are silently ignored."),
        Setting("alert_signups_per_client", 20, "Sign-ups one client (IP address) may make per hour on /alerts; more get 429."),
        Setting("webhook_timeout", 10.0, "Seconds a webhook endpoint has to answer before the delivery counts as failed and is retried."),
        Setting("fetch_delay", 1.0, "Seconds between two requests to the same host (watch, fetch, sources add)."),
        Setting("fetch_connections", 4, "Most HTTP connections the fetcher keeps open at once."),
        Setting("fetch_connect_timeout", 10.0, "Seconds to wait for a connection before giving up on a URL."),
        Setting("fetch_read_timeout", 30.0, "Seconds to wait for the next bytes of a response."),
        Setting("fetch_deadline", 60.0, "Most seconds one response may take in all (stops servers that trickle bytes)."),
        Setting("fetch_max_bytes", 20_000_000, "Largest response body fetched (after decompression), in bytes."),
        Setting("fetch_max_redirects", 5, "Most redirects followed for one URL."),
        Setting("fetch_retries", 2, "Retries of a request after a 5xx answer, a timeout or a dropped connection."),
        Setting("fetch_backoff", 1.0, "Seconds before the first retry; doubled for each further one."),
        Setting("fetch_page_attempts", 3, "Cycles a failed article page is tried in before it is left in quarantine."),
        Setting("watch_every", 30, "Minutes between two polls of a source, unless `sources add --every` says otherwise."),
        Setting("watch_jitter", 0.1, "Share of a source's interval its next poll is moved by at random (spreads load)."),
        Setting("watch_hosts", 4, "Hosts a watch cycle polls side by side (each host still one request at a time, fetch_delay apart)."),
        Setting("watch_max_backoff", 1440, "Most minutes a failing source waits before its next poll."),
        Setting("extractor", "trafilatura", "HTML extraction: trafilatura (the most accurate), fast (our rules on a Lexbor parse), or auto (fast, trafilatura when unsure)."),
    )
}


def get(name: str, override: Any = None) -> Any:
    """The value of setting `name`: `override` if given, else the environment, else the default."""
    setting = SETTINGS[name]
    if override is not None:
        return override
    raw = os.environ.get(setting.env)
    return setting.parse(raw) if raw is not None else setting.default
