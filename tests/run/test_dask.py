"""The Dask executor: the same archive as the local executor, whatever dies on the way."""

from __future__ import annotations

import gzip
import json
import os
import signal
import sqlite3
from pathlib import Path

import pytest

distributed = pytest.importorskip("distributed", reason="Dask is not installed (pip install 'marsad[dask]')")

import dask  # noqa: E402

from marsad.cli import main  # noqa: E402
from marsad.errors import ExecutorError  # noqa: E402
from marsad.run import local  # noqa: E402
from marsad.run.local import process_inputs  # noqa: E402
from marsad.service import Archive  # noqa: E402
from marsad.sources import read_inputs  # noqa: E402


@pytest.fixture(scope="module")
def cluster():
    """Two one-thread worker processes, shared by the tests of this module (each costs seconds)."""
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address="127.0.0.1:0",
                                  silence_logs=50) as running:
        yield running


@pytest.fixture
def news_file(shared: Path, tmp_path: Path) -> Path:
    """48 real articles from SaudiNewsNet as one JSONL input file."""
    source = next(iter(sorted((shared / "data" / "news" / "saudinewsnet").glob("*.jsonl.gz"))), None)
    if source is None:
        pytest.skip("no SaudiNewsNet file under ../shared/data/news/saudinewsnet")
    out = tmp_path / "news.jsonl"
    with gzip.open(source, "rt", encoding="utf-8") as rows, out.open("w", encoding="utf-8") as handle:
        for _, line in zip(range(48), rows):
            row = json.loads(line)
            handle.write(json.dumps({k: row.get(k) for k in ("text", "title", "url", "source")}, ensure_ascii=False))
            handle.write("\n")
    return out


def _dump(db: Path) -> dict:
    """What an archive holds, without the times it was written at."""
    with sqlite3.connect(db) as conn:
        return {
            "articles": conn.execute("SELECT id, url, title, text, data FROM articles ORDER BY pk").fetchall(),
            "inputs": conn.execute("SELECT origin, fingerprint, article_id, status FROM inputs ORDER BY origin").fetchall(),
            "quarantine": conn.execute("SELECT origin, stage, reason FROM quarantine ORDER BY origin").fetchall(),
        }


def _ingest(paths: list[str], db: Path, **options) -> None:
    with Archive(db) as archive:
        archive.ingest(paths, **options)


def test_dask_archive_is_the_local_archive(samples, tmp_path, cluster):
    _ingest([str(samples)], tmp_path / "local.db")
    _ingest([str(samples)], tmp_path / "dask.db", executor="dask", scheduler=cluster.scheduler_address)
    assert _dump(tmp_path / "dask.db") == _dump(tmp_path / "local.db")
    assert _dump(tmp_path / "local.db")["articles"]


def test_worker_killed_mid_run_loses_no_input(news_file, cluster):
    def run(**options) -> list[tuple[str, str]]:
        return [(item.origin, article.to_json())
                for item, article in process_inputs(read_inputs([str(news_file)]), chunk=8, pipeline="clean",
                                                    **options)]

    expected = run()
    killed = []
    got = []
    with distributed.Client(cluster.scheduler_address, set_as_default=False) as client:
        for item, article in process_inputs(read_inputs([str(news_file)]), chunk=8, pipeline="clean",
                                            executor="dask", scheduler=cluster.scheduler_address):
            if not killed:
                pid = next(iter(client.run(os.getpid).values()))
                os.kill(pid, signal.SIGKILL)
                killed.append(pid)
            got.append((item.origin, article.to_json()))
        client.wait_for_workers(2, timeout=60)
    assert killed and got == expected and len(expected) == 48


def test_scheduler_gone_mid_run_is_a_clear_error_and_a_rerun_finishes(news_file, tmp_path, monkeypatch):
    monkeypatch.setattr(local, "CHUNK", 8)
    _ingest([str(news_file)], tmp_path / "whole.db", pipeline="clean")
    db = tmp_path / "broken.db"
    with dask.config.set({"distributed.comm.timeouts.connect": "2s"}):
        doomed = distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address="127.0.0.1:0",
                                          silence_logs=50)
        with pytest.raises(ExecutorError, match="rerun the same command"):
            _ingest([str(news_file)], db, pipeline="clean", executor="dask", scheduler=doomed.scheduler_address,
                    batch_size=8, on_article=lambda *_: doomed.close())
    stored = len(_dump(db)["articles"])
    assert 0 < stored < 48
    _ingest([str(news_file)], db, pipeline="clean")
    # Every input once, the same texts under the same ids. (The rerun learns site templates
    # from the inputs still to do, so a line may be cut as template instead of as byline.)
    rerun, whole = _dump(db), _dump(tmp_path / "whole.db")
    assert rerun["inputs"] == whole["inputs"] and len(whole["inputs"]) == 48
    assert [row[:4] for row in rerun["articles"]] == [row[:4] for row in whole["articles"]]
    assert rerun["quarantine"] == whole["quarantine"] == []


def _exit_code(*args: str) -> int:
    try:
        main(list(args))
    except SystemExit as done:
        return done.code or 0
    return 0


def test_cli_ingest_on_a_local_cluster_and_an_unreachable_scheduler(capsys, samples, tmp_path):
    common = ["--pipeline", "clean", "--no-progress"]
    assert _exit_code("ingest", str(samples), "--db", str(tmp_path / "local.db"), *common) == 0
    assert _exit_code("ingest", str(samples), "--db", str(tmp_path / "dask.db"), *common,
                      "--executor", "dask", "--workers", "1") == 0
    assert _dump(tmp_path / "dask.db") == _dump(tmp_path / "local.db")
    capsys.readouterr()
    assert _exit_code("ingest", str(samples), "--db", str(tmp_path / "x.db"), *common,
                      "--executor", "dask", "--scheduler", "tcp://127.0.0.1:9") == ExecutorError.exit_code
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in capsys.readouterr().err
