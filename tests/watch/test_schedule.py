"""When a source is polled next: its interval, doubled per failure in a row, capped, with jitter."""

import random
from datetime import UTC, datetime

from marsad.watch.cycle import next_due

NOW = datetime(2026, 3, 1, tzinfo=UTC)


def minutes(failures, every=30, seed=0):
    return (next_due(NOW, every, failures, random.Random(seed)) - NOW).total_seconds() / 60


def test_interval_with_jitter_within_ten_percent():
    spread = [minutes(0, seed=s) for s in range(200)]
    assert 27 <= min(spread) < 29 and 31 < max(spread) <= 33


def test_failures_double_the_wait_up_to_the_cap(monkeypatch):
    monkeypatch.setenv("MARSAD_WATCH_JITTER", "0")
    assert [minutes(f) for f in range(4)] == [30, 60, 120, 240]
    assert minutes(30) == 1440
    monkeypatch.setenv("MARSAD_WATCH_MAX_BACKOFF", "90")
    assert minutes(5) == 90 and minutes(5, every=120) == 120  # never shorter than the interval itself
