"""Progress where no terminal shows a bar: plain lines at each tenth, and at least once a minute."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from loyalty.cli import common
from loyalty.cli.common import PlainProgress


def test_a_line_at_each_tenth_of_the_work_and_at_the_end() -> None:
    log = io.StringIO()
    with PlainProgress(Console(file=log, width=200)) as progress:
        task = progress.add_task("Loading", total=1000)
        for _ in range(40):
            progress.advance(task, 25)

    assert log.getvalue().splitlines() == [f"Loading {done}/1000 ({done // 10}%)" for done in range(100, 1001, 100)]


def test_slow_work_prints_a_line_a_minute_between_the_tenths(monkeypatch: pytest.MonkeyPatch) -> None:
    now = [0.0]
    monkeypatch.setattr(common.time, "monotonic", lambda: now[0])
    log = io.StringIO()
    progress = PlainProgress(Console(file=log, width=200))
    task = progress.add_task("Loading", total=1000)

    progress.advance(task, 10)
    now[0] = 30.0
    progress.advance(task, 10)  # 2% after half a minute: no line yet
    now[0] = 61.0
    progress.advance(task, 10)  # 3% after a minute: a line

    assert log.getvalue().splitlines() == ["Loading 30/1000 (3%)"]
