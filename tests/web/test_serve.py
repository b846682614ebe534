"""`marsad serve` as a person starts it: a real server on a loopback port."""

import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from click.testing import CliRunner

from marsad.cli import cli


def _start(args: list[str], env: dict[str, str] | None = None) -> tuple[subprocess.Popen, str]:
    port = _port()
    proc = subprocess.Popen([sys.executable, "-m", "marsad", "serve", "--port", str(port), *args],
                            env={**os.environ, **(env or {})}, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(base + "/api/stats", timeout=2).read()
            return proc, base
        except OSError:
            if proc.poll() is not None:
                break
            time.sleep(0.2)
    proc.kill()
    pytest.fail(f"marsad serve did not start: {proc.stdout.read().decode()[-2000:]}")


def _port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _stop(proc: subprocess.Popen) -> str:
    proc.terminate()
    out, _ = proc.communicate(timeout=15)
    return out.decode()


def test_serve_help_names_its_options():
    result = CliRunner().invoke(cli, ["serve", "--help"])
    assert result.exit_code == 0
    for option in ("--db", "--host", "--port"):
        assert option in result.output


def test_serve_answers_over_http_with_headers(live_server):
    with urllib.request.urlopen(live_server + "/api/stats", timeout=10) as response:
        assert response.headers["Content-Security-Policy"].startswith("default-src 'none'")
        assert json.loads(response.read())["totals"]["articles"] >= 15
    with pytest.raises(urllib.error.HTTPError) as missing:
        urllib.request.urlopen(live_server + "/api/articles/nope", timeout=10)
    assert missing.value.code == 404


def test_serve_creates_a_missing_archive_and_logs_no_token(tmp_path):
    db = tmp_path / "new.db"
    secret = "serve-secret-token-0123456789"
    proc, base = _start(["--db", str(db)], {"MARSAD_API_TOKEN": secret})
    try:
        assert db.exists()
        request = urllib.request.Request(base + "/api/articles", method="POST", data=b'{"text": "x"}',
                                         headers={"Authorization": "Bearer wrong", "Content-Type": "application/json"})
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=10)
        assert refused.value.code == 401
    finally:
        output = _stop(proc)
    assert "serving" in output and secret not in output and "Bearer" not in output


def test_serve_runs_several_workers(web_db):
    proc, base = _start(["--db", str(web_db)], {"MARSAD_WEB_WORKERS": "2", "MARSAD_ACCESS_LOG": "0"})
    try:
        for _ in range(4):
            with urllib.request.urlopen(base + "/search?q=%D8%A7%D9%84%D8%B3%D9%88%D8%AF%D8%A7%D9%86", timeout=10) as r:
                assert r.status == 200 and 'dir="rtl"' in r.read().decode()
    finally:
        _stop(proc)


def test_head_is_answered_like_get_without_a_body(live_server):
    with urllib.request.urlopen(live_server + "/", timeout=10) as got:
        length = len(got.read())
    with urllib.request.urlopen(urllib.request.Request(live_server + "/", method="HEAD"), timeout=10) as head:
        assert head.status == 200
        assert int(head.headers["Content-Length"]) == length
        assert head.headers["Content-Security-Policy"]
        assert head.read() == b""
    with pytest.raises(urllib.error.HTTPError) as missing:
        urllib.request.urlopen(urllib.request.Request(live_server + "/api/articles/nope", method="HEAD"), timeout=10)
    assert missing.value.code == 404
