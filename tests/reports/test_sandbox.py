"""Rendering runs in a forked child whose time and memory are bounded."""

from __future__ import annotations

import time

import pytest

from reports import sandbox


def test_the_child_returns_its_bytes() -> None:
    outcome = sandbox.run(lambda: b"%PDF-1.7 fake", timeout=10, memory_mb=200)
    assert outcome.data == b"%PDF-1.7 fake"
    assert outcome.child_max_rss_mb > 0


def test_a_child_that_runs_too_long_is_killed() -> None:
    def slow() -> bytes:
        time.sleep(30)
        return b""

    started = time.perf_counter()
    with pytest.raises(sandbox.RenderError, match="more than"):
        sandbox.run(slow, timeout=0.5, memory_mb=200)
    assert time.perf_counter() - started < 5


def test_a_child_that_eats_memory_stops_at_its_limit() -> None:
    def greedy() -> bytes:
        hog = [bytearray(10 * 1024 * 1024) for _ in range(200)]  # 2 GB
        return bytes(len(hog))

    with pytest.raises(sandbox.RenderError, match="memory"):
        sandbox.run(greedy, timeout=20, memory_mb=100)


def test_an_error_in_the_child_is_reported_not_raised_there() -> None:
    def broken() -> bytes:
        raise ValueError("bad document")

    with pytest.raises(sandbox.RenderError, match="bad document"):
        sandbox.run(broken, timeout=10, memory_mb=200)
