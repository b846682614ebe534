"""`marsad alerts …` in-process: output, errors for people, exit codes."""

from __future__ import annotations

import base64
import json
import os

from clirun import run
from conftest import link_in


def test_alerts_cli_subscribe_list_send_remove(capsys, archive_target, mailbox):
    db = archive_target  # a file, then a PostgreSQL URL
    code, out, err = run(capsys, "alerts", "subscribe", "Analyst@Example.org", "--query", "السودان", "--db", db)
    assert code == 0 and "subscription 1 for analyst@example.org" in out and "confirmation mail sent" in out
    assert "/alerts/confirm/" in link_in(mailbox.wait(1)[0], "confirm")
    code, out, _ = run(capsys, "alerts", "subscribe", "analyst@example.org", "--entity", "LOC:SD", "--every", "daily",
                       "--db", db)
    assert code == 0 and "confirmation mail" not in out  # within the hour: no second mail
    code, out, _ = run(capsys, "alerts", "list", "--json", "--db", db)
    rows = [json.loads(line) for line in out.splitlines()]
    assert [(r["query"], r["entity"], r["every"], r["status"]) for r in rows] == [
        ("السودان", None, "instant", "pending"), (None, "LOC:SD", "daily", "pending")]
    assert all("secret" not in r for r in rows)
    code, out, _ = run(capsys, "alerts", "send", "--db", db)
    assert code == 0 and out.startswith("alerts: ")
    code, out, err = run(capsys, "alerts", "remove", "2", "7", "--db", db)
    assert code == 5 and "removed 1 subscription" in out and "1 of the ids given" in err
    code, out, _ = run(capsys, "alerts", "list", "--db", db)
    assert "السودان" in out and "LOC:SD" not in out
    mailbox.quiet(1, wait=0.1)


def test_alerts_cli_bad_input_is_one_line_and_an_exit_code(capsys, tmp_path):
    db = str(tmp_path / "cli.db")
    code, _, err = run(capsys, "alerts", "subscribe", "a@example.org\nBcc: b@example.org", "--query", "x", "--db", db)
    assert code == 2 and err.count("\n") == 1 and "line break" in err
    code, _, err = run(capsys, "alerts", "subscribe", "a@example.org", "--query", "NOT غزة", "--db", db)
    assert code == 3 and err == "marsad: NOT at character 1 has nothing before it to exclude from (write e.g. غزة NOT مصر)\n"
    code, _, err = run(capsys, "alerts", "subscribe", "a@example.org", "--db", db)
    assert code == 2 and "either a query or an entity" in err
    secret = "whsec_" + base64.b64encode(os.urandom(32)).decode()
    code, _, err = run(capsys, "alerts", "webhook", "http://127.0.0.1:9/hook", "--query", "غزة", "--secret", secret,
                       "--db", db)
    assert code == 2 and "non-public address (127.0.0.1)" in err and "MARSAD_FETCH_ALLOW_PRIVATE" in err
    assert "Traceback" not in err


def test_alerts_cli_webhook(capsys, archive_target, monkeypatch, receiver):
    monkeypatch.setenv("MARSAD_FETCH_ALLOW_PRIVATE", "1")
    db = archive_target
    secret = "whsec_" + base64.b64encode(os.urandom(32)).decode()
    code, out, _ = run(capsys, "alerts", "webhook", receiver.url, "--entity", "LOC:SD", "--secret", secret, "--db", db)
    assert code == 0 and out == f"webhook 1: {receiver.url} (LOC:SD) is active\n"
    code, out, _ = run(capsys, "alerts", "list", "--db", db)
    assert "active" in out and "webhook" in out and secret not in out
