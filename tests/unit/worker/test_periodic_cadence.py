"""Each periodic task fires at the cadence its docstring and the docs promise.

croniter (procrastinate's cron parser) reads a sixth field as the SECONDS, after the five usual
ones: "* * * * * */10" is every ten seconds, while "*/10 * * * * *" is every second of every
tenth minute (the sweeps then ran for one minute in ten, and a campaign launched at :01 waited
until :10 for its chunks).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from loyalty.worker import runtime

# Seconds between two runs. A new periodic task states its cadence here.
CADENCE = {
    "core:sweep_failures": 5,
    "messaging:sweep": 10,
    "campaigns:sweep": 10,
    "webhooks:sweep": 30,
    "core:program_jobs": 60,
    "journeys:advance": 10,
    "scans:frequent_occasions": 5 * 60,
    "scans:daily_occasions": 15 * 60,
    "scoring:nightly": 24 * 60 * 60,
    "recommendations:nightly": 24 * 60 * 60,
    "segments:recompute": 60 * 60,
    "analytics:sync": 60,
    "contests:draw_due": 60,
    "gamification:backfill_badges": 10,
}


def ticks(cron_iterator: object, start: datetime, span: timedelta) -> list[datetime]:
    moments: list[datetime] = []
    cron_iterator.set_current(start_time=start)  # type: ignore[attr-defined]
    while True:
        moment = cron_iterator.get_next(datetime)  # type: ignore[attr-defined]
        if moment > start + span:
            return moments
        moments.append(moment)


def test_every_periodic_task_runs_at_its_stated_cadence() -> None:
    periodic = {each.task.name: each for each in runtime.job_app().periodic_registry.periodic_tasks.values()}
    assert set(periodic) == set(CADENCE)

    start = datetime(2026, 3, 29, 0, 3, 17, tzinfo=UTC)  # off any boundary, across a DST change in Europe
    for name, every in CADENCE.items():
        # Two hours show a sub-hourly cadence; a daily one needs a few days.
        moments = ticks(periodic[name].croniter, start, max(timedelta(hours=2), timedelta(seconds=3 * every)))
        gaps = {(later - earlier).total_seconds() for earlier, later in zip(moments, moments[1:], strict=False)}
        assert gaps == {every}, f"{name} ({periodic[name].cron!r}) runs at gaps {sorted(gaps)[:5]}, not every {every} s"
        assert (moments[0] - start).total_seconds() <= every, f"{name} waits too long for its first run"
